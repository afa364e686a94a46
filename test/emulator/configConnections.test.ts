import { collect, HOUR, restError, startTestEmulator, type TestEmulator } from './emulatorHarness';

let env: TestEmulator;
let group: string;
const POLL = { updateIntervalInMs: 5 };

beforeAll(async () => {
  env = await startTestEmulator();
  group = env.emulator.seed.resourceGroup;
});
afterAll(() => env.stop());

function workspaceId(name: string): string {
  return `${env.emulator.seed.serviceId}/workspaces/${name}`;
}

async function createWorkspace(name: string): Promise<string> {
  await env.apim.workspace.createOrUpdate(group, env.emulator.seed.serviceName, name, { displayName: name });
  return workspaceId(name);
}

describe('config connections', () => {
  it('connects a workspace to a shared gateway; the hostname appears once Succeeded', async () => {
    const sourceId = await createWorkspace('payments');
    const poller = await env.apim.apiGatewayConfigConnection.beginCreateOrUpdate(
      group, 'gw-shared-eastus', 'cc-payments', { sourceId }, POLL,
    );
    const pending = await env.apim.apiGatewayConfigConnection.get(group, 'gw-shared-eastus', 'cc-payments');
    expect(pending.provisioningState).toBe('Creating');
    expect(pending.defaultHostname).toBeUndefined();

    env.clock.advance(60_000);
    const done = await poller.pollUntilDone();
    expect(done.provisioningState).toBe('Succeeded');
    expect(done.sourceId).toBe(sourceId);
    expect(done.defaultHostname).toMatch(/^cc-payments-[a-z0-9]{16}\.gw-shared-eastus\.gateway\.eastus\.azure-api\.net$/);
  });

  it('lists the connections of a gateway', async () => {
    const connections = await collect(env.apim.apiGatewayConfigConnection.listByGateway(group, 'gw-shared-eastus'));
    expect(connections.map((connection) => connection.name).sort()).toEqual(['cc-inventory', 'cc-orders', 'cc-payments']);
    const full = await collect(env.apim.apiGatewayConfigConnection.listByGateway(group, 'gw-full-eastus'));
    expect(full).toHaveLength(30);
  });

  it('refuses a second workspace on a gateway created before 2025-04-15', async () => {
    const sourceId = await createWorkspace('legacy-second');
    const error = await restError(() =>
      env.apim.apiGatewayConfigConnection.beginCreateOrUpdate(group, 'gw-legacy-eastus', 'cc-second', { sourceId }, POLL),
    );
    expect([error.statusCode, error.code]).toEqual([400, 'GatewayDoesNotSupportMultipleWorkspaces']);
  });

  it('refuses a 31st workspace', async () => {
    const sourceId = await createWorkspace('team-31');
    const error = await restError(() =>
      env.apim.apiGatewayConfigConnection.beginCreateOrUpdate(group, 'gw-full-eastus', 'cc-team-31', { sourceId }, POLL),
    );
    expect([error.statusCode, error.code]).toEqual([400, 'GatewayWorkspaceLimitReached']);
  });

  it.each([
    ['a missing workspace', () => workspaceId('ghost')],
    ['an id that is not a workspace', () => env.emulator.seed.serviceId],
    ['the plural "services" form', () => workspaceId('orders').replace('/service/', '/services/')],
  ])('rejects sourceId naming %s', async (_, sourceId) => {
    const error = await restError(() =>
      env.apim.apiGatewayConfigConnection.beginCreateOrUpdate(group, 'gw-shared-eastus', 'cc-bad', { sourceId: sourceId() }, POLL),
    );
    expect([error.statusCode, error.code]).toEqual([400, 'InvalidSourceId']);
  });

  it('validates the name (1-30) and requires properties', async () => {
    const long = await restError(() =>
      env.apim.apiGatewayConfigConnection.beginCreateOrUpdate(group, 'gw-shared-eastus', 'c'.repeat(31), { sourceId: workspaceId('orders') }, POLL),
    );
    expect([long.statusCode, long.code]).toEqual([400, 'InvalidResourceName']);
    const { subscriptionId } = env.emulator.seed;
    const bare = await env.raw(
      'PUT',
      `/subscriptions/${subscriptionId}/resourceGroups/${group}/providers/Microsoft.ApiManagement/gateways/gw-shared-eastus/configConnections/cc-bare?api-version=2024-05-01`,
      { body: {} },
    );
    expect(bare.status).toBe(400);
  });

  it('answers 404 ParentResourceNotFound on a missing gateway', async () => {
    const error = await restError(() => env.apim.apiGatewayConfigConnection.get(group, 'gw-ghost', 'cc-x'));
    expect([error.statusCode, error.code]).toEqual([404, 'ParentResourceNotFound']);
  });

  it('refuses a connection while the gateway is still being created (409)', async () => {
    await env.apim.apiGateway.beginCreateOrUpdate(
      group, 'gw-young', { location: 'eastus', sku: { name: 'WorkspaceGatewayPremium', capacity: 1 }, virtualNetworkType: 'None' }, POLL,
    );
    const error = await restError(() =>
      env.apim.apiGatewayConfigConnection.beginCreateOrUpdate(group, 'gw-young', 'cc-payments', { sourceId: workspaceId('payments') }, POLL),
    );
    expect(error.statusCode).toBe(409);
    env.clock.advance(3 * HOUR);
  });

  it('deletes only with If-Match, as a 202 LRO', async () => {
    const { subscriptionId } = env.emulator.seed;
    const path = `/subscriptions/${subscriptionId}/resourceGroups/${group}/providers/Microsoft.ApiManagement/gateways/gw-shared-eastus/configConnections/cc-payments?api-version=2024-05-01`;
    expect((await env.raw('DELETE', path)).status).toBe(400);
    expect((await env.raw('DELETE', path, { headers: { 'If-Match': 'stale' } })).status).toBe(412);

    const { etag } = await env.apim.apiGatewayConfigConnection.get(group, 'gw-shared-eastus', 'cc-payments');
    const poller = await env.apim.apiGatewayConfigConnection.beginDelete(group, 'gw-shared-eastus', 'cc-payments', etag ?? '', POLL);
    env.clock.advance(60_000);
    await poller.pollUntilDone();
    const gone = await restError(() => env.apim.apiGatewayConfigConnection.get(group, 'gw-shared-eastus', 'cc-payments'));
    expect(gone.statusCode).toBe(404);
    expect((await env.raw('DELETE', path, { headers: { 'If-Match': '*' } })).status).toBe(204);
  });
});
