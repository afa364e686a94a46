import { backoffMs, type JobHandler } from './job-runner';
import type { Logger } from './logger';
import { DeliveryError, type NoticeKind, type NoticeTarget, type Notifier } from './notices';
import type { Clock, RequestStore } from './ports';

interface DeliveryDeps {
  store: RequestStore;
  notifier: Notifier;
  clock: Clock;
  log: Logger;
}

/** Delivers one notice from the outbox; transient failures come back later, final ones are logged. */
export function deliveryHandler({ store, notifier, clock, log }: DeliveryDeps): JobHandler {
  return async (job) => {
    const request = await store.getRequest(job.requestId);
    if (!request) return { done: true };
    const target = job.payload.target as NoticeTarget;
    const notice = job.payload.notice as NoticeKind;
    const noticeLog = log.child({ requestId: request.id, target, notice });

    try {
      const result = await notifier.deliver(request, target, notice);
      if (result === 'delivered') noticeLog.info({}, 'notice delivered');
      else noticeLog.warn({ result }, 'notice not delivered: the conversation is unknown or unreachable');
      return { done: true };
    } catch (error) {
      if (!(error instanceof DeliveryError) || !error.retryable) throw error;
      const waitMs = Math.max(backoffMs(job.attempts), (error.retryAfterSeconds ?? 0) * 1000);
      noticeLog.warn({ err: error.message, waitMs }, 'notice delivery will be retried');
      return { done: false, runAt: new Date(clock.now().getTime() + waitMs) };
    }
  };
}

/** Refreshes the cards already posted for a request; best effort, retried a few times. */
export function refreshHandler({ store, notifier, clock }: DeliveryDeps): JobHandler {
  return async (job) => {
    const request = await store.getRequest(job.requestId);
    if (!request) return { done: true };
    try {
      await notifier.refreshCards(request);
      return { done: true };
    } catch (error) {
      if (job.attempts >= 5) throw error;
      return { done: false, runAt: new Date(clock.now().getTime() + backoffMs(job.attempts)) };
    }
  };
}
