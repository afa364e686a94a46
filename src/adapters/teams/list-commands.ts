import type { TurnContext } from 'botbuilder';
import type { DomainErrorCode } from '../../core/errors';
import { approvalDeadlines, requiredApprovals } from '../../core/policy';
import type { AuditEvent } from '../../core/ports';
import type { WorkspaceRequest } from '../../core/request';
import { waitedFor } from './approval-view';
import type { BotServices } from './bot-services';
import type { AdaptiveCard } from './card-renderer';
import { personOf } from './conversations';
import { formatDate, messageView, STATE_LABELS, type MessageAction } from './views';

/** Teams shows six actions at most; one card lists this many requests with a button each. */
const MAX_BUTTONS = 5;
/** A chat card stays readable; the export has the whole trail. */
const MAX_HISTORY_LINES = 40;

/** `pending`: what waits for this approver, oldest first, with how long it has waited. */
export async function pending(services: BotServices, context: TurnContext): Promise<AdaptiveCard> {
  const viewer = personOf(context).id;
  const waiting = await services.store.listRequests({ states: ['pending_approval'] });
  const mine: WorkspaceRequest[] = [];
  for (const request of waiting) if (await services.requests.mayDecide(request, viewer)) mine.push(request);

  if (mine.length === 0 && !(await isAnyApprover(services, viewer))) {
    return card(services, 'Pending approvals', 'Only platform approvers have requests waiting for them.');
  }
  mine.sort((a, b) => submitted(a).localeCompare(submitted(b)));
  const now = services.clock.now();
  const lines = [];
  for (const request of mine) lines.push(await pendingLine(services, request, now));
  const text = mine.length ? `${mine.length} waiting for your decision, oldest first.` : 'Nothing waits for your decision.';
  return card(services, 'Pending approvals', text, lines, openButtons(mine));
}

/** `my requests`: the requester's requests, newest first, each with its state and what comes next. */
export async function myRequests(services: BotServices, context: TurnContext): Promise<AdaptiveCard> {
  const viewer = personOf(context).id;
  if (!viewer) return card(services, 'Your requests', 'Your Microsoft Entra identity was not sent, so your requests cannot be found.');

  const mine = (await services.store.listRequests({ requesterId: viewer })).reverse();
  if (mine.length === 0) return card(services, 'Your requests', 'You have no requests yet. Type "request" to start one.');
  const now = services.clock.now();
  const lines = mine.map((request) => myLine(request, now));
  const open = mine.filter((r) => r.state === 'pending_approval' || r.state === 'draft');
  return card(services, 'Your requests', `You have ${mine.length} request(s), newest first.`, lines, openButtons(open));
}

/** `history <id>`: the audit trail, for the requester and the approvers only. */
export async function history(services: BotServices, context: TurnContext, id: string): Promise<AdaptiveCard> {
  if (!id) return card(services, 'Which request?', 'Type "history" followed by the request id, for example: history WR-AB12CD.');
  const request = await services.requests.get(id);
  const viewer = personOf(context).id;
  if (viewer !== request.requester.id && !(await isAnyApprover(services, viewer))) {
    return card(services, 'Not shown', "Only the requester and the platform approvers can see a request's history.");
  }

  const events = await services.store.listAudit(request.id);
  const shown = events.slice(-MAX_HISTORY_LINES);
  const cut = events.length > shown.length ? ` Showing the last ${shown.length}.` : '';
  const text = `${events.length} event(s), oldest first.${cut} Operators can export the full trail with "npm run audit:export".`;
  return card(services, `History of ${request.id}`, text, shown.map(historyLine));
}

const ACTIONS: Record<string, string> = {
  submit: 'submitted it',
  approve: 'approved',
  reject: 'rejected',
  request_changes: 'asked for changes',
  cancel: 'cancelled',
  expire: 'expired it',
  remind: 'reminded the approvers',
  start_provisioning: 'started provisioning',
  succeed: 'finished provisioning',
  fail: 'recorded a failure',
  retry: 'retried',
  abandon: 'abandoned it',
};

const REFUSALS: Partial<Record<DomainErrorCode, string>> = {
  not_an_approver: 'not an approver',
  own_request: 'own request',
  already_decided: 'already decided',
  already_counted: 'already counted',
  not_requester: 'not the requester',
  stale_card: 'from an outdated card',
  unidentified_user: 'no Entra identity sent',
  invalid_request: 'reason missing',
};

function historyLine(event: AuditEvent): string {
  const what = ACTIONS[event.action] ?? event.action;
  const when = formatDate(event.at);
  if (!event.accepted) {
    const why = REFUSALS[event.reason as DomainErrorCode] ?? event.reason ?? 'refused';
    return `${when} \u00b7 ${event.actor.name} tried: ${what}, refused (${why})`;
  }
  const from = event.fromState ? STATE_LABELS[event.fromState] : 'New';
  const change = event.toState && event.toState !== event.fromState ? `, ${from} \u2192 ${STATE_LABELS[event.toState]}` : '';
  const reason = event.reason ? `: "${event.reason}"` : '';
  return `${when} \u00b7 ${event.actor.name} ${what}${change}${reason}`;
}

async function pendingLine(services: BotServices, request: WorkspaceRequest, now: Date): Promise<string> {
  const needed = requiredApprovals(services.policy, request.spec).count;
  const approvals = (await services.requests.approvalsOf(request)).length;
  const expires = formatDate(approvalDeadlines(services.policy, request).expiresAt.toISOString());
  const who = `${request.id} ${request.spec.workspace.displayName} from ${request.requester.name}`;
  return `${who}: waiting ${waitedFor(submitted(request), now)}, ${approvals} of ${needed} approvals, expires ${expires}`;
}

function myLine(request: WorkspaceRequest, now: Date): string {
  const head = `${request.id} ${request.spec.workspace.displayName}: ${STATE_LABELS[request.state]}`;
  if (request.state === 'pending_approval') return `${head}, ${waitedFor(submitted(request), now)} so far`;
  if (request.state === 'draft' && request.decidedBy) return `${head}, ${request.decidedBy.name} asked for changes`;
  return `${head} since ${formatDate(request.updatedAt)}`;
}

function openButtons(requests: WorkspaceRequest[]): MessageAction[] {
  return requests.slice(0, MAX_BUTTONS).map((r) => ({ title: `Open ${r.id}`, verb: 'refresh', requestId: r.id }));
}

function submitted(request: WorkspaceRequest): string {
  return request.submittedAt ?? request.createdAt;
}

export async function isAnyApprover(services: BotServices, personId: string): Promise<boolean> {
  return services.requests.approvers.isAnyApprover(personId).catch(() => false);
}

function card(services: BotServices, title: string, text: string, lines: string[] = [], actions: MessageAction[] = []): AdaptiveCard {
  return services.cards.render('message', { ...messageView(title, text, lines), actions });
}
