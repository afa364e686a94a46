import type { GatewayManager, Member, RequestSpec } from './request';

/**
 * The request form as the card sends it: every value is a string the user typed or picked.
 *
 * Members and gateway managers come in a fixed number of rows, because Adaptive Cards 1.5 cannot
 * add inputs while someone fills the card in. A row is one pair of roles given to everyone in it
 * (people from the picker and Entra groups typed as ids), so a few rows cover a whole team.
 */
export const MEMBER_ROWS = 3;
export const MANAGER_ROWS = 2;

const BASE_FIELDS = [
  'workspaceDisplayName',
  'workspaceName',
  'workspaceDescription',
  'gatewayMode',
  'gatewayName',
  'gatewayUnits',
  'networkMode',
  'subnetId',
  'existingGateway',
  'logAnalyticsWorkspaceId',
  /** JSON object from object id to display name, for people the bot already knows by name. */
  'principalNames',
] as const;

export const MEMBER_PARTS = ['People', 'GroupIds', 'ServiceRole', 'WorkspaceRole'] as const;
export const MANAGER_PARTS = ['People', 'GroupIds', 'Role'] as const;

type BaseField = (typeof BASE_FIELDS)[number];
export type MemberField = `member${number}${(typeof MEMBER_PARTS)[number]}`;
export type ManagerField = `manager${number}${(typeof MANAGER_PARTS)[number]}`;
export type FormField = BaseField | MemberField | ManagerField;

export type RequestForm = Partial<Record<FormField, string>>;

export function memberField(row: number, part: (typeof MEMBER_PARTS)[number]): MemberField {
  return `member${row}${part}`;
}

export function managerField(row: number, part: (typeof MANAGER_PARTS)[number]): ManagerField {
  return `manager${row}${part}`;
}

/** 1, 2, ... count: row numbers as people see them. */
export function rowNumbers(count: number): number[] {
  return Array.from({ length: count }, (_, index) => index + 1);
}

/** Every field the form card has, in the order it shows them. */
export const FORM_FIELDS: readonly FormField[] = [
  ...BASE_FIELDS,
  ...rowNumbers(MEMBER_ROWS).flatMap((row) => MEMBER_PARTS.map((part) => memberField(row, part))),
  ...rowNumbers(MANAGER_ROWS).flatMap((row) => MANAGER_PARTS.map((part) => managerField(row, part))),
];

/** Object ids from a picker value or a typed list: commas, semicolons, spaces and new lines all separate. */
export function splitIds(value: string | undefined): string[] {
  return (value ?? '').split(/[\s,;]+/).filter(Boolean);
}

/**
 * The names the form carries for ids; anything that is not a JSON object of strings is ignored.
 * TODO(intake): resolve the names of picked people and typed groups through Microsoft Graph on
 * submit, so a forged card cannot put a misleading name next to an id; until then names come
 * from Teams mentions via the card, and only the ids decide who gets a role.
 */
export function readPrincipalNames(value: string | undefined): Map<string, string> {
  const names = new Map<string, string>();
  try {
    const parsed: unknown = JSON.parse(value || '{}');
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return names;
    for (const [id, name] of Object.entries(parsed)) {
      if (typeof name === 'string' && name.trim()) names.set(id.toLowerCase(), name.trim().slice(0, 256));
    }
  } catch {
    // A forged or damaged value only costs the names; the ids are shown instead.
  }
  return names;
}

/** The form values that reproduce a spec, so a card can show it again. */
export function formFromSpec(spec: RequestSpec): RequestForm {
  const gateway = spec.gateway;
  return {
    workspaceDisplayName: spec.workspace.displayName,
    workspaceName: spec.workspace.name,
    workspaceDescription: spec.workspace.description,
    gatewayMode: gateway.kind,
    gatewayName: gateway.kind === 'new' ? gateway.name : '',
    gatewayUnits: gateway.kind === 'new' ? String(gateway.units) : '',
    networkMode: gateway.kind === 'new' ? gateway.network : '',
    subnetId: gateway.kind === 'new' ? (gateway.subnetId ?? '') : '',
    existingGateway: gateway.kind === 'existing' ? gateway.name : '',
    logAnalyticsWorkspaceId: spec.diagnostics.logAnalyticsWorkspaceId,
    principalNames: JSON.stringify(namesOf([...spec.members, ...spec.gatewayManagers])),
    ...memberRows(spec.members),
    ...managerRows(spec.gatewayManagers),
  };
}

function memberRows(members: Member[]): RequestForm {
  const form: RequestForm = {};
  const pairs = groupBy(members, (m) => `${m.serviceRole} ${m.workspaceRole}`);
  pairs.slice(0, MEMBER_ROWS).forEach((group, index) => {
    const row = index + 1;
    form[memberField(row, 'People')] = idsOf(group, 'User');
    form[memberField(row, 'GroupIds')] = idsOf(group, 'Group');
    form[memberField(row, 'ServiceRole')] = group[0].serviceRole;
    form[memberField(row, 'WorkspaceRole')] = group[0].workspaceRole;
  });
  return form;
}

function managerRows(managers: GatewayManager[]): RequestForm {
  const form: RequestForm = {};
  groupBy(managers, (m) => m.role)
    .slice(0, MANAGER_ROWS)
    .forEach((group, index) => {
      const row = index + 1;
      form[managerField(row, 'People')] = idsOf(group, 'User');
      form[managerField(row, 'GroupIds')] = idsOf(group, 'Group');
      form[managerField(row, 'Role')] = group[0].role;
    });
  return form;
}

function groupBy<T>(items: T[], key: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return [...groups.values()];
}

function idsOf(principals: Array<Member | GatewayManager>, type: 'User' | 'Group'): string {
  return principals.filter((p) => p.principalType === type).map((p) => p.principalId).join(',');
}

function namesOf(principals: Array<Member | GatewayManager>): Record<string, string> {
  const known = principals.filter((p) => p.displayName && p.displayName !== p.principalId);
  return Object.fromEntries(known.map((p) => [p.principalId, p.displayName]));
}
