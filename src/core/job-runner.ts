import { randomUUID } from 'node:crypto';
import type { Logger } from './logger';
import type { Clock, Job, JobKind, RequestStore } from './ports';

/** What a job handler decided: finished, or run again at a given time. */
export type JobOutcome = { done: true } | { done: false; runAt: Date };

export type JobHandler = (job: Job) => Promise<JobOutcome>;

export interface JobRunnerOptions {
  store: RequestStore;
  clock: Clock;
  handlers: Record<JobKind, JobHandler>;
  log: Logger;
  /** How often the store is checked for due jobs. The jobs themselves live in the store. */
  checkEveryMs: number;
  /** How long a claimed job stays ours; a crashed instance's jobs come back after this. */
  leaseMs: number;
  batchSize?: number;
}

/**
 * Runs due jobs from the store. Timers in memory only wake the runner up; what is due, and
 * when, is always read from the store, so a restart loses nothing.
 */
export class JobRunner {
  readonly owner = `runner-${randomUUID()}`;
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;
  private stopped = true;

  constructor(private readonly options: JobRunnerOptions) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** Runs every job due now, once; returns how many ran. Tests call it directly. */
  async runDue(): Promise<number> {
    const { store, clock, leaseMs, batchSize = 20 } = this.options;
    const jobs = await store.claimDueJobs(clock.now(), batchSize, this.owner, leaseMs);
    await Promise.all(jobs.map((job) => this.runOne(job)));
    return jobs.length;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.loop(), delayMs);
  }

  private async loop(): Promise<void> {
    this.running = this.runDue().catch((error: unknown) => {
      this.options.log.error({ err: error }, 'job runner could not read due jobs; check the database');
      return 0;
    });
    const ran = await this.running;
    this.running = undefined;
    // A full batch probably means more are due: look again at once.
    this.schedule(ran > 0 ? 0 : this.options.checkEveryMs);
  }

  private async runOne(job: Job): Promise<void> {
    const { store, handlers, log } = this.options;
    const jobLog = log.child({ jobId: job.id, requestId: job.requestId });
    const renewal = this.keepLease(job);
    try {
      const outcome = await handlers[job.kind](job);
      if (outcome.done) await store.completeJob(job.id);
      else await store.rescheduleJob(job.id, outcome.runAt, job.attempts + 1);
    } catch (error) {
      const retryAt = new Date(this.options.clock.now().getTime() + backoffMs(job.attempts));
      jobLog.error({ err: error, retryAt }, 'job failed unexpectedly; it will be tried again');
      await store.rescheduleJob(job.id, retryAt, job.attempts + 1);
    } finally {
      clearInterval(renewal);
    }
  }

  /**
   * Renews the lease while the job runs, so a slow run (many role assignments, a busy machine)
   * is never taken over by another instance while this one still works on it.
   */
  private keepLease(job: Job): NodeJS.Timeout {
    const { store, clock, leaseMs, log } = this.options;
    const timer = setInterval(() => {
      const until = new Date(clock.now().getTime() + leaseMs);
      store.renewLease(job.id, this.owner, until).catch((error: unknown) => {
        log.warn({ err: error, jobId: job.id }, 'could not renew a job lease');
      });
    }, Math.max(50, Math.floor(leaseMs / 3)));
    timer.unref();
    return timer;
  }
}

/** Exponential backoff from 2 s up to 5 minutes. */
export function backoffMs(attempts: number, baseMs = 2000, maxMs = 300_000): number {
  return Math.min(maxMs, baseMs * 2 ** Math.min(attempts, 20));
}
