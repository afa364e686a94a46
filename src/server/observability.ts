import type { Logger as PinoLogger } from 'pino';
import type { ArmCall } from '../adapters/azure/arm-call-policy';
import type { RequestStore } from '../core/ports';
import type { TransitionListener } from '../core/request-service';
import type { BotMetrics } from './metrics';

/** Each ARM call: a debug line with method, path, status and duration, and a metric. */
export function reportArmCall(metrics: BotMetrics, log: PinoLogger) {
  return (call: ArmCall): void => {
    metrics.armCalls.inc({ operation: call.operation, status: String(call.status) });
    log.debug({ method: call.method, path: call.path, status: call.status, durationMs: call.durationMs }, 'ARM call');
  };
}

/** Provisioning time, from the audit trail's start of provisioning to success or failure. */
export function observeProvisioning(metrics: BotMetrics, store: RequestStore): TransitionListener {
  return (_before, after, event) => {
    if (event !== 'succeed' && event !== 'fail') return;
    void store.listAudit(after.id).then((events) => {
      const started = events.find((e) => e.action === 'start_provisioning' && e.accepted);
      if (!started) return;
      const seconds = (Date.parse(after.updatedAt) - Date.parse(started.at)) / 1000;
      metrics.provisioningSeconds.observe({ outcome: event === 'succeed' ? 'succeeded' : 'failed' }, seconds);
    });
  };
}

/** Ready when the store answers and Azure Resource Manager (or the emulator) does. */
export async function readiness(store: RequestStore, probeArm: () => Promise<unknown>) {
  const checks: Record<string, string> = {};
  checks.store = await check(() => store.pendingJobCount());
  checks.arm = await check(probeArm);
  return { ok: Object.values(checks).every((value) => value === 'ok'), checks };
}

async function check(probe: () => Promise<unknown>): Promise<string> {
  try {
    await Promise.race([probe(), new Promise((_, reject) => setTimeout(() => reject(new Error('timed out after 5 s')), 5000).unref())]);
    return 'ok';
  } catch (error) {
    return error instanceof Error ? error.message : 'unreachable';
  }
}
