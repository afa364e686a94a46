import type { GatewayManager, Member, PrincipalType } from './request';
import {
  managerField,
  MANAGER_ROWS,
  memberField,
  MEMBER_ROWS,
  readPrincipalNames,
  rowNumbers,
  splitIds,
  type FormField,
  type RequestForm,
} from './request-form';
import { GATEWAY_ROLES, SERVICE_ROLES, WORKSPACE_ROLES } from './roles';

export type FieldErrors = Partial<Record<FormField, string>>;

/** Entra object ids are GUIDs; anything else (a Teams id, a name, an e-mail) cannot get a role. */
const OBJECT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Above this, a team should be an Entra group; it also keeps the approval card readable. */
export const MAX_PRINCIPALS = 50;

interface Principal {
  principalId: string;
  principalType: PrincipalType;
  displayName: string;
}

/** What reading the rows of one section shares: known names, and the row each id came in. */
interface RowContext {
  form: RequestForm;
  names: Map<string, string>;
  seen: Map<string, number>;
  errors: FieldErrors;
}

const MESSAGES = {
  noPrincipals: 'Pick the people or type the group ids that get these roles, or clear the roles.',
  serviceRole: 'Choose a service-scoped role for this row: API developer or API product manager.',
  workspaceRole: 'Choose a workspace-scoped role for this row.',
  gatewayRole: 'Choose Reader, Contributor or Owner for the gateway.',
  sharedGateway: 'Gateway managers can be named only for a new gateway; the platform team manages shared gateways.',
};

/**
 * Reads the member rows: each row's people and groups get the row's service-scoped and
 * workspace-scoped role. Every problem is reported on the field it comes from.
 */
export function checkMembers(form: RequestForm, errors: FieldErrors): Member[] {
  const context = rowContext(form, errors);
  const members: Member[] = [];

  for (const row of rowNumbers(MEMBER_ROWS)) {
    const field = (part: Parameters<typeof memberField>[1]) => memberField(row, part);
    const principals = rowPrincipals(context, row, field('People'), field('GroupIds'));
    const serviceRole = roleOf(form[field('ServiceRole')], SERVICE_ROLES);
    const workspaceRole = roleOf(form[field('WorkspaceRole')], WORKSPACE_ROLES);
    const chosen = Boolean(clean(form[field('ServiceRole')]) || clean(form[field('WorkspaceRole')]));

    if (principals.length === 0) {
      if (chosen) reportOnce(errors, field('People'), field('GroupIds'), MESSAGES.noPrincipals);
      continue;
    }
    if (!serviceRole) errors[field('ServiceRole')] = MESSAGES.serviceRole;
    if (!workspaceRole) errors[field('WorkspaceRole')] = MESSAGES.workspaceRole;
    if (serviceRole && workspaceRole) {
      members.push(...principals.map((p) => ({ ...p, serviceRole, workspaceRole })));
    }
  }

  if (members.length > MAX_PRINCIPALS) errors.member1People = tooMany('members');
  return members;
}

/** Reads the gateway manager rows; each row's people and groups get Reader, Contributor or Owner. */
export function checkGatewayManagers(
  form: RequestForm,
  newGateway: boolean,
  errors: FieldErrors,
): GatewayManager[] {
  const context = rowContext(form, errors);
  const managers: GatewayManager[] = [];

  for (const row of rowNumbers(MANAGER_ROWS)) {
    const field = (part: Parameters<typeof managerField>[1]) => managerField(row, part);
    const principals = rowPrincipals(context, row, field('People'), field('GroupIds'));
    const roleText = clean(form[field('Role')]);
    const role = roleOf(roleText, GATEWAY_ROLES);

    if (principals.length === 0) {
      if (roleText) reportOnce(errors, field('People'), field('GroupIds'), MESSAGES.noPrincipals);
    } else if (!newGateway) {
      errors[field('People')] = MESSAGES.sharedGateway;
    } else if (!role) {
      errors[field('Role')] = MESSAGES.gatewayRole;
    } else {
      managers.push(...principals.map((p) => ({ ...p, role })));
    }
  }

  if (managers.length > MAX_PRINCIPALS) errors.manager1People = tooMany('gateway managers');
  return managers;
}

/** Says `message` on the people field, unless an id of the row was already found wrong. */
function reportOnce(errors: FieldErrors, peopleField: FormField, groupField: FormField, message: string) {
  if (!errors[peopleField] && !errors[groupField]) errors[peopleField] = message;
}

function rowContext(form: RequestForm, errors: FieldErrors): RowContext {
  return { form, names: readPrincipalNames(form.principalNames), seen: new Map(), errors };
}

/** The people (from the picker) and groups (typed ids) of one row; bad ids are reported, not kept. */
function rowPrincipals(
  context: RowContext,
  row: number,
  peopleField: FormField,
  groupField: FormField,
): Principal[] {
  const { form, names, seen, errors } = context;
  const principals: Principal[] = [];
  const sources: Array<[FormField, PrincipalType]> = [
    [peopleField, 'User'],
    [groupField, 'Group'],
  ];

  for (const [field, type] of sources) {
    for (const raw of splitIds(form[field])) {
      const problem = idProblem(raw, type, row, seen, names);
      if (problem) {
        errors[field] ??= problem;
        continue;
      }
      const id = raw.toLowerCase();
      seen.set(id, row);
      principals.push({ principalId: id, principalType: type, displayName: names.get(id) ?? id });
    }
  }
  return principals;
}

function idProblem(
  raw: string,
  type: PrincipalType,
  row: number,
  seen: Map<string, number>,
  names: Map<string, string>,
): string | undefined {
  if (!OBJECT_ID.test(raw)) {
    const shown = raw.length > 60 ? `${raw.slice(0, 57)}...` : raw;
    const fix = type === 'User'
      ? 'pick the person with the people picker'
      : "copy the group's object id from Entra ID (it looks like 0a1b2c3d-0000-4000-8000-000000000000)";
    return `"${shown}" is not an Entra object id; ${fix}.`;
  }
  const earlier = seen.get(raw.toLowerCase());
  if (earlier === undefined) return undefined;
  const who = names.get(raw.toLowerCase()) ?? raw;
  return earlier === row
    ? `${who} is named twice in this row.`
    : `${who} is already in row ${earlier}: everyone gets one set of roles, so keep them in one row.`;
}

function roleOf<K extends string>(value: string | undefined, roles: Record<K, unknown>): K | undefined {
  const text = clean(value);
  return Object.prototype.hasOwnProperty.call(roles, text) ? (text as K) : undefined;
}

function tooMany(what: string): string {
  return `Name at most ${MAX_PRINCIPALS} ${what}; for a larger team use an Entra group.`;
}

function clean(value: string | undefined): string {
  return typeof value === 'string' ? value.trim() : '';
}
