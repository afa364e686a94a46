import type { TurnContext } from 'botbuilder';
import type { MentionedPrincipal } from '../../core/intake/understand-request';

interface MentionEntity {
  type?: string;
  mentioned?: { id?: string; name?: string; aadObjectId?: string };
}

/**
 * The people @mentioned in a message, the bot itself left out. Teams gives an Entra object id
 * in `aadObjectId` when it knows one; otherwise the Teams id is passed on, and the intake says
 * that person has to be picked in the form instead.
 */
export function mentionsOf(context: TurnContext): MentionedPrincipal[] {
  const botId = context.activity.recipient?.id;
  const entities = (context.activity.entities ?? []) as MentionEntity[];
  return entities
    .filter((e) => e.type === 'mention' && e.mentioned?.id && e.mentioned.id !== botId)
    .map((e) => ({ id: e.mentioned?.aadObjectId || guidOrEmpty(e.mentioned?.id), name: e.mentioned?.name ?? '' }));
}

/** A Teams id (`29:...`) cannot get an Azure role; only a GUID is worth passing on as an id. */
function guidOrEmpty(id: string | undefined): string {
  return id && /^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i.test(id) ? id : '';
}
