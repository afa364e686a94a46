import { ArmError } from './ArmError';
import type { ArmResponse } from './armHttp';
import { json } from './armHttp';
import type { EmulatorCore } from './EmulatorCore';
import { requireResource } from './resourceCatalog';
import type { RoleDefinitionInfo } from './roleDefinitions';
import { findRoleDefinition, ROLE_DEFINITIONS } from './roleDefinitions';
import { defineRoute, type Route, type RouteArguments } from './Router';

const SUFFIX = '/providers/Microsoft.Authorization/roleDefinitions';

/** Built-in role definition ids as ARM returns them: under the subscription. */
export function roleDefinitionIdFor(core: EmulatorCore, guid: string): string {
  return `/subscriptions/${core.seed.subscriptionId}${SUFFIX}/${guid}`;
}

function view(core: EmulatorCore, role: RoleDefinitionInfo) {
  return {
    id: roleDefinitionIdFor(core, role.guid),
    name: role.guid,
    type: 'Microsoft.Authorization/roleDefinitions',
    properties: {
      roleName: role.roleName,
      type: 'BuiltInRole',
      description: role.description,
      assignableScopes: ['/'],
      // Actions are not modelled: the emulator does not authorize callers by role.
      permissions: [{ actions: [], notActions: [], dataActions: [], notDataActions: [] }],
      createdOn: '2015-02-02T21:55:09.8806423Z',
      updatedOn: '2025-01-01T00:00:00.0000000Z',
      createdBy: null,
      updatedBy: null,
    },
  };
}

function checkScope(core: EmulatorCore, scope: string | undefined): void {
  if (scope !== undefined) requireResource(core, scope);
}

function get({ core, params }: RouteArguments): ArmResponse {
  checkScope(core, params.scope);
  const role = findRoleDefinition(params.role ?? '');
  if (role === undefined) {
    const message = `The role definition '${params.role ?? ''}' could not be found.`;
    throw new ArmError(404, 'RoleDefinitionDoesNotExist', message);
  }
  return json(200, view(core, role));
}

function list({ core, request, params }: RouteArguments): ArmResponse {
  checkScope(core, params.scope);
  const wanted = /roleName\s+eq\s+'([^']+)'/i.exec(request.query.get('$filter') ?? '')?.[1];
  const roles = ROLE_DEFINITIONS.filter((role) => wanted === undefined || role.roleName === wanted);
  return json(200, { value: roles.map((role) => view(core, role)) });
}

export const ROLE_DEFINITION_ROUTES: readonly Route[] = [
  defineRoute('GET', `{*scope}${SUFFIX}/{role}`, 'roleDefinitions.get', 'authorization', get),
  defineRoute('GET', `${SUFFIX}/{role}`, 'roleDefinitions.get', 'authorization', get),
  defineRoute('GET', `{*scope}${SUFFIX}`, 'roleDefinitions.list', 'authorization', list),
  defineRoute('GET', SUFFIX, 'roleDefinitions.list', 'authorization', list),
];
