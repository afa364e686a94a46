import type { NewJob } from './ports';
import type { WorkspaceRequest } from './request';
import type { RequestEvent } from './transitions';

/** Who hears about a request, and what they hear. */
export type NoticeTarget = 'approvals' | 'requester' | 'announcements' | `user:${string}`;
export type NoticeKind =
  | 'approval_request'
  | 'changes_requested'
  | 'expired'
  | 'reminder'
  | 'completed'
  | 'failed'
  | 'still_provisioning';

/** `unreachable` is final for that target (the bot was removed, the conversation is gone). */
export type DeliveryResult = 'delivered' | 'unreachable' | 'no_conversation';

export interface Notifier {
  /** Sends a notice; throws `DeliveryError` with `retryable` for failures worth another try. */
  deliver(request: WorkspaceRequest, target: NoticeTarget, kind: NoticeKind): Promise<DeliveryResult>;
  /** Updates in place every card already posted for the request, so all show the same truth. */
  refreshCards(request: WorkspaceRequest): Promise<void>;
}

export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

/** The targets of each notice a transition sends; announcements hear only how it ended. */
const NOTICES: Partial<Record<RequestEvent, { kind: NoticeKind; targets: NoticeTarget[] }>> = {
  succeed: { kind: 'completed', targets: ['requester', 'approvals', 'announcements'] },
  fail: { kind: 'failed', targets: ['requester', 'approvals', 'announcements'] },
  budget_exceeded: { kind: 'still_provisioning', targets: ['requester', 'approvals'] },
  request_changes: { kind: 'changes_requested', targets: ['requester'] },
  expire: { kind: 'expired', targets: ['requester'] },
};

/** The outbox entries a transition adds, saved with it so that no notice is lost. */
export function noticeJobs(request: WorkspaceRequest, event: RequestEvent, now: string): NewJob[] {
  const notice = NOTICES[event];
  if (!notice) return [];
  return notice.targets.map((target) => deliveryJob(request, target, notice.kind, now));
}

/** The id names request, target, notice and version, so each notice is queued once. */
export function deliveryJob(request: WorkspaceRequest, target: NoticeTarget, kind: NoticeKind, dueAt: string) {
  return {
    id: `deliver:${request.id}:${target}:${kind}:v${request.version}`,
    kind: 'deliver' as const,
    requestId: request.id,
    payload: { target, notice: kind },
    dueAt,
  };
}

export function refreshJob(request: WorkspaceRequest, dueAt: string) {
  return {
    id: `refresh:${request.id}:v${request.version}`,
    kind: 'refresh_cards' as const,
    requestId: request.id,
    payload: {},
    dueAt,
  };
}

/** A card refresh for progress within one state; `reason` keeps each one from repeating. */
export function progressRefreshJob(request: WorkspaceRequest, reason: string, dueAt: string): NewJob {
  return { ...refreshJob(request, dueAt), id: `refresh:${request.id}:v${request.version}:${reason}` };
}
