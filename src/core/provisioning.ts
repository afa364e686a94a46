import { AzureError, TRACK_BY_READING, type AzureProvisioner, type OperationState } from './azure';
import { DomainError } from './errors';
import { backoffMs, type JobOutcome } from './job-runner';
import type { Logger } from './logger';
import { connectionNameFor } from './naming';
import { progressRefreshJob } from './notices';
import type { Clock, Job, RequestStore, StepProgress } from './ports';
import type { RequestService } from './request-service';
import type { Person, WorkspaceRequest } from './request';
import { roleGrantsFor } from './role-grants';

/** The steps of provisioning, in order. Each is idempotent and saved when done. */
export const PLAN = ['workspace', 'gateway', 'association', 'roles', 'diagnostics'] as const;
export type StepName = (typeof PLAN)[number];

export const STEP_LABELS: Record<StepName, string> = {
  workspace: 'Workspace',
  gateway: 'Gateway',
  association: 'Workspace linked to the gateway',
  roles: 'Role assignments',
  diagnostics: 'Gateway logs to Log Analytics',
};

/** The bot itself, as it appears in the audit trail when it acts. */
export const BOT_ACTOR: Person = { id: 'apim-workspace-bot', name: 'APIM workspace bot' };

const MINUTE = 60_000;

export interface ProvisioningOptions {
  store: RequestStore;
  azure: AzureProvisioner;
  requests: RequestService;
  clock: Clock;
  log: Logger;
  /** First wait between polls of a long-running operation when Azure does not ask for longer. */
  pollIntervalMs: number;
  /** After this long in `provisioning` the request becomes `still_provisioning`. */
  budgetMs: number;
  /** While an operation runs, cards are refreshed at most once per this interval. */
  progressUpdateMs: number;
  /** Log Analytics workspace for gateway logs when neither the request nor the service names one. */
  defaultLogAnalyticsWorkspaceId?: string;
  /** The longest wait between polls within the budget. */
  maxPollMs?: number;
  /** The wait between polls once the budget is spent. */
  slowPollMs?: number;
  /**
   * Polls of all running operations together stay under this rate: with many provisionings in
   * flight each one waits longer, so one instance never floods ARM. Needs `operationsInFlight`.
   */
  pollsPerSecond?: number;
  /** How many provisionings are in flight on this store (may be cached for a few seconds). */
  operationsInFlight?: () => Promise<number>;
  /** How long a principal Entra does not know yet is waited for (directory replication). */
  principalReplicationMs?: number;
}

type StepResult =
  | { finished: true; detail?: string }
  | { finished: false; token: string; retryAfterSeconds?: number };

/** Why a step waits: for a running operation to move on, or to try again after an error. */
interface Wait {
  ms: number;
}

/**
 * Runs one provisioning job: carries the request through the plan as far as it can go now,
 * saving progress after every step, and says when to come back. Waiting is always a job due
 * later in the store, never a timer in memory.
 */
export class ProvisioningEngine {
  private readonly maxPollMs: number;
  private readonly slowPollMs: number;
  private readonly replicationMs: number;

  constructor(private readonly options: ProvisioningOptions) {
    // Ten minutes at most: a three-hour gateway costs about 25 polls, and its notice is late by
    // at most that much.
    this.maxPollMs = options.maxPollMs ?? 10 * MINUTE;
    this.slowPollMs = options.slowPollMs ?? 15 * MINUTE;
    this.replicationMs = options.principalReplicationMs ?? 10 * MINUTE;
  }

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

