import type { WorkspaceRequest } from './request';

/** Who hears about a request, and what they hear. */
export type NoticeTarget = 'approvals' | 'requester';
export type NoticeKind = 'approval_request' | 'completed' | 'failed';

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
