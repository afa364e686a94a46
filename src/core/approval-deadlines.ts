import type { JobHandler } from './job-runner';
import type { Logger } from './logger';
import { deliveryJob, progressRefreshJob } from './notices';
import { approvalDeadlines, type ApprovalPolicy } from './policy';
import type { Clock, Job, NewJob, RequestStore } from './ports';
import { BOT_ACTOR } from './provisioning';
import type { RequestService } from './request-service';
import type { WorkspaceRequest } from './request';

export interface DeadlineDeps {
  store: RequestStore;
  requests: RequestService;
  policy: ApprovalPolicy;
  clock: Clock;
  log: Logger;
}

/**
 * Halfway to expiry: reminds the approvals channel, and when nobody has approved yet, lets the
 * fallback approvers decide and tells each of them in their personal chat.
 */
export function reminderHandler({ store, requests, policy, clock, log }: DeadlineDeps): JobHandler {
  return async (job) => {
    const request = await stillWaiting(store, job);
    if (!request) return { done: true };
    const { remindAt } = approvalDeadlines(policy, request);
    if (clock.now() < remindAt) return { done: false, runAt: remindAt };

    const nobodyActed = (await requests.approvalsOf(request)).length === 0;
    const fallback = nobodyActed ? await requests.approvers.fallbackUserIds().catch(() => []) : [];
    const now = clock.now().toISOString();
    const jobs: NewJob[] = [
      deliveryJob(request, 'approvals', 'reminder', now),
      ...fallback.map((id) => deliveryJob(request, `user:${id}`, 'reminder', now)),
      // Fallback approvers join the card's refresh list, so they see the actions too.
      progressRefreshJob(request, 'reminder', now),
    ];
    await store.scheduleJobs(jobs);

    const reason = fallback.length ? `reminder sent; ${fallback.length} fallback approver(s) may now decide` : 'reminder sent';
    await store.appendAudit({
      requestId: request.id,
      at: now,
      actor: BOT_ACTOR,
      action: 'remind',
      fromState: request.state,
      toState: request.state,
      reason,
      accepted: true,
    });
    log.info({ requestId: request.id, fallback: fallback.length }, 'approvers reminded');
    return { done: true };
  };
}

/** Expires a request nobody decided on in time; the requester hears of it (see notices.ts). */
export function expiryHandler({ store, requests, policy, clock, log }: DeadlineDeps): JobHandler {
  return async (job) => {
    const request = await stillWaiting(store, job);
    if (!request) return { done: true };
    const { expiresAt } = approvalDeadlines(policy, request);
    if (clock.now() < expiresAt) return { done: false, runAt: expiresAt };

    try {
      await requests.transition(request, 'expire', { actor: BOT_ACTOR }, { decisionReason: 'Nobody decided in time.' });
    } catch (error) {
      // A decision landed at the same moment; it wins, and there is nothing left to expire.
      log.info({ requestId: request.id, err: error }, 'request not expired: it moved on');
    }
    return { done: true };
  };
}

/** The request, if it still waits for the submission the job was scheduled for. */
async function stillWaiting(store: RequestStore, job: Job): Promise<WorkspaceRequest | undefined> {
  const request = await store.getRequest(job.requestId);
  if (!request || request.state !== 'pending_approval') return undefined;
  return request.version === job.payload.version ? request : undefined;
}
