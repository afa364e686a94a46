import type { TurnContext } from 'botbuilder';
import { FORM_FIELDS, type RequestForm } from '../../core/validation';
import { requestCardFor, type BotServices } from './bot-services';
import { stringField, type ActionData, type CardActionHandler } from './card-actions';
import type { AdaptiveCard } from './card-renderer';
import { conversationKeyOf, personOf, rememberConversation } from './conversations';
import { actionContext, decisionRoutes, requireRequestId } from './decision-routes';
import { recoveryRoutes } from './recovery-routes';
import { formView } from './form-view';
import { azureUnreachableIntro, inventoryOfChoicesMade } from './offline-form';
import { isDomainError } from '../../core/errors';
import { messageView } from './views';

/** The routing table from card verbs to handlers. Each handler answers with a card. */
export function actionRoutes(services: BotServices): Record<string, CardActionHandler> {
  return {
    submitRequest: (context, data) => submitRequest(services, context, data),
    refresh: (context, data) => currentState(services, context, data),
    ...decisionRoutes(services),
    ...recoveryRoutes(services),
  };
}

async function submitRequest(services: BotServices, context: TurnContext, data: ActionData): Promise<AdaptiveCard> {
  const form = Object.fromEntries(FORM_FIELDS.map((key) => [key, stringField(data, key) ?? ''])) as RequestForm;
  const origin = context.activity.replyToId ? `${context.activity.conversation.id}|${context.activity.replyToId}` : undefined;
  let result;
  try {
    result = await services.requests.submit(form, actionContext(context), origin);
  } catch (error) {
    if (isDomainError(error)) throw error;
    // Azure (or the store) did not answer: give the form back as typed, with why, instead of an apology.
    const { intro, reference } = azureUnreachableIntro();
    services.log.error({ err: error, reference }, 'a request could not be checked; the form went back to the requester');
    return services.cards.render('request-form', formView(form, {}, inventoryOfChoicesMade(form), intro));
  }
  if (!result.ok) {
    const intro = 'Fix the fields marked below; everything you typed is kept.';
    return services.cards.render('request-form', formView(form, result.errors, result.inventory, intro));
  }

  await rememberConversation(services.store, context);
  if (context.activity.replyToId) {
    const post = { requestId: result.request.id, role: 'status' as const, conversationKey: conversationKeyOf(context) };
    await services.store.saveCardPost({ ...post, activityId: context.activity.replyToId });
  }
  const hasChannel = Boolean(await services.store.getConversation('approvals'));
  const notice = hasChannel
    ? 'Sent to the platform approvers. This card updates as your request moves on.'
    : 'Saved, but no approvals channel is set up yet: an approver must type "approvals here" in a channel.';
  return requestCardFor(services, result.request, personOf(context).id, {
    notice,
    noticeKind: hasChannel ? 'info' : 'warning',
  });
}

async function currentState(services: BotServices, context: TurnContext, data: ActionData): Promise<AdaptiveCard> {
  const request = await services.requests.get(requireRequestId(data));
  return requestCardFor(services, request, personOf(context).id);
}

/** Answers a verb the bot does not know (an old card, a forged action) with the current state. */
export async function unknownAction(services: BotServices, context: TurnContext, data: ActionData): Promise<AdaptiveCard> {
  const id = stringField(data, 'requestId');
  if (id) {
    const request = await services.store.getRequest(id);
    if (request) {
      return requestCardFor(services, request, personOf(context).id, {
        notice: 'That button is not available any more; this is where the request stands now.',
        noticeKind: 'warning',
      });
    }
  }
  return services.cards.render('message', messageView('Nothing to do', 'That button is not available any more. Type "help" to see what the bot can do.'));
}

