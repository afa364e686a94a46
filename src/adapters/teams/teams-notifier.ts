import type { CloudAdapter, ConversationReference, TurnContext } from 'botbuilder';
import { DeliveryError, type DeliveryResult, type NoticeKind, type NoticeTarget, type Notifier } from '../../core/notices';
import type { ConversationKey } from '../../core/ports';
import type { WorkspaceRequest } from '../../core/request';
import { noticeCard, requestCardFor, sharedApprovalCard, type BotServices } from './bot-services';
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

    const card = await noticeCard(this.services, request, kind);
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
    if (target === 'approvals' || target === 'announcements') return target;
    if (target.startsWith('user:')) return target as ConversationKey;
    const posts = await this.services.store.listCardPosts(request.id);
    return posts.find((p) => p.role === 'status')?.conversationKey ?? `user:${request.requester.id}`;
  }

  /**
   * Runs `logic` in the conversation; false when the bot can no longer reach it (403, 404).
   * Throttling and server errors are thrown as retryable, for the outbox to try again later.
   */
  private async send(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<boolean> {
    try {
      // The adapter's onTurnError would swallow an error thrown in the turn: carry it out instead.
      let failure: unknown;
      await this.adapter.continueConversationAsync(this.appId, reference, async (context) => {
        withoutInMemoryRetries(context);
        await logic(context).catch((error: unknown) => (failure = error ?? new Error('send failed')));
      });
      if (failure) throw failure;
      return true;
    } catch (error) {
      const status = statusOf(error);
      if (status === 403 || status === 404) return false;
      const retryable = status === undefined || status === 429 || status >= 500;
      throw new DeliveryError(error instanceof Error ? error.message : String(error), retryable, retryAfterOf(error));
    }
  }
}

/**
 * botbuilder's connector client retries 429 and 5xx by itself, sleeping out Retry-After in
 * memory while the job's lease runs down. Notices are retried by the durable outbox instead, so
 * the client's retry policy is taken out. botbuilder has no option for it: the pipeline is
 * reached through the connector's core-client instance, and if that shape ever changes this
 * does nothing and the in-memory retries simply come back.
 */
function withoutInMemoryRetries(context: TurnContext): void {
  type Pipeline = { removePolicy(options: { name: string }): unknown };
  const connector = context.turnState.get(context.adapter.ConnectorClientKey) as { client?: { pipeline?: Pipeline } } | undefined;
  connector?.client?.pipeline?.removePolicy({ name: 'defaultRetryPolicy' });
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown })?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/** Retry-After in seconds, given as seconds or as an HTTP date. */
function retryAfterOf(error: unknown): number | undefined {
  const headers = (error as { response?: { headers?: { get?(name: string): string | undefined } } })?.response?.headers;
  const value = headers?.get?.('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds > 0 ? seconds : undefined;
  const at = Date.parse(value) - Date.now();
  return Number.isFinite(at) && at > 0 ? Math.ceil(at / 1000) : undefined;
}
