import { randomUUID } from 'node:crypto';
import { createEmulatorCredential, EMULATOR_SEED } from '../../src/emulator';
import { APPROVALS_CHANNEL, APPROVER, factValue } from '../../src/local-teams/journey';
import { cardOf } from '../../src/local-teams/local-connector';
import type { Member } from '../../src/core/request';
import { createClients } from '../emulator/emulatorHarness';
import { HOUR, MINUTE, paymentsSpec, World } from './world';

const { roleDefinitions: ROLE, principals: PEOPLE, subscriptionId, resourceGroup, serviceId } = EMULATOR_SEED;

describe('role assignments', () => {
  let world: World;

  beforeEach(async () => {
    world = await World.start({ gatewayMs: 5 * MINUTE });
    await world.meetEveryone({ announcements: false });
  });
  afterEach(async () => world.stop());

  /** Every assignment in the resource group, as the real SDK lists them. */
  async function assignments() {
    const { authorization } = createClients(world.emulator, createEmulatorCredential());
    const found = [];
    for await (const assignment of authorization.roleAssignments.listForScope(`subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`)) found.push(assignment);
    return found.map((a) => ({ id: a.id, scope: a.scope?.toLowerCase(), role: a.roleDefinitionId?.split('/').pop(), principalId: a.principalId, principalType: a.principalType, createdOn: a.createdOn, updatedOn: a.updatedOn }));
  }

  it('gives a member a service-scoped and a workspace-scoped role, and the gateway manager a role on the gateway', async () => {
    const spec = paymentsSpec();
    const request = await world.approvedRequest(spec);
    expect((await world.runUntilState(request.id, ['succeeded', 'failed'], HOUR)).state).toBe('succeeded');

    const all = await assignments();
    const workspaceScope = `${serviceId}/workspaces/${spec.workspace.name}`.toLowerCase();
    const gatewayScope = `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.ApiManagement/gateways/${spec.gateway.name}`.toLowerCase();
    expect(all.filter((a) => a.principalId === PEOPLE.paymentsDevelopers)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ scope: serviceId.toLowerCase(), role: ROLE.serviceWorkspaceApiDeveloper, principalType: 'Group' }),
        expect.objectContaining({ scope: workspaceScope, role: ROLE.workspaceContributor, principalType: 'Group' }),
      ]),
    );
    expect(all.filter((a) => a.principalId === PEOPLE.requester)).toEqual([
      expect.objectContaining({ scope: gatewayScope, role: ROLE.reader, principalType: 'User' }),
    ]);
  });

  it('changes nothing when the role step runs a second time', async () => {
    const spec = paymentsSpec();
    world.emulator.faults.injectResponse({ method: 'PUT', path: `/workspaces/${spec.workspace.name}/providers/Microsoft.Insights/diagnosticSettings/`, status: 400 });
    const request = await world.approvedRequest(spec);
    expect((await world.runUntilState(request.id, ['succeeded', 'failed'], HOUR)).failure?.step).toBe('diagnostics');
    const before = await assignments();
    const rolePuts = () => world.armCalls().filter((e) => e.operation === 'roleAssignments.put').map((e) => e.status);
    expect(rolePuts()).toEqual([201, 201, 201]);

    // The role step is made to run again from the start, then an approver retries.
    const roles = (await world.store.getSteps(request.id)).find((s) => s.step === 'roles');
    await world.store.saveStep({ ...roles!, status: 'pending' });
    const approval = world.connector.calls.find((c) => c.conversationId === APPROVALS_CHANNEL.id && factValue(cardOf(c.activity), 'Request') === request.id);
    await world.client.invoke(APPROVER, APPROVALS_CHANNEL, approval!.activityId, 'retryProvisioning', { requestId: request.id });
    expect((await world.runUntilState(request.id, ['succeeded', 'failed'], HOUR)).state).toBe('succeeded');

    expect(rolePuts()).toEqual([201, 201, 201, 200, 200, 200]);
    expect(await assignments()).toEqual(before);
  });

  it('refuses a role outside the nine the bot may grant, and grants nothing for it', async () => {
    const member = { ...paymentsSpec().members[0], serviceRole: 'owner' } as unknown as Member;
    const request = await world.approvedRequest(paymentsSpec({ members: [member], gatewayManagers: [] }));

    const failed = await world.runUntilState(request.id, ['succeeded', 'failed'], HOUR);
    expect(failed.state).toBe('failed');
    expect(failed.failure).toEqual({ step: 'roles', message: expect.stringContaining('"owner" is not a role the bot may grant') });
    expect(world.armCalls().filter((e) => e.operation === 'roleAssignments.put')).toHaveLength(0);
  });

  it('waits for a group Entra has not replicated yet, and assigns its roles once it appears', async () => {
    const newGroup = randomUUID();
    const member: Member = { principalId: newGroup, principalType: 'Group', displayName: 'Fresh group', serviceRole: 'service_api_product_manager', workspaceRole: 'workspace_reader' };
    const request = await world.approvedRequest(paymentsSpec({ members: [member], gatewayManagers: [] }));

    await world.runUntil(async () => world.armCalls().some((e) => e.operation === 'roleAssignments.put'), HOUR);
    world.clock.advance(3 * MINUTE);
    await world.runDue();
    expect((await world.request(request.id)).state).toBe('provisioning');
    world.emulator.addPrincipal(newGroup, 'Group');

    expect((await world.runUntilState(request.id, ['succeeded', 'failed'], HOUR)).state).toBe('succeeded');
    const statuses = world.armCalls().filter((e) => e.operation === 'roleAssignments.put').map((e) => e.status);
    expect(statuses.filter((s) => s === 400).length).toBeGreaterThan(1);
    expect(statuses.slice(-2)).toEqual([201, 201]);
  });

  it('fails with Azure\'s message when the principal never appears', async () => {
    const member: Member = { principalId: randomUUID(), principalType: 'User', displayName: 'Nobody', serviceRole: 'service_api_developer', workspaceRole: 'workspace_reader' };
    const request = await world.approvedRequest(paymentsSpec({ members: [member], gatewayManagers: [] }));

    const failed = await world.runUntilState(request.id, ['succeeded', 'failed'], HOUR);
    expect(failed.state).toBe('failed');
    expect(failed.failure?.message).toMatch(/does not exist in the directory.*PrincipalNotFound/s);
    const puts = world.armCalls().filter((e) => e.operation === 'roleAssignments.put');
    const waited = Date.parse(puts[puts.length - 1].at) - Date.parse(puts[0].at);
    expect(waited).toBeGreaterThanOrEqual(5 * MINUTE);
  });
});
