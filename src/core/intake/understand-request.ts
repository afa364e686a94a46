import { NETWORK_MODE_LABELS } from '../request';
import {
  managerField,
  MANAGER_ROWS,
  memberField,
  MEMBER_ROWS,
  type FormField,
  type RequestForm,
} from '../request-form';
import type { GatewayRole, ServiceRole, WorkspaceRole } from '../roles';
import { suggestResourceName } from '../validation';
import { readGatewayMode, readGatewayName, readNetwork, readUnits } from './gateway-phrases';
import {
  mentionsWithoutId,
  principalRoles,
  type NamedPrincipal,
  type PrincipalRoles,
} from './member-phrases';
import { prepareMessage, type MentionedPrincipal, type PreparedMessage } from './message-tokens';
import { readDescription, readDisplayName, readResourceName } from './workspace-phrases';

export type { MentionedPrincipal } from './message-tokens';

export interface KnownGateway {
  name: string;
  ineligibleReason?: string;
}

export interface IntakeMessage {
  /** The message as Teams sent it, without the bot's own mention. */
  text: string;
  /** People @mentioned in it (the bot left out). */
  mentions?: MentionedPrincipal[];
  /** Who wrote it, so "add me as a reader" can be understood. */
  requester?: { id: string; name: string };
  /** Existing gateways, to recognise one by name and say why it cannot be used. */
  gateways?: KnownGateway[];
}

/** One thing understood from the message, and the form fields it filled. */
export interface Understood {
  fields: FormField[];
  text: string;
  /** True for values the bot proposed (names derived from other names) rather than read. */
  suggested?: boolean;
}

/** A form pre-filled from a message, with an account of every value that came from it. */
export interface RequestDraft {
  form: RequestForm;
  understood: Understood[];
  /** Things the message said that could not be used, and why; the requester decides. */
  notes: string[];
}

const SERVICE_ROLE_WORDS: Record<ServiceRole, string> = {
  service_api_developer: 'API developer',
  service_api_product_manager: 'API product manager',
};
const WORKSPACE_ROLE_WORDS: Record<WorkspaceRole, string> = {
  workspace_reader: 'Reader',
  workspace_contributor: 'Contributor',
  workspace_api_developer: 'API developer',
  workspace_api_product_manager: 'API product manager',
};
const GATEWAY_ROLE_WORDS: Record<GatewayRole, string> = {
  reader: 'Reader',
  contributor: 'Contributor',
  owner: 'Owner',
};

/**
 * Turns a plain request ("a workspace for the payments team with its own gateway, two units,
 * private outbound") into a draft of the form. Only what the message says is filled in; the
 * resource and gateway names it suggests are marked as suggestions, and nothing is guessed.
 */
export function understandRequest(message: IntakeMessage): RequestDraft {
  const gateways = message.gateways ?? [];
  const names = gateways.map((g) => g.name);
  const prepared = prepareMessage(message.text, message.mentions ?? [], names);
  const draft: RequestDraft = { form: {}, understood: [], notes: [] };

  readWorkspace(draft, prepared);
  readGateway(draft, prepared, gateways);
  readPrincipals(draft, principalRoles(prepared, requesterOf(message)));
  for (const name of mentionsWithoutId(prepared)) {
    draft.notes.push(`Teams did not tell the bot who @${name} is; pick them with the people picker.`);
  }
  return draft;
}

function requesterOf(message: IntakeMessage): NamedPrincipal | undefined {
  const requester = message.requester;
  if (!requester?.id) return undefined;
  return { id: requester.id.toLowerCase(), name: requester.name, type: 'User' };
}

function fill(draft: RequestDraft, values: RequestForm, text: string, suggested = false): void {
  const filled = Object.entries(values).filter(([, value]) => value) as Array<[FormField, string]>;
  Object.assign(draft.form, Object.fromEntries(filled));
  const fields = filled.map(([field]) => field);
  draft.understood.push({ fields, text, ...(suggested ? { suggested } : {}) });
}

function readWorkspace(draft: RequestDraft, { tokens, quotes, text }: PreparedMessage): void {
  const displayName = readDisplayName(tokens, quotes, text);
  if (displayName) {
    fill(draft, { workspaceDisplayName: displayName.value }, `display name "${displayName.value}"`);
  }

  const resourceName = readResourceName(tokens, quotes, text);
  const suggested = displayName ? suggestResourceName(displayName.value) : '';
  if (resourceName) {
    fill(draft, { workspaceName: resourceName.value }, `resource name "${resourceName.value}"`);
  } else if (suggested) {
    const why = `resource name "${suggested}" (suggested from the display name)`;
    fill(draft, { workspaceName: suggested }, why, true);
  }

  const description = readDescription(tokens, quotes, text);
  if (description) {
    fill(draft, { workspaceDescription: description.value }, `description "${description.value}"`);
  }
}

/**
 * New or existing gateway. Units or a network configuration only make sense for a new gateway,
 * so they imply one; naming a known gateway alone means using it.
 */
