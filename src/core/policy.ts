import { DomainError } from './errors';
import type { Person, WorkspaceRequest } from './request';

export interface ApprovalPolicy {
  /** Entra object ids of the people who may approve or reject. */
  approvers: string[];
}

/**
 * Throws when `actor` may not decide on `request`. Decided on the server from the stored request
 * and the configured policy only; nothing a card sends is trusted here.
 */
export function assertMayDecide(policy: ApprovalPolicy, request: WorkspaceRequest, actor: Person): void {
  if (!actor.id) {
    throw new DomainError('unidentified_user', 'Your Microsoft Entra identity was not sent with this action, so it cannot count as a decision.');
  }
  if (policy.approvers.length === 0) {
    throw new DomainError('not_an_approver', 'No approvers are configured for this bot, so nobody can decide yet. Ask the bot\'s operator to set APPROVERS.');
  }
  if (!policy.approvers.includes(actor.id)) {
    throw new DomainError('not_an_approver', 'Only the configured platform approvers can decide on workspace requests.');
  }
  if (actor.id === request.requester.id) {
    throw new DomainError('own_request', 'You asked for this workspace, so someone else has to approve it.');
  }
}

export function isApprover(policy: ApprovalPolicy, personId: string): boolean {
  return personId !== '' && policy.approvers.includes(personId);
}
