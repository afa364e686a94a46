import { ArmError, badRequest, conflict } from './ArmError';
import type { ArmResponse } from './armHttp';
import { isObject, json } from './armHttp';
import type { EmulatorCore } from './EmulatorCore';
import type { RoleAssignmentRecord } from './EmulatorState';
import { keyOf } from './EmulatorState';
import { isGuid } from './nameRules';
import { requireResource } from './resourceCatalog';
import { isWithin, sameId } from './resourceIds';
import { findRoleDefinition } from './roleDefinitions';
import { roleDefinitionIdFor } from './roleDefinitionRoutes';
import { defineRoute, type Route, type RouteArguments } from './Router';

const COLLECTION = '{*scope}/providers/Microsoft.Authorization/roleAssignments';
const ITEM = `${COLLECTION}/{name}`;
const PRINCIPAL_TYPES = ['User', 'Group', 'ServicePrincipal', 'ForeignGroup', 'Device'];
const ROLE_DEFINITION_ID =
  /^(?:\/subscriptions\/([^/]+)(?:\/.*?)?)?\/providers\/Microsoft\.Authorization\/roleDefinitions\/([^/]+)$/i;

export function roleAssignmentView(assignment: RoleAssignmentRecord) {
  return {
    id: assignment.id,
    name: assignment.name,
    type: 'Microsoft.Authorization/roleAssignments',
    properties: {
      roleDefinitionId: assignment.roleDefinitionId,
      principalId: assignment.principalId,
      principalType: assignment.principalType,
      scope: assignment.scope,
      condition: assignment.condition ?? null,
      conditionVersion: assignment.conditionVersion ?? null,
      createdOn: assignment.createdOn,
      updatedOn: assignment.updatedOn,
      createdBy: assignment.createdBy,
      updatedBy: assignment.updatedBy,
      delegatedManagedIdentityResourceId: assignment.delegatedManagedIdentityResourceId ?? null,
      description: assignment.description ?? null,
    },
  };
}

function assignmentId(scope: string, name: string): string {
  return `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`;
}

function checkAssignmentName(name: string): void {
  if (isGuid(name)) return;
  throw badRequest(
    'InvalidRoleAssignmentId',
    `The role assignment ID '${name}' is not valid. The role assignment ID must be a GUID.`,
  );
}

/** Scopes are resource ids; ARM keeps the caller's spelling but compares case-insensitively. */
function resolveScope(core: EmulatorCore, rawScope: string): string {
  const scope = rawScope.replace(/\/+$/, '');
  return requireResource(core, scope).id;
}

function readRoleDefinition(core: EmulatorCore, value: unknown): string {
  const parts = typeof value === 'string' ? ROLE_DEFINITION_ID.exec(value) : null;
  const subscription = parts?.[1];
  const guid = parts?.[2] ?? String(value);
  const known = parts !== null && findRoleDefinition(guid) !== undefined &&
    (subscription === undefined || subscription.toLowerCase() === core.seed.subscriptionId);
  if (!known) {
    throw badRequest('RoleDefinitionDoesNotExist', `The specified role definition with ID '${guid}' does not exist.`);
  }
  return roleDefinitionIdFor(core, guid.toLowerCase());
}

function readPrincipal(core: EmulatorCore, principalId: unknown, principalType: unknown) {
  if (typeof principalId !== 'string' || !isGuid(principalId)) {
    throw badRequest('InvalidPrincipalId', "'properties.principalId' must be the object id (a GUID) of a principal.");
  }
  if (principalType !== undefined && principalType !== null && !PRINCIPAL_TYPES.includes(String(principalType))) {
    throw badRequest('InvalidPrincipalType', `'properties.principalType' must be one of ${PRINCIPAL_TYPES.join(', ')}.`);
  }
  const actual = core.state.principals[principalId.toLowerCase()];
  if (actual === undefined) {
    throw badRequest(
      'PrincipalNotFound',
      `Principal ${principalId.replace(/-/g, '')} does not exist in the directory ${core.seed.tenantId}. ` +
        'Check that you have the correct principal ID. If you are creating this principal and then ' +
        'immediately assigning a role, this error might be related to a replication delay. In this ' +
        'case, set the role assignment principalType property to a value, such as ServicePrincipal, ' +
        'User, or Group.  See https://aka.ms/docs-principaltype',
    );
  }
  if (principalType !== undefined && principalType !== null && principalType !== actual) {
    throw badRequest(
      'UnmatchedPrincipalType',
      `The PrincipalId '${principalId.replace(/-/g, '')}' has type '${actual}' , which is different from specified PrincipalType '${String(principalType)}'.`,
    );
  }
  return { principalId: principalId.toLowerCase(), principalType: actual };
}