function readGateway(draft: RequestDraft, prepared: PreparedMessage, gateways: KnownGateway[]): void {
  const { tokens, quotes, text } = prepared;
  const mode = readGatewayMode(tokens, text);
  const named = readGatewayName(tokens, quotes, gateways.map((g) => g.name));
  const known = gateways.find((g) => g.name.toLowerCase() === named?.value.toLowerCase());
  const units = readUnits(tokens, text);
  const network = readNetwork(tokens, text);
  const describesNew = Boolean(units || (network && 'value' in network));

  if (network && 'ambiguous' in network) {
    draft.notes.push(
      `"${network.ambiguous}" could mean VNet integration (private outbound) or VNet injection ` +
        '(private inbound and outbound); choose the network configuration.',
    );
  }
  if (mode?.value === 'existing' || (!mode && known && !describesNew)) {
    readExistingGateway(draft, mode?.phrase, known, named?.value);
    return;
  }
  if (!mode && !describesNew) return;

  fill(draft, { gatewayMode: 'new' }, `a new gateway (from ${mode ? `"${mode.phrase}"` : 'its size or network'})`);
  readNewGatewayName(draft, named?.value);
  if (units) {
    const what = `${units.value} ${units.value === 1 ? 'unit' : 'units'} (from "${units.phrase}")`;
    fill(draft, { gatewayUnits: String(units.value) }, what);
  }
  if (network && 'value' in network) {
    const what = `network: ${NETWORK_MODE_LABELS[network.value]} (from "${network.phrase}")`;
    fill(draft, { networkMode: network.value }, what);
  }
}

function readNewGatewayName(draft: RequestDraft, named: string | undefined): void {
  if (named) {
    fill(draft, { gatewayName: named }, `gateway name "${named}"`);
    return;
  }
  const workspaceName = draft.form.workspaceName;
  if (!workspaceName) return;
  const suggested = suggestResourceName(`gw ${workspaceName}`);
  fill(draft, { gatewayName: suggested }, `gateway name "${suggested}" (suggested from the resource name)`, true);
}

function readExistingGateway(
  draft: RequestDraft,
  phrase: string | undefined,
  known: KnownGateway | undefined,
  named: string | undefined,
): void {
  fill(draft, { gatewayMode: 'existing' }, phrase ? `an existing gateway (from "${phrase}")` : 'an existing gateway');
  if (known && !known.ineligibleReason) fill(draft, { existingGateway: known.name }, `gateway ${known.name}`);
  else if (known) draft.notes.push(`${known.name} ${known.ineligibleReason}, so it is not offered.`);
  else if (named) draft.notes.push(`There is no gateway named "${named}"; choose one from the list.`);
}

/** Members and gateway managers, one form row per combination of roles, in the order named. */
function readPrincipals(draft: RequestDraft, found: PrincipalRoles[]): void {
  const users = found.filter((f) => f.principal.type === 'User');
  if (users.length > 0) {
    draft.form.principalNames = JSON.stringify(Object.fromEntries(users.map((f) => [f.principal.id, f.principal.name])));
  }

  // Someone named with no role at all is a member whose roles the requester still chooses.
  const memberKey = (f: PrincipalRoles) => `${f.member?.serviceRole ?? ''} ${f.member?.workspaceRole ?? ''}`;
  const members = groupRows(found.filter((f) => f.member || !f.manager), memberKey);
  members.slice(0, MEMBER_ROWS).forEach((row, index) => fillMemberRow(draft, index + 1, row));
  const managers = groupRows(found.filter((f) => f.manager), (f) => f.manager?.role ?? '');
  managers.slice(0, MANAGER_ROWS).forEach((row, index) => fillManagerRow(draft, index + 1, row));

  const left = [...members.slice(MEMBER_ROWS), ...managers.slice(MANAGER_ROWS)].flat();
  if (left.length > 0) {
    const who = nameList(left.map((f) => f.principal));
    draft.notes.push(`The form has no row left for more combinations of roles; add ${who} yourself.`);
  }
}

function groupRows(found: PrincipalRoles[], key: (f: PrincipalRoles) => string): PrincipalRoles[][] {
  const rows = new Map<string, PrincipalRoles[]>();
  for (const entry of found) rows.set(key(entry), [...(rows.get(key(entry)) ?? []), entry]);
  return [...rows.values()];
}

function fillMemberRow(draft: RequestDraft, row: number, entries: PrincipalRoles[]): void {
  const { serviceRole, workspaceRole } = entries[0].member ?? {};
  const values: RequestForm = {
    [memberField(row, 'People')]: idsOf(entries, 'User'),
    [memberField(row, 'GroupIds')]: idsOf(entries, 'Group'),
  };
  if (serviceRole) values[memberField(row, 'ServiceRole')] = serviceRole;
  if (workspaceRole) values[memberField(row, 'WorkspaceRole')] = workspaceRole;

  const roles = [
    serviceRole ? `service role ${SERVICE_ROLE_WORDS[serviceRole]}` : 'no service role said',
    workspaceRole ? `workspace role ${WORKSPACE_ROLE_WORDS[workspaceRole]}` : 'no workspace role said',
  ];
  const who = nameList(entries.map((e) => e.principal));
  fill(draft, values, `members row ${row}: ${who} with ${roles.join(' and ')}`);
}

function fillManagerRow(draft: RequestDraft, row: number, entries: PrincipalRoles[]): void {
  const role = entries[0].manager?.role;
  const values: RequestForm = {
    [managerField(row, 'People')]: idsOf(entries, 'User'),
    [managerField(row, 'GroupIds')]: idsOf(entries, 'Group'),
  };
  if (role) values[managerField(row, 'Role')] = role;

  const what = role ? `gateway role ${GATEWAY_ROLE_WORDS[role]}` : 'a gateway role you still choose';
  const who = nameList(entries.map((e) => e.principal));
  fill(draft, values, `gateway managers row ${row}: ${who} with ${what}`);
}

function idsOf(entries: PrincipalRoles[], type: NamedPrincipal['type']): string {
  return entries
    .filter((e) => e.principal.type === type)
    .map((e) => e.principal.id)
    .join(',');
}

function nameList(principals: NamedPrincipal[]): string {
  return principals.map((p) => (p.type === 'Group' ? `group ${p.id}` : `@${p.name}`)).join(', ');
}
