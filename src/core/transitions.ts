import { DomainError } from './errors';
import type { RequestState } from './request';

/** What can happen to a request. Each event moves it along exactly one row of the table. */
export type RequestEvent =
  | 'submit'
  | 'approve'
  | 'reject'
  | 'request_changes'
  | 'cancel'
  | 'expire'
  | 'start_provisioning'
  | 'budget_exceeded'
  | 'succeed'
  | 'fail'
  | 'retry'
  | 'abandon';

const TRANSITIONS: Record<RequestEvent, { from: RequestState[]; to: RequestState }> = {
  submit: { from: ['draft'], to: 'pending_approval' },
  approve: { from: ['pending_approval'], to: 'approved' },
  reject: { from: ['pending_approval'], to: 'rejected' },
  // The request goes back to its requester as a draft; `submit` sends it for approval again.
  request_changes: { from: ['pending_approval'], to: 'draft' },
  cancel: { from: ['draft', 'pending_approval'], to: 'cancelled' },
  expire: { from: ['pending_approval'], to: 'expired' },
  start_provisioning: { from: ['approved'], to: 'provisioning' },
  budget_exceeded: { from: ['provisioning'], to: 'still_provisioning' },
  succeed: { from: ['provisioning', 'still_provisioning'], to: 'succeeded' },
  fail: { from: ['provisioning', 'still_provisioning'], to: 'failed' },
  retry: { from: ['failed'], to: 'provisioning' },
  abandon: { from: ['failed'], to: 'cancelled' },
};

/** The state an event leads to, or an `invalid_transition` error naming both. */
export function nextState(current: RequestState, event: RequestEvent): RequestState {
  const rule = TRANSITIONS[event];
  if (!rule.from.includes(current)) {
    throw new DomainError(
      'invalid_transition',
      `This request is ${current.replace('_', ' ')}, so it cannot be ${pastTense(event)} now.`,
    );
  }
  return rule.to;
}

export function canHappen(current: RequestState, event: RequestEvent): boolean {
  return TRANSITIONS[event].from.includes(current);
}

function pastTense(event: RequestEvent): string {
  const words: Record<RequestEvent, string> = {
    submit: 'submitted',
    approve: 'approved',
    reject: 'rejected',
    request_changes: 'sent back for changes',
    cancel: 'cancelled',
    expire: 'expired',
    start_provisioning: 'provisioned',
    budget_exceeded: 'moved to still provisioning',
    succeed: 'completed',
    fail: 'failed',
    retry: 'retried',
    abandon: 'abandoned',
  };
  return words[event];
}
