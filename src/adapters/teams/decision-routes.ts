import type { TurnContext } from 'botbuilder';
import { DomainError } from '../../core/errors';
import type { Decision } from '../../core/request-service';
import type { WorkspaceRequest } from '../../core/request';
import { FORM_FIELDS, type RequestForm } from '../../core/validation';
import { requestCardFor, resubmitFormCard, type BotServices } from './bot-services';
import { stringField, type ActionData, type CardActionHandler } from './card-actions';
import type { AdaptiveCard } from './card-renderer';
import { conversationKeyOf, personOf, rememberConversation } from './conversations';

/**
 * Verbs of the approval and status cards: approvers decide, requesters cancel or change and
 * submit again. Each handler calls the core once and answers with the request as it now stands.
 */
export function decisionRoutes(services: BotServices): Record<string, CardActionHandler> {
  return {
    approve: (context, data) => decide(services, context, data, 'approve'),
    reject: (context, data) => decide(services, context, data, 'reject'),
    requestChanges: (context, data) => decide(services, context, data, 'request_changes'),
    cancelRequest: (context, data) => cancel(services, context, data),
    editRequest: (context, data) => edit(services, context, data),
    resubmitRequest: (context, data) => resubmit(services, context, data),
  };
}

async function decide(services: BotServices, context: TurnContext, data: ActionData, decision: Decision): Promise<AdaptiveCard> {
  const reason = stringField(data, 'reason') ?? '';
  const input = { reason, seenVersion: versionOf(data) };
  const result = await services.requests.decide(requireRequestId(data), decision, actionContext(context), input);

  const viewer = personOf(context).id;
  if (result.refusal) {
    return requestCardFor(services, result.request, viewer, { notice: result.refusal.message, noticeKind: 'error', reasonValue: reason });
  }
  return requestCardFor(services, result.request, viewer, { notice: decidedNotice(decision, result.request) });
}

async function cancel(services: BotServices, context: TurnContext, data: ActionData): Promise<AdaptiveCard> {
  const result = await services.requests.cancel(requireRequestId(data), actionContext(context));
  const notice = result.refusal?.message ?? 'You cancelled this request. Nothing will be created.';
  return requestCardFor(services, result.request, personOf(context).id, { notice, noticeKind: result.refusal ? 'error' : 'info' });
}

/** Opens the form again for a request that came back for changes. */
async function edit(services: BotServices, context: TurnContext, data: ActionData): Promise<AdaptiveCard> {
  const request = await services.requests.get(requireRequestId(data));
  const viewer = personOf(context).id;
  if (request.state === 'draft' && viewer !== '' && viewer === request.requester.id) return resubmitFormCard(services, request);

  const notice = request.state === 'draft'
    ? 'Only the person who asked for this workspace can change it.'
    : 'This request is not waiting for changes any more; this is where it stands.';
  return requestCardFor(services, request, viewer, { notice, noticeKind: 'warning' });
}

async function resubmit(services: BotServices, context: TurnContext, data: ActionData): Promise<AdaptiveCard> {
  const form = Object.fromEntries(FORM_FIELDS.map((key) => [key, stringField(data, key) ?? ''])) as RequestForm;
  const result = await services.requests.resubmit(requireRequestId(data), form, actionContext(context), versionOf(data));
  const viewer = personOf(context).id;

  if (!result.ok && result.errors) return resubmitFormCard(services, result.request, form, result.errors);
  if (!result.ok) return requestCardFor(services, result.request, viewer, { notice: result.refusal?.message, noticeKind: 'error' });

  await rememberConversation(services.store, context);
  if (context.activity.replyToId) {
    const post = { requestId: result.request.id, role: 'status' as const, conversationKey: conversationKeyOf(context) };
    await services.store.saveCardPost({ ...post, activityId: context.activity.replyToId });
  }
  return requestCardFor(services, result.request, viewer, { notice: 'Sent to the platform approvers again. This card updates as your request moves on.' });
}

function decidedNotice(decision: Decision, request: WorkspaceRequest): string {
  if (decision === 'reject') return 'You rejected this request. The requester sees your reason.';
  if (decision === 'request_changes') return 'You sent the request back to the requester with your comments.';
  if (request.state === 'pending_approval') return 'Your approval is counted. Another approver has to approve before anything is created.';
  return 'You approved this request. Provisioning starts now.';
}

/** The request version a card was rendered for; anything that is not a whole number is no version. */
export function versionOf(data: ActionData): number | undefined {
  const value = data.version;
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\d{1,9}$/.test(value.trim())) return Number(value);
  return undefined;
}

export function requireRequestId(data: ActionData): string {
  const id = stringField(data, 'requestId');
  if (!id?.trim()) throw new DomainError('not_found', 'This card does not name a request.');
  return id;
}

export function actionContext(context: TurnContext) {
  return { actor: personOf(context), conversationId: context.activity.conversation?.id };
}