      const wait = await this.advance(request, progress);
      if (wait === 'failed') return { done: true };
      if (wait) return this.comeBack(request, wait);
    }
    await this.complete(request);
    return { done: true };
  }

  /**
   * Moves one step forward: undefined once it is done, 'failed' when it failed, otherwise how
   * long to wait before the next look.
   */
  private async advance(
    request: WorkspaceRequest,
    progress: StepProgress,
  ): Promise<Wait | 'failed' | undefined> {
    const log = this.options.log.child({ requestId: request.id, step: progress.step });
    const now = this.now();
    if (progress.status === 'pending') await this.refreshCards(request, progress.step);
    const current = { ...progress };

    try {
      const result = await this.execute(request, current);
      if (result.finished) {
        const detail = result.detail ?? current.detail;
        await this.save(current, { status: 'done', finishedAt: now.toISOString(), detail, attempts: 0 });
        log.info({}, 'provisioning step done');
        return undefined;
      }
      const startedAt = current.startedAt ?? now.toISOString();
      await this.save(current, { status: 'running', resumeToken: result.token, startedAt, attempts: 0 });
      await this.refreshProgress(request, current);
      return { ms: Math.max(this.pollDelay(request, current, result.retryAfterSeconds), await this.fleetSpacing()) };
    } catch (error) {
      const waitMs = this.retryDelay(current, error);
      if (waitMs === undefined) {
        await this.failStep(request, current, error);
        return 'failed';
      }
      const err = error instanceof Error ? error.message : String(error);
      log.warn({ err, waitMs }, 'provisioning step will be tried again');
      await this.save(current, { attempts: current.attempts + 1 });
      return { ms: waitMs };
    }
  }

  private async execute(request: WorkspaceRequest, progress: StepProgress): Promise<StepResult> {
    switch (progress.step as StepName) {
      case 'workspace':
        return this.workspace(request, progress);
      case 'gateway':
        return this.gateway(request, progress);
      case 'association':
        return this.association(request, progress);
      case 'roles':
        return this.roles(request, progress);
      case 'diagnostics':
        return this.diagnostics(request, progress);
    }
  }

  private async workspace(request: WorkspaceRequest, progress: StepProgress): Promise<StepResult> {
    const { azure } = this.options;
    const workspace = request.spec.workspace;
    // Found `starting`: a crash may have lost the PUT's answer, so look before sending it again.
    const found = progress.status === 'starting' ? await azure.findWorkspace(workspace.name) : undefined;
    if (found) return { finished: true, detail: found.resourceId };

    await this.markStarting(progress);
    const { resourceId } = await azure.ensureWorkspace(workspace);
    return { finished: true, detail: resourceId };
  }

  private async gateway(request: WorkspaceRequest, progress: StepProgress): Promise<StepResult> {
    const { azure } = this.options;
    const { gateway, workspace } = request.spec;
    if (gateway.kind === 'existing') {
      await azure.checkExistingGateway(gateway.name, workspace.name);
      return { finished: true };
    }
    return this.longRunning(progress, {
      exists: () => azure.gatewayExists(gateway.name),
      begin: () => azure.beginGateway(gateway),
      resume: (token) => azure.resumeGateway(gateway.name, token),
    });
  }

  private async association(request: WorkspaceRequest, progress: StepProgress): Promise<StepResult> {
    const { azure } = this.options;
    const { gateway, workspace } = request.spec;
    const connection = connectionNameFor(workspace.name);
    return this.longRunning(progress, {
      exists: () => azure.associationExists(gateway.name, connection),
      begin: () => azure.beginAssociation(gateway.name, connection, workspace.name),
      resume: (token) => azure.resumeAssociation(gateway.name, connection, token),
    });
  }

  /** Every grant under its deterministic name; after a crash each is read before it is sent again. */
  private async roles(request: WorkspaceRequest, progress: StepProgress): Promise<StepResult> {
    const { azure } = this.options;
    const grants = roleGrantsFor(request.spec);
    const checkFirst = progress.status === 'starting';
    await this.markStarting(progress);
    for (const grant of grants) {
      if (checkFirst && (await azure.roleAssignmentExists(grant))) continue;
      await azure.assignRole(grant);
    }
    return { finished: true, detail: `${grants.length} role assignments` };
  }

  private async diagnostics(request: WorkspaceRequest, progress: StepProgress): Promise<StepResult> {
    const { azure, defaultLogAnalyticsWorkspaceId } = this.options;
    const checkFirst = progress.status === 'starting';
    await this.markStarting(progress);
    const requested = request.spec.diagnostics.logAnalyticsWorkspaceId || undefined;
    const fallback = defaultLogAnalyticsWorkspaceId || undefined;
    const destination = await azure.ensureServiceGatewayLogs(requested, fallback);
    await azure.ensureWorkspaceGatewayLogs(request.spec.workspace.name, destination, checkFirst);
    return { finished: true, detail: destination };
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
      await this.markStarting(progress);
      state = await operation.begin();
    }
    if (state.done) return { finished: true, detail: state.detail };
    return { finished: false, token: state.token, retryAfterSeconds: state.retryAfterSeconds };
  }

  /**
   * How long until the next poll: never sooner than Azure's Retry-After; otherwise half the time
   * the operation has run so far, from the poll interval up to a few minutes, and a slow pace
   * once the budget is spent.
   */
  private pollDelay(request: WorkspaceRequest, progress: StepProgress, retryAfterSeconds?: number): number {
    const { pollIntervalMs } = this.options;
    const elapsed = this.now().getTime() - new Date(progress.startedAt ?? this.now()).getTime();
    const own =
      request.state === 'still_provisioning'
        ? this.slowPollMs
        : Math.max(pollIntervalMs, Math.min(this.maxPollMs, elapsed / 2));
    return Math.max(own, (retryAfterSeconds ?? 0) * 1000);
  }

  /** The wait that keeps every in-flight operation's polls together under `pollsPerSecond`. */
  private async fleetSpacing(): Promise<number> {
    const { pollsPerSecond, operationsInFlight } = this.options;
    if (!pollsPerSecond || !operationsInFlight) return 0;
    return ((await operationsInFlight()) / pollsPerSecond) * 1000;
  }

  /** How long to wait before trying a step again after `error`, or undefined when it must fail. */
  private retryDelay(progress: StepProgress, error: unknown): number | undefined {
    if (!(error instanceof AzureError)) return undefined;
    const backoff = backoffMs(progress.attempts);
    if (error.retryable) return Math.max(backoff, (error.retryAfterSeconds ?? 0) * 1000);

    // Entra ID replicates new users and groups for a few minutes; ARM may not know them yet.
    if (error.code === 'PrincipalNotFound') {
      const since = new Date(progress.startedAt ?? this.now()).getTime();
      if (this.now().getTime() - since < this.replicationMs) return backoff;
    }
    return undefined;
  }

  /**
   * Comes back after `wait`. Past the budget the request becomes `still_provisioning` and people
   * are told (with the transition's notices); within it, the job wakes up at the latest when the
   * budget ends. Either way the operation is only polled again, never sent again.
   */
  private async comeBack(request: WorkspaceRequest, wait: Wait): Promise<JobOutcome> {
    const now = this.now().getTime();
    let waitMs = wait.ms;
    if (request.state === 'provisioning') {
      const deadline = (await this.provisioningSince(request)) + this.options.budgetMs;
      if (now >= deadline) {
        const log = this.options.log.child({ requestId: request.id });
        log.warn({}, 'provisioning budget spent; tracking goes on at a slow pace');
        await this.options.requests.transition(request, 'budget_exceeded', { actor: BOT_ACTOR });
        waitMs = Math.max(waitMs, this.slowPollMs);
      } else {
        waitMs = Math.min(waitMs, deadline - now);
      }
    }
    return { done: false, runAt: new Date(now + waitMs) };
  }

  /** When the request last entered `provisioning` (approval or an approver's retry). */
  private async provisioningSince(request: WorkspaceRequest): Promise<number> {
    const trail = await this.options.store.listAudit(request.id);
    const entered = trail.filter((e) => e.accepted && e.toState === 'provisioning').pop();
    return new Date(entered?.at ?? request.updatedAt).getTime();
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
    const message = messageForPeople(error);
    const now = this.now().toISOString();
    const log = this.options.log.child({ requestId: request.id, step: progress.step });
    log.error({ err: error }, 'provisioning step failed; approvers can retry it');
    await this.save(progress, { status: 'failed', finishedAt: now, detail: message });
    const failure = { step: progress.step, message };
    await this.options.requests.transition(request, 'fail', { actor: BOT_ACTOR }, { failure });
  }

  /** One card refresh when a step starts: the step before it is then shown done. */
  private async refreshCards(request: WorkspaceRequest, step: string): Promise<void> {
    await this.options.store.scheduleJobs([progressRefreshJob(request, step, this.now().toISOString())]);
  }

  /** While an operation runs, one card refresh per progress interval, so the elapsed time moves. */
  private async refreshProgress(request: WorkspaceRequest, progress: StepProgress): Promise<void> {
    const elapsed = this.now().getTime() - new Date(progress.startedAt ?? this.now()).getTime();
    const interval = Math.floor(elapsed / this.options.progressUpdateMs);
    if (interval < 1) return;
    const job = progressRefreshJob(request, `${progress.step}:${interval}`, this.now().toISOString());
    await this.options.store.scheduleJobs([job]);
  }

  private async markStarting(progress: StepProgress): Promise<void> {
    const startedAt = progress.startedAt ?? this.now().toISOString();
    await this.save(progress, { status: 'starting', startedAt });
  }

  /** Saves `changes` and keeps `progress` in step with what is saved. */
  private async save(progress: StepProgress, changes: Partial<StepProgress>): Promise<void> {
    Object.assign(progress, changes);
    await this.options.store.saveStep(progress);
  }

  private now(): Date {
    return this.options.clock.now();
  }
}

function newStep(requestId: string, step: StepName): StepProgress {
  return { requestId, step, status: 'pending', attempts: 0 };
}

/** Azure's own words, with its error code so people can look it up; our refusals as they are. */
function messageForPeople(error: unknown): string {
  if (error instanceof AzureError) {
    const status = error.status ? `, HTTP ${error.status}` : '';
    return `${error.message} (Azure: ${error.code}${status})`;
  }
  if (error instanceof DomainError) return error.message;
  return `Unexpected error: ${error instanceof Error ? error.message : String(error)}`;
}
