import { TurnContext } from 'botbuilder';
import { isApprover } from '../../core/policy';
import { deliveryJob } from '../../core/notices';
import { requestCardFor, type BotServices } from './bot-services';
import type { AdaptiveCard } from './card-renderer';
import { COMMANDS, type Command } from './commands';
import { personOf } from './conversations';
import { formatDate, formView, messageView, STATE_LABELS } from './views';

/** Answers a typed command with one card. */
export async function answerCommand(services: BotServices, context: TurnContext, command: Command): Promise<AdaptiveCard> {
  switch (command.name) {
    case 'request':
      return requestForm(services);
    case 'status':
      return status(services, context, command.requestId);
    case 'cancel':
      return cancel(services, context, command.requestId);
    case 'history':
      return history(services, command.requestId);
    case 'my requests':
      return myRequests(services, context);
    case 'pending':
      return pending(services, context);
    case 'gateways':
      return gateways(services);
    case 'approvals here':
      return approvalsHere(services, context);
    case 'help':
      return help(services);
  }
}

async function requestForm(services: BotServices): Promise<AdaptiveCard> {
  const inventory = await services.requests.formOptions();
  const intro = 'Fill in what you need; platform approvers see exactly this before anything is created.';
  return services.cards.render('request-form', formView({ gatewayMode: 'existing' }, {}, inventory, intro));
}

async function status(services: BotServices, context: TurnContext, id: string): Promise<AdaptiveCard> {
  if (!id) return message(services, 'Which request?', 'Type "status" followed by the request id, for example: status WR-AB12CD.');
  const request = await services.requests.get(id);
  return requestCardFor(services, request, personOf(context).id);
}

async function cancel(services: BotServices, context: TurnContext, id: string): Promise<AdaptiveCard> {
  if (!id) return message(services, 'Which request?', 'Type "cancel" followed by the request id, for example: cancel WR-AB12CD.');
  const result = await services.requests.cancel(id, { actor: personOf(context), conversationId: context.activity.conversation.id });
  const notice = result.refusal?.message ?? 'You cancelled this request.';
  return requestCardFor(services, result.request, personOf(context).id, { notice, noticeKind: result.refusal ? 'error' : 'info' });
}

async function history(services: BotServices, id: string): Promise<AdaptiveCard> {
  if (!id) return message(services, 'Which request?', 'Type "history" followed by the request id.');
  const request = await services.requests.get(id);
  const events = await services.store.listAudit(request.id);
  const lines = events.map((e) => {
    const change = e.toState ? ` (${e.fromState ?? 'new'} \u2192 ${e.toState})` : ' (refused)';
    const reason = e.reason ? `: ${e.reason}` : '';
    return `${formatDate(e.at)} ${e.actor.name} ${e.action}${change}${reason}`;
  });
  return message(services, `History of ${request.id}`, `${events.length} events, oldest first.`, lines);
}

async function myRequests(services: BotServices, context: TurnContext): Promise<AdaptiveCard> {
  const mine = await services.store.listRequests({ requesterId: personOf(context).id });
  const lines = mine.map((r) => `${r.id} ${r.spec.workspace.displayName}: ${STATE_LABELS[r.state]}`);
  const text = mine.length ? `You have ${mine.length} requests.` : 'You have no requests yet. Type "request" to start one.';
  return message(services, 'Your requests', text, lines);
}

async function pending(services: BotServices, context: TurnContext): Promise<AdaptiveCard> {
  if (!isApprover(services.policy, personOf(context).id)) {
    return message(services, 'Pending approvals', 'Only platform approvers have requests waiting for them.');
  }
  const waiting = await services.store.listRequests({ states: ['pending_approval'] });
  const lines = waiting.map((r) => `${r.id} ${r.spec.workspace.displayName} from ${r.requester.name}, since ${formatDate(r.createdAt)}`);
  return message(services, 'Pending approvals', waiting.length ? `${waiting.length} requests wait for a decision, oldest first.` : 'Nothing waits for a decision.', lines);
}

async function gateways(services: BotServices): Promise<AdaptiveCard> {
  const inventory = await services.requests.formOptions();
  const lines = inventory.gateways.map((g) =>
    g.ineligibleReason
      ? `${g.name}: not available, ${g.ineligibleReason}`
      : `${g.name}: ${g.workspaceCount} of 30 workspaces, can take another`,
  );
  return message(services, 'Existing gateways', 'Gateways in the API Management resource group:', lines);
}

async function approvalsHere(services: BotServices, context: TurnContext): Promise<AdaptiveCard> {
  const person = personOf(context);
  const type = context.activity.conversation.conversationType;
  if (!isApprover(services.policy, person.id)) {
    return message(services, 'Not changed', 'Only a platform approver can choose the approvals channel.');
  }
  if (type === 'personal') {
    return message(services, 'Not changed', 'Type this in the Teams channel where approvers should see requests, with an @mention of the bot.');
  }
  await services.store.saveConversation('approvals', TurnContext.getConversationReference(context.activity));
  const posted = await postWaitingRequests(services);
  const extra = posted ? ` ${posted} request(s) already waiting will be posted here now.` : '';
  return message(services, 'Approvals channel set', `Workspace requests will come to this conversation for approval.${extra}`);
}

/** Requests submitted before there was an approvals channel get their approval card now. */
async function postWaitingRequests(services: BotServices): Promise<number> {
  const waiting = await services.store.listRequests({ states: ['pending_approval'] });
  const now = services.clock.now().toISOString();
  const jobs = [];
  for (const request of waiting) {
    const posts = await services.store.listCardPosts(request.id);
    if (posts.some((p) => p.role === 'approval')) continue;
    const job = deliveryJob(request, 'approvals', 'approval_request', now);
    jobs.push({ ...job, id: `${job.id}:${now}` });
  }
  await services.store.scheduleJobs(jobs);
  return jobs.length;
}

function help(services: BotServices): AdaptiveCard {
  const lines = COMMANDS.map((c) => `**${c.name}**: ${c.description}`);
  return message(services, 'APIM workspace requests', 'Ask for an API Management workspace and gateway here. Commands:', lines);
}

function message(services: BotServices, title: string, text: string, lines: string[] = []): AdaptiveCard {
  return services.cards.render('message', messageView(title, text, lines));
}
