import { DomainError } from './errors';
import type { Person, RequestState, WorkspaceRequest } from './request';

/**
 * The reasons a decision is refused, worded for the person who pressed the button. Each keeps
 * its code so the audit trail and the operator log can tell them apart.
 */
const STATE_WORDS: Record<RequestState, string> = {
  draft: 'back with its requester for changes',
  pending_approval: 'waiting for approval',
  approved: 'approved',
  provisioning: 'approved and being provisioned',
  still_provisioning: 'approved and still being provisioned',
  succeeded: 'approved and provisioned',
  rejected: 'rejected',
  cancelled: 'cancelled',
  expired: 'expired',
  failed: 'approved, but provisioning failed',
};

export function alreadyDecided(request: WorkspaceRequest, actor?: Person): DomainError {
  const decider = request.decidedBy;
  const state = STATE_WORDS[request.state];
  if (decider && actor?.id && decider.id === actor.id) {
    return new DomainError('already_decided', `You already decided on this request: it is ${state}.`);
  }
  const who = decider ? ` by ${decider.name}` : '';
  return new DomainError('already_decided', `This request was already decided${who}: it is ${state}.`);
}

export function unidentified(): DomainError {
  return new DomainError('unidentified_user', 'Your Microsoft Entra identity was not sent with this action, so it cannot count as a decision.');
}

export function noApprovers(): DomainError {
  return new DomainError('not_an_approver', "No approvers are configured for this bot, so nobody can decide yet. Ask the bot's operator to fix the approval policy.");
}

export function notAnApprover(): DomainError {
  return new DomainError('not_an_approver', 'Only the configured platform approvers can decide on workspace requests.');
}

export function directoryUnavailable(): DomainError {
  return new DomainError('not_an_approver', 'Your group membership could not be checked just now, so your decision was not counted. Try again in a minute.');
}

export function ownRequest(): DomainError {
  return new DomainError('own_request', 'You asked for this workspace, so someone else has to approve it.');
}

export function staleCard(): DomainError {
  return new DomainError('stale_card', 'This card showed an older version of the request. Here it is as it stands now: check it and decide again.');
}

export function reasonRequired(decision: 'reject' | 'request_changes'): DomainError {
  const text = decision === 'reject'
    ? 'Give a reason for the rejection in the box below; the requester will see it.'
    : 'Say what should change in the box below; the requester will see it with their form.';
  return new DomainError('invalid_request', text);
}

export function alreadyCounted(count: number, needed: number): DomainError {
  return new DomainError('already_counted', `Your approval is already counted (${count} of ${needed}); another approver has to approve too.`);
}

export function notRequester(what: string): DomainError {
  return new DomainError('not_requester', `Only the person who asked for this workspace can ${what}.`);
}
