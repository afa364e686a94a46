import type { TurnContext } from 'botbuilder';
import type { MentionedPrincipal } from '../../core/intake/understand-request';

interface MentionEntity {
  type?: string;
  mentioned?: { id?: string; name?: string; aadObjectId?: string };
}

/**
 * The people @mentioned in a message, the bot itself left out. Teams gives an Entra object id
 * in `aadObjectId` when it knows one; otherwise the Teams id (`29:...`) is passed on, and the
 * intake says that person has to be picked in the form, since only an object id can get a role.
 */
// TODO(intake): ask Teams for the object id of a mention that came without one
// (TeamsInfo.getMember); the local connector has no members endpoint to test it against yet.
export function mentionsOf(context: TurnContext): MentionedPrincipal[] {
  const botId = context.activity.recipient?.id;
  const entities = (context.activity.entities ?? []) as MentionEntity[];
  return entities
    .filter((e) => e.type === 'mention' && e.mentioned?.id && e.mentioned.id !== botId)
    .map((e) => ({ id: e.mentioned?.aadObjectId || e.mentioned?.id || '', name: e.mentioned?.name ?? '' }));
}
