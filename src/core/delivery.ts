import { backoffMs, type JobHandler } from './job-runner';
import type { Logger } from './logger';
import { DeliveryError, type NoticeKind, type NoticeTarget, type Notifier } from './notices';
import type { Clock, RequestStore } from './ports';
import { BOT_ACTOR } from './provisioning';

interface DeliveryDeps {
  store: RequestStore;
  notifier: Notifier;
  clock: Clock;
  log: Logger;
  /** Told of each failed try (metrics): `retry` when it comes back later, `unreachable` when given up. */
  onFailure?: (target: NoticeTarget, kind: 'retry' | 'unreachable') => void;
}

/**
 * Delivers one notice from the outbox. Throttling and server errors come back later (never
 * sooner than Retry-After); a target the bot can no longer reach is given up, logged and audited,
 * and the other targets, being their own jobs, are delivered all the same.
 */
export function deliveryHandler({ store, notifier, clock, log, onFailure }: DeliveryDeps): JobHandler {
  return async (job) => {
    const request = await store.getRequest(job.requestId);
    if (!request) return { done: true };
    const target = job.payload.target as NoticeTarget;
    const notice = job.payload.notice as NoticeKind;
    const noticeLog = log.child({ requestId: request.id, target, notice });
    if (notice === 'approval_request' && request.state !== 'pending_approval') {
      // Decided before its card went out (an approver used `pending`, or delivery waited out a
      // dead instance's lease): an approval card for it would only repeat the completion notice.
      noticeLog.info({ state: request.state }, 'approval card not posted: the request is no longer waiting');
      return { done: true };
    }

    // TODO(notices): a crash after Teams accepted a notice but before this job is marked done sends
    // it once more on restart; Bot Framework has no idempotency key to close that short window.
    try {
      const result = await notifier.deliver(request, target, notice);
      if (result === 'delivered') noticeLog.info({}, 'notice delivered');
      else if (result === 'no_conversation') noticeLog.info({}, 'notice not sent: no conversation known for it');
      else await markUnreachable();
      return { done: true };
    } catch (error) {
      if (!(error instanceof DeliveryError) || !error.retryable) throw error;
      const waitMs = Math.max(backoffMs(job.attempts), (error.retryAfterSeconds ?? 0) * 1000);
      noticeLog.warn({ err: error.message, waitMs }, 'notice delivery will be retried');
      onFailure?.(target, 'retry');
      return { done: false, runAt: new Date(clock.now().getTime() + waitMs) };
    }

    async function markUnreachable(): Promise<void> {
      noticeLog.warn({}, 'notice not delivered: the bot can no longer reach this conversation');
      onFailure?.(target, 'unreachable');
      await store.appendAudit({
        requestId: job.requestId,
        at: clock.now().toISOString(),
        actor: BOT_ACTOR,
        action: `notify ${target}`,
        fromState: null,
        toState: null,
        reason: `${notice} notice undeliverable: conversation unreachable`,
        accepted: false,
      });
    }
  };
}

/** Refreshes the cards already posted for a request; best effort, retried a few times. */
export function refreshHandler({ store, notifier, clock, log }: DeliveryDeps): JobHandler {
  return async (job) => {
    const request = await store.getRequest(job.requestId);
    if (!request) return { done: true };
    try {
      await notifier.refreshCards(request);
      return { done: true };
    } catch (error) {
      if (job.attempts >= 5) {
        // A later refresh shows the same truth, so a card that stays unreachable is let go.
        log.warn({ requestId: request.id, err: error }, 'cards not refreshed after several tries; giving up');
        return { done: true };
      }
      const retryAfter = error instanceof DeliveryError ? (error.retryAfterSeconds ?? 0) * 1000 : 0;
      const waitMs = Math.max(backoffMs(job.attempts), retryAfter);
      return { done: false, runAt: new Date(clock.now().getTime() + waitMs) };
    }
  };
}
