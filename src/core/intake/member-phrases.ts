import type { PrincipalType } from '../request';
import type { GatewayRole, ServiceRole, WorkspaceRole } from '../roles';
import { clauses, type PreparedMessage, type Token } from './message-tokens';

/** Someone named in the message: a mention, an Entra group id typed in, or the requester ("me"). */
export interface NamedPrincipal {
  id: string;
  name: string;
  type: PrincipalType;
}

export interface MemberRoles {
  serviceRole?: ServiceRole;
  workspaceRole?: WorkspaceRole;
}

/** What the message says about one principal. */
export interface PrincipalRoles {
  principal: NamedPrincipal;
  /** Present when they are a workspace member, roles as far as the message says. */
  member?: MemberRoles;
  /** Present when they manage the gateway; `role` is undefined when the message did not say which. */
  manager?: { role?: GatewayRole };
}

type RolePhrase =
  | { kind: 'member'; roles: MemberRoles; length: number }
  | { kind: 'manager'; role?: GatewayRole; length: number };

const GATEWAY_ROLE_WORDS: Record<string, GatewayRole | undefined> = {
  owner: 'owner',
  contributor: 'contributor',
  reader: 'reader',
  manager: undefined,
  admin: undefined,
  administrator: undefined,
};

/**
 * Reads who gets which role, sentence by sentence. A role binds to the people named just before
 * it ("@Ada as API developer"), or, when it comes first, to those named after it
 * ("readers: @Bo, @Cy"). People named without a role are kept with no role, so the form asks.
 */
export function principalRoles(message: PreparedMessage, requester?: NamedPrincipal): PrincipalRoles[] {
  const found = new Map<string, PrincipalRoles>();

  for (const clause of clauses(message.tokens)) {
    const mentionsGateway = clause.some((t) => t.word === 'gateway');
    let group: NamedPrincipal[] = [];
    let groupHasRole = false;
    let leading: RolePhrase | undefined;

    for (let i = 0; i < clause.length; i += 1) {
      const principal = principalAt(clause[i], message, requester);
      if (principal) {
        if (groupHasRole) [group, groupHasRole] = [[], false];
        group.push(principal);
        record(found, principal);
        continue;
      }
      const phrase = rolePhraseAt(clause, i, mentionsGateway);
      if (!phrase) continue;
      i += phrase.length - 1;
      if (group.length === 0) leading = phrase;
      else {
        for (const person of group) apply(found, person, phrase);
        groupHasRole = true;
      }
    }
    if (!groupHasRole && group.length > 0 && leading) for (const person of group) apply(found, person, leading);
  }
  // "me" is only someone to add when a role goes with it ("help me get started" is not).
  return [...found.values()].filter((f) => f.principal !== requester || f.member || f.manager);
}

/** An Entra object id; a Teams id (`29:...`) or nothing cannot be given a role. */
const OBJECT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Names of people mentioned without an Entra object id: they are noted, not added. */
export function mentionsWithoutId(message: PreparedMessage): string[] {
  const names = message.mentions.filter((m) => m && !OBJECT_ID.test(m.id)).map((m) => m?.name ?? '');
  return [...new Set(names)];
}

function principalAt(
  token: Token,
  message: PreparedMessage,
  requester: NamedPrincipal | undefined,
): NamedPrincipal | undefined {
  if (token.kind === 'mention') {
    const mention = message.mentions[token.ref ?? -1];
    if (!mention || !OBJECT_ID.test(mention.id)) return undefined;
    return { id: mention.id.toLowerCase(), name: mention.name, type: 'User' };
  }
  if (token.kind === 'guid') return { id: token.raw, name: token.raw, type: 'Group' };
  if (requester && token.kind === 'word' && ['me', 'myself'].includes(token.word)) return requester;
  return undefined;
}

function record(found: Map<string, PrincipalRoles>, principal: NamedPrincipal): PrincipalRoles {
  const key = principal.id.toLowerCase();
  const existing = found.get(key);
  if (existing) return existing;
  const entry: PrincipalRoles = { principal };
  found.set(key, entry);
  return entry;
}

/** Adds a role phrase to what is known of someone; the first word for each role slot wins. */
function apply(found: Map<string, PrincipalRoles>, principal: NamedPrincipal, phrase: RolePhrase): void {
  const entry = record(found, principal);
  if (phrase.kind === 'manager') {
    entry.manager = { role: entry.manager?.role ?? phrase.role };
    return;
  }
  entry.member = {
    serviceRole: entry.member?.serviceRole ?? phrase.roles.serviceRole,
    workspaceRole: entry.member?.workspaceRole ?? phrase.roles.workspaceRole,
  };
}

/** The role phrase starting at `i`, if any: gateway roles first, then the workspace roles. */
function rolePhraseAt(tokens: Token[], i: number, mentionsGateway: boolean): RolePhrase | undefined {
  const word = (offset: number) => tokens[i + offset]?.word ?? '';
  const raw = (offset: number) => (tokens[i + offset]?.raw ?? '').toLowerCase();

  const gatewayRoleWord = (offset: number) => Object.hasOwn(GATEWAY_ROLE_WORDS, word(offset));
  if (word(0) === 'gateway' && gatewayRoleWord(1)) {
    return { kind: 'manager', role: GATEWAY_ROLE_WORDS[word(1)], length: 2 };
  }
  if (gatewayRoleWord(0) && ['of', 'on', 'for'].includes(word(1))) {
    const skip = word(2) === 'the' ? 1 : 0;
    const role = GATEWAY_ROLE_WORDS[word(0)];
    if (word(2 + skip) === 'gateway') return { kind: 'manager', role, length: 3 + skip };
  }
  const the = word(1) === 'the' ? 1 : 0;
  if (/^manag(e|es|ing)$/.test(raw(0)) && word(1 + the) === 'gateway') return { kind: 'manager', length: 2 + the };
  if (word(0) === 'owner' && mentionsGateway) return { kind: 'manager', role: 'owner', length: 1 };
  return memberPhraseAt(word, raw);
}

type WordAt = (offset: number) => string;

function memberPhraseAt(word: WordAt, raw: WordAt): RolePhrase | undefined {
  const skipApi = raw(0) === 'api' ? 1 : 0;
  if (word(skipApi) === 'product' && word(skipApi + 1) === 'manager') {
    return { kind: 'member', roles: PRODUCT_MANAGER, length: skipApi + 2 };
  }
  if (word(0) === 'pm') return { kind: 'member', roles: PRODUCT_MANAGER, length: 1 };
  if (word(skipApi) === 'developer') return { kind: 'member', roles: DEVELOPER, length: skipApi + 1 };
  if (word(0) === 'contributor') return { kind: 'member', roles: CONTRIBUTOR, length: 1 };
  if (word(0) === 'reader') return { kind: 'member', roles: READER, length: 1 };
  if (raw(0) === 'read' && raw(1) === 'only') return { kind: 'member', roles: READER, length: 2 };
  return undefined;
}

const DEVELOPER: MemberRoles = {
  serviceRole: 'service_api_developer',
  workspaceRole: 'workspace_api_developer',
};
/** Readers and contributors have no service-scoped role of their own: the form asks for one. */
const CONTRIBUTOR: MemberRoles = { workspaceRole: 'workspace_contributor' };
const READER: MemberRoles = { workspaceRole: 'workspace_reader' };
const PRODUCT_MANAGER: MemberRoles = {
  serviceRole: 'service_api_product_manager',
  workspaceRole: 'workspace_api_product_manager',
};
