import { ArmError, badRequest, conflict } from './ArmError';
import type { ArmResponse } from './armHttp';
import { isObject, json } from './armHttp';
import type { EmulatorCore } from './EmulatorCore';
import type { RoleAssignmentRecord } from './EmulatorState';
import { keyOf } from './EmulatorState';
import { requireResource } from './resourceCatalog';
import { isWithin, sameId } from './resourceIds';
import {
  checkAssignmentName,
  parseAssignmentFilter,
  readPrincipal,
  readRoleDefinition,
} from './roleAssignmentRules';
import { defineRoute, type Route, type RouteArguments } from './Router';

const COLLECTION = '{*scope}/providers/Microsoft.Authorization/roleAssignments';
const ITEM = `${COLLECTION}/{name}`;
const OPTIONAL_FIELDS = [
  'description',
  'condition',
  'conditionVersion',
  'delegatedManagedIdentityResourceId',
] as const;

type OptionalFields = Partial<Record<(typeof OPTIONAL_FIELDS)[number], string>>;

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

/** Scopes are resource ids; ARM keeps the caller's spelling but compares case-insensitively. */
function resolveScope(core: EmulatorCore, rawScope: string): string {
  return requireResource(core, rawScope.replace(/\/+$/, '')).id;
}

function readOptional(properties: Record<string, unknown>): OptionalFields {
  const fields: OptionalFields = {};
  for (const name of OPTIONAL_FIELDS) {
    const value = properties[name];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string') {
      throw badRequest('InvalidRequestContent', `'properties.${name}' must be a string.`);
    }
    fields[name] = value;
  }
  return fields;
}

function readProperties(body: unknown): Record<string, unknown> {
  if (isObject(body) && isObject(body.properties)) return body.properties;
  const message = "The request body must contain a 'properties' object.";
  throw badRequest('InvalidRequestContent', message);
}

function put({ core, request, params }: RouteArguments): ArmResponse {
  const name = params.name ?? '';
  checkAssignmentName(name);
  const scope = resolveScope(core, params.scope ?? '');
  const properties = readProperties(request.body);
  const roleDefinitionId = readRoleDefinition(core, properties.roleDefinitionId);
  const principal = readPrincipal(core, properties.principalId, properties.principalType);
  const optional = readOptional(properties);
  const id = assignmentId(scope, name);
  const existing = core.state.roleAssignments[keyOf(id)];
  if (existing !== undefined) {
    const wanted = { roleDefinitionId, ...principal };
    return update(core, existing, wanted, optional, request.principalId);
  }
  refuseDuplicate(core, scope, roleDefinitionId, principal.principalId);
  const now = core.nowIso();
  const created: RoleAssignmentRecord = {
    id,
    name: name.toLowerCase(),
    scope,
    roleDefinitionId,
    ...principal,
    ...optional,
    createdOn: now,
    updatedOn: now,
    createdBy: request.principalId,
    updatedBy: request.principalId,
  };
  core.state.roleAssignments[keyOf(id)] = created;
  core.changed();
  return json(201, roleAssignmentView(created));
}

/** Same name again: idempotent when role and principal match; they can never change. */
function update(
  core: EmulatorCore,
  existing: RoleAssignmentRecord,
  wanted: { roleDefinitionId: string; principalId: string },
  optional: OptionalFields,
  caller: string,
): ArmResponse {
  const sameRole = sameId(existing.roleDefinitionId, wanted.roleDefinitionId);
  if (!sameRole || existing.principalId !== wanted.principalId) {
    throw conflict(
      'RoleAssignmentUpdateNotPermitted',
      'Tenant ID, application ID, principal ID, and scope are not allowed to be updated.',
    );
  }
  const changed = OPTIONAL_FIELDS.some((field) => existing[field] !== optional[field]);
  if (changed) {
    OPTIONAL_FIELDS.forEach((field) => delete existing[field]);
    Object.assign(existing, optional, { updatedOn: core.nowIso(), updatedBy: caller });
    core.changed();
  }
  return json(200, roleAssignmentView(existing));
}

function refuseDuplicate(
  core: EmulatorCore,
  scope: string,
  roleDefinitionId: string,
  principalId: string,
): void {
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

/** Without atScope(), a list includes assignments above and below the scope, as in Azure. */
function list({ core, request, params }: RouteArguments): ArmResponse {
  const scope = resolveScope(core, params.scope ?? '');
  const { atScopeOnly, principal } = parseAssignmentFilter(request.query.get('$filter'));
  const value = Object.values(core.state.roleAssignments)
    .filter(
      (assignment) =>
        isWithin(scope, assignment.scope) || (!atScopeOnly && isWithin(assignment.scope, scope)),
    )
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
