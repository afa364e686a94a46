import { randomUUID } from 'node:crypto';
import type { RoleAssignmentCreateParameters } from '@azure/arm-authorization';
import { EMULATOR_SEED } from '../../src/emulator';
import { collect, restError, startTestEmulator, type TestEmulator } from './emulatorHarness';

let env: TestEmulator;
const { roleDefinitions, principals, serviceId, subscriptionId, resourceGroup } = EMULATOR_SEED;

beforeAll(async () => {
  env = await startTestEmulator();
});
afterAll(() => env.stop());

function roleId(guid: string): string {
  return `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
}

function workspaceScope(name = 'orders'): string {
  return `${serviceId}/workspaces/${name}`;
}

function assign(scope: string, name: string, parameters: RoleAssignmentCreateParameters) {
  return env.authorization.roleAssignments.create(scope, name, parameters);
}

function listAt(scope: string, filter?: string) {
  return collect(env.authorization.roleAssignments.listForScope(scope, filter ? { filter } : {}));
}

describe('role assignments', () => {
  const name = 'f0e1d2c3-b4a5-4697-8877-665544332211';
  const contributors = {
    roleDefinitionId: roleId(roleDefinitions.workspaceContributor),
    principalId: principals.paymentsDevelopers,
    principalType: 'Group',
  };

  it('creates with 201 and repeats idempotently with 200 under the same name', async () => {
    const path = `${workspaceScope()}/providers/Microsoft.Authorization/roleAssignments/${name}`;
    const first = await env.raw('PUT', `${path}?api-version=2022-04-01`, {
      body: { properties: contributors },
    });
    expect(first.status).toBe(201);
    const again = await assign(workspaceScope(), name, contributors);
    expect(again.name).toBe(name);
    expect(again.scope).toBe(workspaceScope());
    expect(again.principalType).toBe('Group');
    expect(again.type).toBe('Microsoft.Authorization/roleAssignments');
  });

  it('answers 409 RoleAssignmentExists for the same scope, role and principal', async () => {
    const error = await restError(() => assign(workspaceScope(), randomUUID(), contributors));
    expect([error.statusCode, error.code]).toEqual([409, 'RoleAssignmentExists']);
    expect(error.message).toBe('The role assignment already exists.');
  });

  it('refuses to change the role or principal of an existing name', async () => {
    const readers = { ...contributors, roleDefinitionId: roleId(roleDefinitions.workspaceReader) };
    const error = await restError(() => assign(workspaceScope(), name, readers));
    expect([error.statusCode, error.code]).toEqual([409, 'RoleAssignmentUpdateNotPermitted']);
  });

  const unknownRole = `/subscriptions/x/providers/Microsoft.Authorization/roleDefinitions/${randomUUID()}`;

  it.each([
    ['an unknown principal', { principalId: randomUUID() }, 'PrincipalNotFound'],
    ['a mismatched principalType', { principalType: 'User' }, 'UnmatchedPrincipalType'],
    ['an unknown role definition', { roleDefinitionId: unknownRole }, 'RoleDefinitionDoesNotExist'],
  ])('rejects %s with 400', async (_, override, code) => {
    const parameters = {
      roleDefinitionId: roleId(roleDefinitions.workspaceReader),
      principalId: principals.paymentsDevelopers,
      ...override,
    };
    const error = await restError(() => assign(workspaceScope(), randomUUID(), parameters));
    expect([error.statusCode, error.code]).toEqual([400, code]);
  });

  it('requires a GUID name and an existing scope', async () => {
    const parameters = {
      roleDefinitionId: roleId(roleDefinitions.reader),
      principalId: principals.requester,
    };
    const badName = await restError(() => assign(workspaceScope(), 'not-a-guid', parameters));
    expect([badName.statusCode, badName.code]).toEqual([400, 'InvalidRoleAssignmentId']);
    const noScope = await restError(() => assign(workspaceScope('ghost'), randomUUID(), parameters));
    expect(noScope.statusCode).toBe(404);
  });

  it('assigns at service and gateway scopes; accepts principals added at run time', async () => {
    const gatewayScope = `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.ApiManagement/gateways/gw-shared-eastus`;
    await assign(serviceId, randomUUID(), {
      roleDefinitionId: roleId(roleDefinitions.serviceWorkspaceApiDeveloper),
      principalId: principals.requester,
      principalType: 'User',
    });
    const newcomer = randomUUID();
    env.emulator.addPrincipal(newcomer, 'ServicePrincipal');
    const assignment = await assign(gatewayScope, randomUUID(), {
      roleDefinitionId: roleId(roleDefinitions.reader),
      principalId: newcomer,
      principalType: 'ServicePrincipal',
    });
    expect(assignment.principalId).toBe(newcomer);
  });

  it('gets, lists with filters and deletes', async () => {
    const fetched = await env.authorization.roleAssignments.get(workspaceScope(), name);
    expect(fetched.roleDefinitionId).toBe(roleId(roleDefinitions.workspaceContributor));

    expect(await listAt(serviceId, 'atScope()')).toHaveLength(1);
    expect(await listAt(serviceId)).toHaveLength(2);
    const forGroup = await listAt(serviceId, `principalId eq '${principals.paymentsDevelopers}'`);
    expect(forGroup.map((assignment) => assignment.name)).toEqual([name]);

    await env.authorization.roleAssignments.delete(workspaceScope(), name);
    const gone = await restError(() => env.authorization.roleAssignments.get(workspaceScope(), name));
    expect([gone.statusCode, gone.code]).toEqual([404, 'RoleAssignmentNotFound']);
  });
});

describe('role definitions', () => {
  it('serves the nine built-in roles under the subscription and any scope', async () => {
    const definitions = env.authorization.roleDefinitions;
    const subscription = `/subscriptions/${subscriptionId}`;
    const developer = await definitions.get(subscription, roleDefinitions.workspaceApiDeveloper);
    expect(developer.roleName).toBe('API Management Workspace API Developer');
    const owner = await definitions.getById(roleId(roleDefinitions.owner));
    expect(owner.roleName).toBe('Owner');
    expect(await collect(definitions.list(workspaceScope()))).toHaveLength(9);
  });
});
