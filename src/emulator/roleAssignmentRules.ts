import { badRequest } from './ArmError';
import type { EmulatorCore } from './EmulatorCore';
import { isGuid } from './nameRules';
import { roleDefinitionIdFor } from './roleDefinitionRoutes';
import { findRoleDefinition } from './roleDefinitions';

const PRINCIPAL_TYPES = ['User', 'Group', 'ServicePrincipal', 'ForeignGroup', 'Device'];
/** `/subscriptions/{sub}[/any scope]/providers/Microsoft.Authorization/roleDefinitions/{guid}`. */
const ROLE_DEFINITION_ID = new RegExp(
  '^(?:/subscriptions/([^/]+)(?:/.*?)?)?/providers/Microsoft\\.Authorization/roleDefinitions/([^/]+)$',
  'i',
);

export function checkAssignmentName(name: string): void {
  if (isGuid(name)) return;
  throw badRequest(
    'InvalidRoleAssignmentId',
    `The role assignment ID '${name}' is not valid. The role assignment ID must be a GUID.`,
  );
}

/** Returns the canonical (subscription-level) id of one of the nine known roles, or 400. */
export function readRoleDefinition(core: EmulatorCore, value: unknown): string {
  const parts = typeof value === 'string' ? ROLE_DEFINITION_ID.exec(value) : null;
  const subscription = parts?.[1];
  const guid = parts?.[2] ?? String(value);
  const ownSubscription =
    subscription === undefined || subscription.toLowerCase() === core.seed.subscriptionId;
  if (parts === null || !ownSubscription || findRoleDefinition(guid) === undefined) {
    throw badRequest(
      'RoleDefinitionDoesNotExist',
      `The specified role definition with ID '${guid}' does not exist.`,
    );
  }
  return roleDefinitionIdFor(core, guid.toLowerCase());
}

function principalNotFound(core: EmulatorCore, principalId: string) {
  // Azure's wording, including the hint about replication delay and principalType.
  return badRequest(
    'PrincipalNotFound',
    `Principal ${principalId.replace(/-/g, '')} does not exist in the directory ` +
      `${core.seed.tenantId}. Check that you have the correct principal ID. If you are ` +
      'creating this principal and then immediately assigning a role, this error might be ' +
      'related to a replication delay. In this case, set the role assignment principalType ' +
      'property to a value, such as ServicePrincipal, User, or Group.  See ' +
      'https://aka.ms/docs-principaltype',
  );
}

/** The principal must exist in the directory and match principalType when one is given. */
export function readPrincipal(core: EmulatorCore, principalId: unknown, principalType: unknown) {
  if (typeof principalId !== 'string' || !isGuid(principalId)) {
    const message = "'properties.principalId' must be the object id (a GUID) of a principal.";
    throw badRequest('InvalidPrincipalId', message);
  }
  const typeGiven = principalType !== undefined && principalType !== null;
  if (typeGiven && !PRINCIPAL_TYPES.includes(String(principalType))) {
    const message = `'properties.principalType' must be one of ${PRINCIPAL_TYPES.join(', ')}.`;
    throw badRequest('InvalidPrincipalType', message);
  }
  const actual = core.state.principals[principalId.toLowerCase()];
  if (actual === undefined) throw principalNotFound(core, principalId);
  if (typeGiven && principalType !== actual) {
    throw badRequest(
      'UnmatchedPrincipalType',
      `The PrincipalId '${principalId.replace(/-/g, '')}' has type '${actual}' , which is ` +
        `different from specified PrincipalType '${String(principalType)}'.`,
    );
  }
  return { principalId: principalId.toLowerCase(), principalType: actual };
}

const FILTER_CLAUSE = /^(?:(atScope\(\))|principalId\s+eq\s+'([^']+)'|assignedTo\('([^']+)'\))$/i;

/** The filters the SDK documents: atScope(), principalId eq '…', assignedTo('…'), with "and". */
export function parseAssignmentFilter(filter: string | null) {
  let atScopeOnly = false;
  let principal: string | undefined;
  const clauses = (filter ?? '').split(/\s+and\s+/i).filter((part) => part.trim() !== '');
  for (const clause of clauses) {
    const match = FILTER_CLAUSE.exec(clause.trim());
    if (match === null) {
      throw badRequest('UnsupportedQuery', `The filter '${clause}' is not supported.`);
    }
    if (match[1]) atScopeOnly = true;
    principal = (match[2] ?? match[3] ?? principal)?.toLowerCase();
  }
  return { atScopeOnly, principal };
}
