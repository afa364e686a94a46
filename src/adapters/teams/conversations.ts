import { TurnContext, type ConversationReference } from 'botbuilder';
import type { ConversationKey, RequestStore } from '../../core/ports';
import type { Person } from '../../core/request';

/** The person behind an activity, by Entra object id; empty when Teams did not send one. */
export function personOf(context: TurnContext): Person {
  const from = context.activity.from ?? { id: '', name: '' };
  return { id: from.aadObjectId ?? '', name: from.name || 'Someone' };
}

export function conversationKeyOf(context: TurnContext): ConversationKey {
  return `conversation:${context.activity.conversation.id}`;
}

/**
 * Remembers how to reach this conversation and this person later, for proactive notices and
 * card updates. Saved on every turn, so a moved or renamed conversation stays reachable.
 */
export async function rememberConversation(store: RequestStore, context: TurnContext): Promise<void> {
  const reference = TurnContext.getConversationReference(context.activity);
  await store.saveConversation(conversationKeyOf(context), reference);

  const person = personOf(context);
  if (person.id && context.activity.conversation.conversationType === 'personal') {
    await store.saveConversation(`user:${person.id}`, reference);
  }
}

export function asReference(value: unknown): Partial<ConversationReference> | undefined {
  return value && typeof value === 'object' ? (value as Partial<ConversationReference>) : undefined;
}
