import type { ApiManagementGatewayConfigConnectionResource } from '@azure/arm-apimanagement';
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

function connectionPath(gateway: string, connection: string): string {
  const { subscriptionId } = env.emulator.seed;
  const gateways = `/subscriptions/${subscriptionId}/resourceGroups/${group}/providers/Microsoft.ApiManagement/gateways`;
  return `${gateways}/${gateway}/configConnections/${connection}?api-version=2024-05-01`;
}

async function createWorkspace(name: string): Promise<string> {
  const { serviceName } = env.emulator.seed;
  await env.apim.workspace.createOrUpdate(group, serviceName, name, { displayName: name });
  return workspaceId(name);
}

function connect(gateway: string, name: string, body: ApiManagementGatewayConfigConnectionResource) {
  return env.apim.apiGatewayConfigConnection.beginCreateOrUpdate(group, gateway, name, body, POLL);
}

function getConnection(gateway: string, name: string) {
  return env.apim.apiGatewayConfigConnection.get(group, gateway, name);
}

describe('config connections', () => {
  it('connects a workspace to a shared gateway; the hostname appears once Succeeded', async () => {
    const sourceId = await createWorkspace('payments');
    const poller = await connect('gw-shared-eastus', 'cc-payments', { sourceId });
    const pending = await getConnection('gw-shared-eastus', 'cc-payments');
    expect(pending.provisioningState).toBe('Creating');
    expect(pending.defaultHostname).toBeUndefined();

    env.clock.advance(60_000);
    const done = await poller.pollUntilDone();
    expect(done.provisioningState).toBe('Succeeded');
    expect(done.sourceId).toBe(sourceId);
    expect(done.defaultHostname).toMatch(
      /^cc-payments-[a-z0-9]{16}\.gw-shared-eastus\.gateway\.eastus\.azure-api\.net$/,
    );
  });

  it('lists the connections of a gateway', async () => {
    const listing = (gateway: string) =>
      collect(env.apim.apiGatewayConfigConnection.listByGateway(group, gateway));
    const shared = await listing('gw-shared-eastus');
    expect(shared.map((connection) => connection.name).sort()).toEqual([
      'cc-inventory',
      'cc-orders',
      'cc-payments',
    ]);
    expect(await listing('gw-full-eastus')).toHaveLength(30);
  });

  it('shows which gateways serve a workspace through workspaceLinks', async () => {
    const { serviceName, gateways } = env.emulator.seed;
    const link = await env.apim.apiManagementWorkspaceLink.get(group, serviceName, 'payments');
    expect(link.workspaceId).toBe(workspaceId('payments'));
    expect(link.gateways?.map((gateway) => gateway.id?.split('/').pop())).toEqual([gateways.shared]);
    const links = await collect(
      env.apim.apiManagementWorkspaceLinks.listByService(group, serviceName),
    );
    expect(links.map((entry) => entry.name)).toEqual(
      expect.arrayContaining(['orders', 'billing', 'team-30', 'payments']),
    );
  });

  it('refuses a second workspace on a gateway created before 2025-04-15', async () => {
    const sourceId = await createWorkspace('legacy-second');
    const error = await restError(() => connect('gw-legacy-eastus', 'cc-second', { sourceId }));
    expect([error.statusCode, error.code]).toEqual([400, 'GatewayDoesNotSupportMultipleWorkspaces']);
  });

  it('refuses a 31st workspace', async () => {
    const sourceId = await createWorkspace('team-31');
    const error = await restError(() => connect('gw-full-eastus', 'cc-team-31', { sourceId }));
    expect([error.statusCode, error.code]).toEqual([400, 'GatewayWorkspaceLimitReached']);
  });

  it.each([
    ['a missing workspace', () => workspaceId('ghost')],
    ['an id that is not a workspace', () => env.emulator.seed.serviceId],
    ['the plural "services" form', () => workspaceId('orders').replace('/service/', '/services/')],
  ])('rejects sourceId naming %s', async (_, sourceId) => {
    const error = await restError(() =>
      connect('gw-shared-eastus', 'cc-bad', { sourceId: sourceId() }),
    );
    expect([error.statusCode, error.code]).toEqual([400, 'InvalidSourceId']);
  });

  it('validates the name (1-30) and requires properties', async () => {
    const sourceId = workspaceId('orders');
    const long = await restError(() => connect('gw-shared-eastus', 'c'.repeat(31), { sourceId }));
    expect([long.statusCode, long.code]).toEqual([400, 'InvalidResourceName']);
    const bare = await env.raw('PUT', connectionPath('gw-shared-eastus', 'cc-bare'), { body: {} });
    expect(bare.status).toBe(400);
  });

  it('answers 404 ParentResourceNotFound on a missing gateway', async () => {
    const error = await restError(() => getConnection('gw-ghost', 'cc-x'));
    expect([error.statusCode, error.code]).toEqual([404, 'ParentResourceNotFound']);
  });

  it('refuses a connection while the gateway is still being created (409)', async () => {
    await env.apim.apiGateway.beginCreateOrUpdate(
      group,
      'gw-young',
      { location: 'eastus', sku: { name: 'WorkspaceGatewayPremium' }, virtualNetworkType: 'None' },
      POLL,
    );
    const sourceId = workspaceId('payments');
    const error = await restError(() => connect('gw-young', 'cc-payments', { sourceId }));
    expect(error.statusCode).toBe(409);
    env.clock.advance(3 * HOUR);
  });

  it('deletes only with If-Match, as a 202 LRO', async () => {
    const path = connectionPath('gw-shared-eastus', 'cc-payments');
    expect((await env.raw('DELETE', path)).status).toBe(400);
    expect((await env.raw('DELETE', path, { headers: { 'If-Match': 'stale' } })).status).toBe(412);

    const { etag } = await getConnection('gw-shared-eastus', 'cc-payments');
    const poller = await env.apim.apiGatewayConfigConnection.beginDelete(
      group,
      'gw-shared-eastus',
      'cc-payments',
      etag ?? '',
      POLL,
    );
    env.clock.advance(60_000);
    await poller.pollUntilDone();
    const gone = await restError(() => getConnection('gw-shared-eastus', 'cc-payments'));
    expect(gone.statusCode).toBe(404);
    expect((await env.raw('DELETE', path, { headers: { 'If-Match': '*' } })).status).toBe(204);
  });
});
