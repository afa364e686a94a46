import type { CloudAdapter, ConversationReference, TurnContext } from 'botbuilder';
import { DeliveryError, type DeliveryResult, type NoticeKind, type NoticeTarget, type Notifier } from '../../core/notices';
import type { ConversationKey } from '../../core/ports';
import type { WorkspaceRequest } from '../../core/request';
import { requestCardFor, sharedApprovalCard, type BotServices } from './bot-services';
import type { AdaptiveCard } from './card-renderer';
import { asReference } from './conversations';

const CARD = 'application/vnd.microsoft.card.adaptive';

/** Proactive messages and in-place card updates through the Bot Connector. */
export class TeamsNotifier implements Notifier {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
    private readonly services: BotServices,
  ) {}

  async deliver(request: WorkspaceRequest, target: NoticeTarget, kind: NoticeKind): Promise<DeliveryResult> {
    const key = await this.conversationFor(request, target);
    const reference = key ? asReference(await this.services.store.getConversation(key)) : undefined;
    if (!key || !reference) return 'no_conversation';

    const card = kind === 'approval_request' ? await sharedApprovalCard(this.services, request) : await requestCardFor(this.services, request, '');
    let activityId: string | undefined;
    const reached = await this.send(reference, async (context) => {
      const response = await context.sendActivity({ attachments: [{ contentType: CARD, content: card }] });
      activityId = response?.id;
    });
    if (reached && activityId && kind === 'approval_request') {
      await this.services.store.saveCardPost({ requestId: request.id, role: 'approval', conversationKey: key, activityId });
    }
    return reached ? 'delivered' : 'unreachable';
  }

  async refreshCards(request: WorkspaceRequest): Promise<void> {
    for (const post of await this.services.store.listCardPosts(request.id)) {
      const reference = asReference(await this.services.store.getConversation(post.conversationKey));
      if (!reference) continue;
      const card = post.role === 'approval' ? await sharedApprovalCard(this.services, request) : await requestCardFor(this.services, request, request.requester.id);
      await this.send(reference, (context) => this.update(context, post.activityId, card));
    }
  }

  private async update(context: TurnContext, activityId: string, card: AdaptiveCard): Promise<void> {
    await context.updateActivity({ id: activityId, type: 'message', attachments: [{ contentType: CARD, content: card }] });
  }

  /** The requester hears in the conversation they asked in; approvers in the approvals channel. */
  private async conversationFor(request: WorkspaceRequest, target: NoticeTarget): Promise<ConversationKey | undefined> {
    if (target === 'approvals') return 'approvals';
    const posts = await this.services.store.listCardPosts(request.id);
    return posts.find((p) => p.role === 'status')?.conversationKey ?? `user:${request.requester.id}`;
  }

  /** Runs `logic` in the conversation; false when the bot can no longer reach it (403, 404). */
  private async send(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<boolean> {
    try {
      await this.adapter.continueConversationAsync(this.appId, reference, logic);
      return true;
    } catch (error) {
      const status = statusOf(error);
      if (status === 403 || status === 404) return false;
      const retryable = status === undefined || status === 429 || status >= 500;
      throw new DeliveryError(error instanceof Error ? error.message : String(error), retryable, retryAfterOf(error));
    }
  }
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown })?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

function retryAfterOf(error: unknown): number | undefined {
  const headers = (error as { response?: { headers?: { get?(name: string): string | undefined } } })?.response?.headers;
  const value = Number(headers?.get?.('retry-after'));
  return Number.isFinite(value) && value > 0 ? value : undefined;
}
