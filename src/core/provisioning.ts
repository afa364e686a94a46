import { AzureError, TRACK_BY_READING, type AzureProvisioner, type OperationState } from './azure';
import { backoffMs, type JobOutcome } from './job-runner';
import type { Logger } from './logger';
import { connectionNameFor } from './naming';
import type { Clock, Job, RequestStore, StepProgress } from './ports';
import type { RequestService } from './request-service';
import type { Person, WorkspaceRequest } from './request';

/** The steps of provisioning, in order. Each is idempotent and saved when done. */
export const PLAN = ['workspace', 'gateway', 'association'] as const;
export type StepName = (typeof PLAN)[number];

export const STEP_LABELS: Record<StepName, string> = {
  workspace: 'Workspace',
  gateway: 'Gateway',
  association: 'Workspace linked to the gateway',
};

/** The bot itself, as it appears in the audit trail when it acts. */
export const BOT_ACTOR: Person = { id: 'apim-workspace-bot', name: 'APIM workspace bot' };

export interface ProvisioningOptions {
  store: RequestStore;
  azure: AzureProvisioner;
  requests: RequestService;
  clock: Clock;
  log: Logger;
  /** Wait between polls of a long-running operation when Azure does not say. */
  pollIntervalMs: number;
}

type StepResult = { finished: true; detail?: string } | { finished: false; token: string; retryAfterSeconds?: number };

/**
 * Runs one provisioning job: carries the request through the plan as far as it can go now,
 * saving progress after every step, and says when to come back.
 */
export class ProvisioningEngine {
  constructor(private readonly options: ProvisioningOptions) {}

  async run(job: Job): Promise<JobOutcome> {
    const { store, requests } = this.options;
    let request = await store.getRequest(job.requestId);
    if (!request) return { done: true };
    if (request.state === 'approved') {
      request = await requests.transition(request, 'start_provisioning', { actor: BOT_ACTOR });
    }
    if (request.state !== 'provisioning' && request.state !== 'still_provisioning') return { done: true };

    const steps = await store.getSteps(request.id);
    for (const name of PLAN) {
      const saved = steps.find((s) => s.step === name);
      if (saved?.status === 'done') continue;

      // A failed step starts afresh on retry: its operation ended, so there is nothing to resume.
      const progress = saved && saved.status !== 'failed' ? saved : newStep(request.id, name);

      const outcome = await this.advance(request, progress);
      if (outcome) return outcome;
    }
    await this.complete(request);
    return { done: true };
  }

  /** Moves one step forward; returns when to come back, or undefined once the step is done. */
  private async advance(request: WorkspaceRequest, progress: StepProgress): Promise<JobOutcome | undefined> {
    const log = this.options.log.child({ requestId: request.id, step: progress.step });
    const now = this.options.clock.now();
    try {
      const result = await this.execute(request, progress);
      if (result.finished) {
        await this.save({ ...progress, status: 'done', finishedAt: now.toISOString(), detail: result.detail ?? progress.detail });
        log.info({}, 'provisioning step done');
        return undefined;
      }
      await this.save({ ...progress, status: 'running', resumeToken: result.token, startedAt: progress.startedAt ?? now.toISOString() });
      const waitMs = Math.max(this.options.pollIntervalMs, (result.retryAfterSeconds ?? 0) * 1000);
      return { done: false, runAt: new Date(now.getTime() + waitMs) };
    } catch (error) {
      if (error instanceof AzureError && error.retryable) {
        const waitMs = Math.max(backoffMs(progress.attempts), (error.retryAfterSeconds ?? 0) * 1000);
        log.warn({ code: error.code, status: error.status, waitMs }, 'Azure asked us to wait; retrying the step');
        await this.save({ ...progress, attempts: progress.attempts + 1 });
        return { done: false, runAt: new Date(now.getTime() + waitMs) };
      }
      await this.failStep(request, progress, error);
      return { done: true };
    }
  }

  private async execute(request: WorkspaceRequest, progress: StepProgress): Promise<StepResult> {
    const { spec } = request;
    const azure = this.options.azure;
    const step = progress.step as StepName;

    if (step === 'workspace') {
      const { resourceId } = await azure.ensureWorkspace(spec.workspace);
      return { finished: true, detail: resourceId };
    }

    if (step === 'gateway') {
      const gateway = spec.gateway;
      if (gateway.kind === 'existing') {
        await azure.checkExistingGateway(gateway.name, spec.workspace.name);
        return { finished: true };
      }
      return this.longRunning(progress, {
        exists: () => azure.gatewayExists(gateway.name),
        begin: () => azure.beginGateway(gateway),
        resume: (token) => azure.resumeGateway(gateway.name, token),
      });
    }

    const connection = connectionNameFor(spec.workspace.name);
    const gatewayName = spec.gateway.name;
    const result = await this.longRunning(progress, {
      exists: () => azure.associationExists(gatewayName, connection),
      begin: () => azure.beginAssociation(gatewayName, connection, spec.workspace.name),
      resume: (token) => azure.resumeAssociation(gatewayName, connection, token),
    });
    if (!result.finished) return result;
    return { finished: true, detail: await azure.runtimeHostname(gatewayName, connection) };
  }

  /**
   * A long-running create that never sends its PUT twice: the step is marked `starting` before
   * the PUT, and a step found `starting` after a crash reads the resource before deciding.
   */
  private async longRunning(
    progress: StepProgress,
    operation: {
      exists(): Promise<boolean>;
      begin(): Promise<OperationState>;
      resume(token: string): Promise<OperationState>;
    },
  ): Promise<StepResult> {
    let state: OperationState;
    if (progress.resumeToken) {
      state = await operation.resume(progress.resumeToken);
    } else if (progress.status === 'starting' && (await operation.exists())) {
      state = await operation.resume(TRACK_BY_READING);
    } else {
      await this.save({ ...progress, status: 'starting', startedAt: this.options.clock.now().toISOString() });
      state = await operation.begin();
    }
    if (state.done) return { finished: true };
    return { finished: false, token: state.token, retryAfterSeconds: state.retryAfterSeconds };
  }

  private async complete(request: WorkspaceRequest): Promise<void> {
    const steps = await this.options.store.getSteps(request.id);
    const detail = (step: StepName) => steps.find((s) => s.step === step)?.detail ?? '';
    const outcome = {
      workspaceResourceId: detail('workspace'),
      gatewayName: request.spec.gateway.name,
      runtimeHostname: detail('association'),
      portalUrl: this.options.azure.portalUrl(request.spec.workspace.name),
    };
    await this.options.requests.transition(request, 'succeed', { actor: BOT_ACTOR }, { outcome });
  }

  private async failStep(request: WorkspaceRequest, progress: StepProgress, error: unknown): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    const now = this.options.clock.now().toISOString();
    this.options.log.error({ requestId: request.id, step: progress.step, err: error }, 'provisioning step failed');
    await this.save({ ...progress, status: 'failed', finishedAt: now, detail: message });
    const failure = { step: progress.step, message };
    await this.options.requests.transition(request, 'fail', { actor: BOT_ACTOR }, { failure });
  }

  private save(progress: StepProgress): Promise<void> {
    return this.options.store.saveStep(progress);
  }
}

function newStep(requestId: string, step: StepName): StepProgress {
  return { requestId, step, status: 'pending', attempts: 0 };
}