function optionalString(properties: Record<string, unknown>, name: string): string | undefined {
  const value = properties[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw badRequest('InvalidRequestContent', `'properties.${name}' must be a string.`);
  return value;
}

function put({ core, request, params }: RouteArguments): ArmResponse {
  const name = params.name ?? '';
  checkAssignmentName(name);
  const scope = resolveScope(core, params.scope ?? '');
  const body = request.body;
  if (!isObject(body) || !isObject(body.properties)) {
    throw badRequest('InvalidRequestContent', "The request body must contain a 'properties' object.");
  }
  const properties = body.properties;
  const roleDefinitionId = readRoleDefinition(core, properties.roleDefinitionId);
  const principal = readPrincipal(core, properties.principalId, properties.principalType);
  const id = assignmentId(scope, name);
  const existing = core.state.roleAssignments[keyOf(id)];
  const optional = {
    description: optionalString(properties, 'description'),
    condition: optionalString(properties, 'condition'),
    conditionVersion: optionalString(properties, 'conditionVersion'),
    delegatedManagedIdentityResourceId: optionalString(properties, 'delegatedManagedIdentityResourceId'),
  };
  if (existing !== undefined) return update(core, existing, roleDefinitionId, principal.principalId, optional, request.principalId);
  refuseDuplicate(core, scope, roleDefinitionId, principal.principalId);
  const now = core.nowIso();
  const created: RoleAssignmentRecord = {
    id,
    name: name.toLowerCase(),
    scope,
    roleDefinitionId,
    ...principal,
    ...withoutUndefined(optional),
    createdOn: now,
    updatedOn: now,
    createdBy: request.principalId,
    updatedBy: request.principalId,
  };
  core.state.roleAssignments[keyOf(id)] = created;
  core.changed();
  return json(201, roleAssignmentView(created));
}

function withoutUndefined<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}

/** Same name again: idempotent when role and principal match; they can never change. */
function update(
  core: EmulatorCore,
  existing: RoleAssignmentRecord,
  roleDefinitionId: string,
  principalId: string,
  optional: Record<string, string | undefined>,
  caller: string,
): ArmResponse {
  if (!sameId(existing.roleDefinitionId, roleDefinitionId) || existing.principalId !== principalId) {
    throw conflict(
      'RoleAssignmentUpdateNotPermitted',
      'Tenant ID, application ID, principal ID, and scope are not allowed to be updated.',
    );
  }
  const changes = withoutUndefined(optional);
  const changed = Object.entries(changes).some(([key, value]) => existing[key as keyof RoleAssignmentRecord] !== value);
  if (changed) {
    Object.assign(existing, changes, { updatedOn: core.nowIso(), updatedBy: caller });
    core.changed();
  }
  return json(200, roleAssignmentView(existing));
}

function refuseDuplicate(core: EmulatorCore, scope: string, roleDefinitionId: string, principalId: string) {
  const duplicate = Object.values(core.state.roleAssignments).some(
    (assignment) =>
      sameId(assignment.scope, scope) &&
      sameId(assignment.roleDefinitionId, roleDefinitionId) &&
      assignment.principalId === principalId,
  );
  if (duplicate) throw conflict('RoleAssignmentExists', 'The role assignment already exists.');
}

function findAssignment(core: EmulatorCore, params: Record<string, string>) {
  const name = params.name ?? '';
  checkAssignmentName(name);
  const scope = (params.scope ?? '').replace(/\/+$/, '');
  return { name, record: core.state.roleAssignments[keyOf(assignmentId(scope, name))] };
}

function get({ core, params }: RouteArguments): ArmResponse {
  const { name, record } = findAssignment(core, params);
  if (record === undefined) {
    throw new ArmError(404, 'RoleAssignmentNotFound', `The role assignment '${name}' is not found.`);
  }
  return json(200, roleAssignmentView(record));
}

function remove({ core, params }: RouteArguments): ArmResponse {
  const { record } = findAssignment(core, params);
  if (record === undefined) return { status: 204 };
  delete core.state.roleAssignments[keyOf(record.id)];
  core.changed();
  return json(200, roleAssignmentView(record));
}

const FILTER_CLAUSE = /^(?:(atScope\(\))|principalId\s+eq\s+'([^']+)'|assignedTo\('([^']+)'\))$/i;

/** Supports the filters the SDK documents: atScope(), principalId eq '…', assignedTo('…'). */
function parseAssignmentFilter(filter: string | null) {
  let atScopeOnly = false;
  let principal: string | undefined;
  for (const clause of (filter ?? '').split(/\s+and\s+/i).filter((part) => part.trim() !== '')) {
    const match = FILTER_CLAUSE.exec(clause.trim());
    if (match === null) throw badRequest('UnsupportedQuery', `The filter '${clause}' is not supported.`);
    if (match[1]) atScopeOnly = true;
    principal = (match[2] ?? match[3] ?? principal)?.toLowerCase();
  }
  return { atScopeOnly, principal };
}

function list({ core, request, params }: RouteArguments): ArmResponse {
  const scope = resolveScope(core, params.scope ?? '');
  const { atScopeOnly, principal } = parseAssignmentFilter(request.query.get('$filter'));
  const value = Object.values(core.state.roleAssignments)
    .filter((assignment) => isWithin(scope, assignment.scope) || (!atScopeOnly && isWithin(assignment.scope, scope)))
    .filter((assignment) => principal === undefined || assignment.principalId === principal)
    .map(roleAssignmentView);
  return json(200, { value });
}

export const ROLE_ASSIGNMENT_ROUTES: readonly Route[] = [
  defineRoute('GET', COLLECTION, 'roleAssignments.list', 'authorization', list),
  defineRoute('GET', ITEM, 'roleAssignments.get', 'authorization', get),
  defineRoute('PUT', ITEM, 'roleAssignments.put', 'authorization', put),
  defineRoute('DELETE', ITEM, 'roleAssignments.delete', 'authorization', remove),
];
