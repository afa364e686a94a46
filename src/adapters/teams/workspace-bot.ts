import { randomUUID } from 'node:crypto';
import { TeamsActivityHandler, TurnContext, type InvokeResponse } from 'botbuilder';
import { isDomainError } from '../../core/errors';
import { actionRoutes, unknownAction } from './action-routes';
import type { BotServices } from './bot-services';
import { cardResponse, readAction, type CardActionHandler } from './card-actions';
import type { AdaptiveCard } from './card-renderer';
import { answerCommand } from './command-routes';
import { parseCommand } from './commands';
import { rememberConversation } from './conversations';
import { messageView } from './views';

/**
 * The bot's Teams face: messages become commands, card buttons become core calls through one
 * routing table, and every answer is a card showing the current state.
 */
export class WorkspaceBot extends TeamsActivityHandler {
  private readonly routes: Record<string, CardActionHandler>;

  constructor(
    private readonly services: BotServices,
    /** Tenants whose activities are served; empty serves every tenant. */
    private readonly allowedTenants: string[] = [],
  ) {
    super();
    this.routes = actionRoutes(services);
    this.onMessage(async (context, next) => {
      await this.answerMessage(context);
      await next();
    });
  }

  /** Activities from tenants outside the allow-list are ignored, with a log line, before any handler. */
  async run(context: TurnContext): Promise<void> {
    if (!context.activity.conversation?.id) {
      // Nothing can be stored or sent later without a conversation (the Bot Connector always sends
      // one); an invoke still gets its card, saying the action was ignored.
      this.services.log.warn({ type: context.activity.type }, 'activity without a conversation ignored');
      if (context.activity.type === 'invoke') {
        const text = 'This action came without a conversation, so it was ignored and nothing was changed.';
        const card = this.services.cards.render('message', messageView('Not possible', text, [], 'Attention'));
        await context.sendActivity({ type: 'invokeResponse', value: cardResponse(card) });
      }
      return;
    }
    const tenant = tenantOf(context);
    if (this.allowedTenants.length > 0 && !this.allowedTenants.includes(tenant)) {
      this.turnLog(context).info({ tenant, type: context.activity.type }, 'activity from a tenant outside ALLOWED_TENANTS ignored');
      return;
    }
    await super.run(context);
  }

  /** Card actions are answered here, before botbuilder's own checks, so even malformed ones get a card. */
  protected async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    // The manifest declares no other invoke (no message extension, tab or sign-in), so any other
    // name is a stray or forged one: a card that says so, rather than botbuilder's 501.
    if (context.activity.name !== 'adaptiveCard/action') {
      return cardResponse(await this.answerSafely(context, () => unknownAction(this.services, context, {})));
    }

    const { verb, data } = readAction(context.activity.value);
    const log = this.turnLog(context).child({ verb });
    log.debug({}, 'card action received');
    // Own keys only: a verb such as "constructor" or "toString" must not reach Object.prototype.
    const handler: CardActionHandler = Object.hasOwn(this.routes, verb)
      ? this.routes[verb]
      : (ctx, d) => unknownAction(this.services, ctx, d);
    const card = await this.answerSafely(context, () => handler(context, data));
    return cardResponse(card);
  }

  private async answerMessage(context: TurnContext): Promise<void> {
    await rememberConversation(this.services.store, context);
    const text = TurnContext.removeRecipientMention(context.activity) ?? context.activity.text ?? '';
    const command = parseCommand(text);
    this.turnLog(context).debug({ command: command.name }, 'message received');

    const card = await this.answerSafely(context, () => answerCommand(this.services, context, command));
    await context.sendActivity({ attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }] });
  }

  /** Business errors become a card that explains them; anything else an apology with a reference. */
  private async answerSafely(context: TurnContext, answer: () => Promise<AdaptiveCard>): Promise<AdaptiveCard> {
    try {
      return await answer();
    } catch (error) {
      if (isDomainError(error)) {
        return this.services.cards.render('message', messageView('Not possible', error.message, [], 'Attention'));
      }
      const reference = randomUUID().slice(0, 8);
      this.turnLog(context).error({ err: error, reference }, 'turn failed; the user was given the reference');
      const text = `Something went wrong on our side. Nothing was changed. Give this reference to the bot's operators: ${reference}.`;
      return this.services.cards.render('message', messageView('Sorry', text, [], 'Attention'));
    }
  }

  private turnLog(context: TurnContext) {
    const activity = context.activity;
    return this.services.log.child({ activityId: activity.id, conversationId: activity.conversation?.id });
  }
}

function tenantOf(context: TurnContext): string {
  const activity = context.activity;
  const channelTenant = (activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id;
  return activity.conversation?.tenantId ?? channelTenant ?? '';
}
