import { TurnContext } from 'botbuilder';
import { understandRequest } from '../../core/intake/understand-request';
import { deliveryJob } from '../../core/notices';
import { requestCardFor, type BotServices } from './bot-services';
import type { AdaptiveCard } from './card-renderer';
import { COMMANDS, type Command } from './commands';
import { personOf } from './conversations';
import { history, myRequests, pending, isAnyApprover } from './list-commands';
import { formView } from './form-view';
import { mentionsOf } from './mentions';
import { messageView } from './views';

/** Answers a typed command with one card. */
export async function answerCommand(services: BotServices, context: TurnContext, command: Command): Promise<AdaptiveCard> {
  switch (command.name) {
    case 'request':
      return requestForm(services, context, command.text);
    case 'status':
      return status(services, context, command.requestId);
    case 'cancel':
      return cancel(services, context, command.requestId);
    case 'history':
      return history(services, context, command.requestId);
    case 'my requests':
      return myRequests(services, context);
    case 'pending':
      return pending(services, context);
    case 'gateways':
      return gateways(services);
    case 'approvals here':
      return approvalsHere(services, context);
    case 'announcements here':
      return announcementsHere(services, context);
    case 'help':
      return help(services);
  }
}

/** The form, pre-filled with what the message asked for; each pre-filled value is marked. */
async function requestForm(services: BotServices, context: TurnContext, text: string): Promise<AdaptiveCard> {
  const inventory = await services.requests.formOptions();
  const draft = understandRequest({
    // The activity keeps the message's line breaks, which separate who gets which role.
    text: context.activity.text ?? text,
    mentions: mentionsOf(context),
    requester: personOf(context),
    gateways: inventory.gateways,
  });
  const intro = draft.understood.length
    ? 'Check what the bot understood, fill in the rest, and submit: platform approvers see exactly this before anything is created.'
    : 'Fill in what you need; platform approvers see exactly this before anything is created.';
  return services.cards.render('request-form', formView(draft.form, {}, inventory, intro, draft));
}

async function status(services: BotServices, context: TurnContext, id: string): Promise<AdaptiveCard> {
  if (!id) return message(services, 'Which request?', 'Type "status" followed by the request id, for example: status WR-AB12CD.');
  const request = await services.requests.get(id);
  const viewer = personOf(context).id;
  if (viewer !== request.requester.id && !(await isAnyApprover(services, viewer))) {
    return message(services, 'Not shown', 'Only the requester and the platform approvers can look a request up by its id.');
  }
  return requestCardFor(services, request, viewer);
}

async function cancel(services: BotServices, context: TurnContext, id: string): Promise<AdaptiveCard> {
  if (!id) return message(services, 'Which request?', 'Type "cancel" followed by the request id, for example: cancel WR-AB12CD.');
  const result = await services.requests.cancel(id, { actor: personOf(context), conversationId: context.activity.conversation.id });
  const notice = result.refusal?.message ?? 'You cancelled this request.';
  return requestCardFor(services, result.request, personOf(context).id, { notice, noticeKind: result.refusal ? 'error' : 'info' });
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
  if (!(await services.requests.approvers.isAnyApprover(person.id).catch(() => false))) {
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

/** Where finished and failed provisioning is announced, besides the requester and the approvers. */
async function announcementsHere(services: BotServices, context: TurnContext): Promise<AdaptiveCard> {
  if (!(await services.requests.approvers.isApprover(personOf(context).id))) {
    return message(services, 'Not changed', 'Only a platform approver can choose the announcements channel.');
  }
  if (context.activity.conversation.conversationType === 'personal') {
    return message(services, 'Not changed', 'Type this in the Teams channel that should hear about new workspaces, with an @mention of the bot.');
  }
  await services.store.saveConversation('announcements', TurnContext.getConversationReference(context.activity));
  return message(services, 'Announcements channel set', 'When a workspace is ready, or its provisioning fails, this conversation will hear about it.');
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

/** Commands as facts: Teams shows fact titles in bold, and cards carry no Markdown (literal-text.ts). */
export function helpView() {
  const text = 'Ask for an API Management workspace and gateway in your own words, for example "a workspace for the payments team with its own gateway, two units, private outbound". Commands:';
  const facts = COMMANDS.map((c) => ({ title: c.name, value: c.description }));
  return { ...messageView('APIM workspace requests', text), facts };
}

function help(services: BotServices): AdaptiveCard {
  return services.cards.render('message', helpView());
}

function message(services: BotServices, title: string, text: string, lines: string[] = []): AdaptiveCard {
  return services.cards.render('message', messageView(title, text, lines));
}
