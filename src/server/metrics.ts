import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { RequestStore } from '../core/ports';
import { REQUEST_STATES } from '../core/request';

/** What operators watch: request states, provisioning time, ARM calls, and the notice outbox. */
export class BotMetrics {
  readonly registry = new Registry();
  readonly armCalls: Counter<'operation' | 'status'>;
  readonly provisioningSeconds: Histogram<'outcome'>;
  readonly deliveryFailures: Counter<'target' | 'kind'>;

  constructor(store: RequestStore) {
    collectDefaultMetrics({ register: this.registry, prefix: 'apim_bot_' });

    new Gauge({
      name: 'apim_bot_requests',
      help: 'Workspace requests by state',
      labelNames: ['state'],
      registers: [this.registry],
      async collect() {
        const requests = await store.listRequests({});
        for (const state of REQUEST_STATES) this.set({ state }, requests.filter((r) => r.state === state).length);
      },
    });

    new Gauge({
      name: 'apim_bot_outbox_depth',
      help: 'Notices waiting to be delivered',
      registers: [this.registry],
      async collect() {
        this.set(await store.pendingJobCount('deliver'));
      },
    });

    this.armCalls = new Counter({
      name: 'apim_bot_arm_calls_total',
      help: 'Calls to Azure Resource Manager by operation and HTTP status',
      labelNames: ['operation', 'status'],
      registers: [this.registry],
    });

    this.provisioningSeconds = new Histogram({
      name: 'apim_bot_provisioning_duration_seconds',
      help: 'Time from approval to the end of provisioning',
      labelNames: ['outcome'],
      // Gateways take from seconds (emulator) to several hours (Azure).
      buckets: [10, 60, 300, 900, 1800, 3600, 7200, 10800, 14400, 21600, 43200],
      registers: [this.registry],
    });

    this.deliveryFailures = new Counter({
      name: 'apim_bot_delivery_failures_total',
      help: 'Notices that could not be delivered on a try, by target and kind of failure',
      labelNames: ['target', 'kind'],
      registers: [this.registry],
    });
  }
}
