import { randomUUID } from 'node:crypto';
import { collect, restError, startTestEmulator, type TestEmulator } from './emulatorHarness';

let env: TestEmulator;

beforeAll(async () => {
  env = await startTestEmulator();
});
afterAll(() => env.stop());

function roleId(guid: string): string {
  return `/subscriptions/${env.emulator.seed.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
}

function workspaceScope(name = 'orders'): string {
  return `${env.emulator.seed.serviceId}/workspaces/${name}`;
}

describe('role assignments', () => {
  const name = 'f0e1d2c3-b4a5-4697-8877-665544332211';

  it('creates with 201 and repeats idempotently with 200 under the same name', async () => {
    const { roleDefinitions, principals } = env.emulator.seed;
    const parameters = {
      roleDefinitionId: roleId(roleDefinitions.workspaceContributor),
      principalId: principals.paymentsDevelopers,
      principalType: 'Group',
    };
    const first = await env.raw(
      'PUT',
      `${workspaceScope()}/providers/Microsoft.Authorization/roleAssignments/${name}?api-version=2022-04-01`,
      { body: { properties: parameters } },
    );
    expect(first.status).toBe(201);
    const again = await env.authorization.roleAssignments.create(workspaceScope(), name, parameters);
    expect(again.name).toBe(name);
    expect(again.scope).toBe(workspaceScope());
    expect(again.principalType).toBe('Group');
    expect(again.type).toBe('Microsoft.Authorization/roleAssignments');
  });

  it('answers 409 RoleAssignmentExists for the same scope, role and principal under another name', async () => {
    const { roleDefinitions, principals } = env.emulator.seed;
    const error = await restError(() =>
      env.authorization.roleAssignments.create(workspaceScope(), randomUUID(), {
        roleDefinitionId: roleId(roleDefinitions.workspaceContributor),
        principalId: principals.paymentsDevelopers,
      }),
    );
    expect([error.statusCode, error.code]).toEqual([409, 'RoleAssignmentExists']);
    expect(error.message).toBe('The role assignment already exists.');
  });

  it('refuses to change the role or principal of an existing name', async () => {
    const { roleDefinitions, principals } = env.emulator.seed;
    const error = await restError(() =>
      env.authorization.roleAssignments.create(workspaceScope(), name, {
        roleDefinitionId: roleId(roleDefinitions.workspaceReader),
        principalId: principals.paymentsDevelopers,
      }),
    );
    expect([error.statusCode, error.code]).toEqual([409, 'RoleAssignmentUpdateNotPermitted']);
  });

  it.each([
    ['an unknown principal', { principalId: '99999999-9999-4999-8999-999999999999' }, 'PrincipalNotFound'],
    ['a mismatched principalType', { principalType: 'User' }, 'UnmatchedPrincipalType'],
    ['an unknown role definition', { roleDefinitionId: '/subscriptions/x/providers/Microsoft.Authorization/roleDefinitions/11111111-2222-4333-8444-555555555555' }, 'RoleDefinitionDoesNotExist'],
  ])('rejects %s with 400', async (_, override, code) => {
    const { roleDefinitions, principals } = env.emulator.seed;
    const error = await restError(() =>
      env.authorization.roleAssignments.create(workspaceScope(), randomUUID(), {
        roleDefinitionId: roleId(roleDefinitions.workspaceReader),
        principalId: principals.paymentsDevelopers,
        ...override,
      }),
    );
    expect([error.statusCode, error.code]).toEqual([400, code]);
  });

  it('requires a GUID name and an existing scope', async () => {
    const { roleDefinitions, principals } = env.emulator.seed;
    const parameters = { roleDefinitionId: roleId(roleDefinitions.reader), principalId: principals.requester };
    const badName = await restError(() => env.authorization.roleAssignments.create(workspaceScope(), 'not-a-guid', parameters));
    expect([badName.statusCode, badName.code]).toEqual([400, 'InvalidRoleAssignmentId']);
    const noScope = await restError(() => env.authorization.roleAssignments.create(workspaceScope('ghost'), randomUUID(), parameters));
    expect(noScope.statusCode).toBe(404);
  });

  it('assigns at service and gateway scopes; accepts principals added at run time', async () => {
    const { roleDefinitions, principals, serviceId, subscriptionId, resourceGroup } = env.emulator.seed;
    const gatewayScope = `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.ApiManagement/gateways/gw-shared-eastus`;
    await env.authorization.roleAssignments.create(serviceId, randomUUID(), {
      roleDefinitionId: roleId(roleDefinitions.serviceWorkspaceApiDeveloper),
      principalId: principals.requester,
      principalType: 'User',
    });
    const newcomer = randomUUID();
    env.emulator.addPrincipal(newcomer, 'ServicePrincipal');
    const assignment = await env.authorization.roleAssignments.create(gatewayScope, randomUUID(), {
      roleDefinitionId: roleId(roleDefinitions.reader),
      principalId: newcomer,
      principalType: 'ServicePrincipal',
    });
    expect(assignment.principalId).toBe(newcomer);
  });

  it('gets, lists with filters and deletes', async () => {
    const fetched = await env.authorization.roleAssignments.get(workspaceScope(), name);
    expect(fetched.roleDefinitionId).toBe(roleId(env.emulator.seed.roleDefinitions.workspaceContributor));

    const atService = await collect(env.authorization.roleAssignments.listForScope(env.emulator.seed.serviceId, { filter: 'atScope()' }));
    expect(atService).toHaveLength(1);
    const below = await collect(env.authorization.roleAssignments.listForScope(env.emulator.seed.serviceId));
    expect(below).toHaveLength(2);
    const forGroup = await collect(
      env.authorization.roleAssignments.listForScope(env.emulator.seed.serviceId, {
        filter: `principalId eq '${env.emulator.seed.principals.paymentsDevelopers}'`,
      }),
    );
    expect(forGroup.map((assignment) => assignment.name)).toEqual([name]);

    await env.authorization.roleAssignments.delete(workspaceScope(), name);
    const gone = await restError(() => env.authorization.roleAssignments.get(workspaceScope(), name));
    expect([gone.statusCode, gone.code]).toEqual([404, 'RoleAssignmentNotFound']);
  });
});

describe('role definitions', () => {
  it('serves the nine built-in roles under the subscription and any scope', async () => {
    const { roleDefinitions, subscriptionId } = env.emulator.seed;
    const atSubscription = await env.authorization.roleDefinitions.get(`/subscriptions/${subscriptionId}`, roleDefinitions.workspaceApiDeveloper);
    expect(atSubscription.roleName).toBe('API Management Workspace API Developer');
    const byId = await env.authorization.roleDefinitions.getById(roleId(roleDefinitions.owner));
    expect(byId.roleName).toBe('Owner');
    const atWorkspace = await collect(env.authorization.roleDefinitions.list(workspaceScope()));
    expect(atWorkspace).toHaveLength(9);
  });
});
