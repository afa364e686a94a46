import { collect, restError, startTestEmulator, type TestEmulator } from './emulatorHarness';

let env: TestEmulator;

beforeAll(async () => {
  env = await startTestEmulator();
});
afterAll(() => env.stop());

function workspaceUri(name = 'orders'): string {
  return `${env.emulator.seed.serviceId}/workspaces/${name}`;
}

function gatewayLogsTo(workspaceId: string) {
  return { workspaceId, logs: [{ category: 'GatewayLogs', enabled: true }] };
}

describe('diagnostic settings', () => {
  it('starts with none on the service, so the bot must create one', async () => {
    expect(await collect(env.monitor.diagnosticSettings.list(env.emulator.seed.serviceId))).toEqual([]);
  });

  it('creates service and workspace settings (200) and reads them back', async () => {
    const { serviceId, logAnalyticsWorkspaceId } = env.emulator.seed;
    const service = await env.monitor.diagnosticSettings.createOrUpdate(serviceId, 'to-law', {
      workspaceId: logAnalyticsWorkspaceId,
      logs: [{ categoryGroup: 'allLogs', enabled: true }],
      metrics: [{ category: 'AllMetrics', enabled: true }],
      logAnalyticsDestinationType: 'Dedicated',
    });
    expect(service.workspaceId).toBe(logAnalyticsWorkspaceId);

    const workspace = await env.monitor.diagnosticSettings.createOrUpdate(workspaceUri(), 'to-law', gatewayLogsTo(logAnalyticsWorkspaceId));
    expect(workspace.id?.toLowerCase()).toBe(`${workspaceUri()}/providers/microsoft.insights/diagnosticSettings/to-law`.toLowerCase());
    const fetched = await env.monitor.diagnosticSettings.get(workspaceUri(), 'to-law');
    expect(fetched.logs).toEqual([expect.objectContaining({ category: 'GatewayLogs', enabled: true })]);
  });

  it('tolerates the leading slash arm-monitor turns into //subscriptions', async () => {
    const log = env.emulator.requestLog().filter((entry) => entry.operation === 'diagnosticSettings.put');
    expect(log.length).toBeGreaterThan(0);
    expect(log.every((entry) => entry.status === 200)).toBe(true);
    const doubled = await env.raw('GET', `/${workspaceUri()}/providers/Microsoft.Insights/diagnosticSettings/to-law?api-version=2021-05-01-preview`);
    expect(doubled.status).toBe(200);
  });

  it('refuses a second setting sending the same category to the same workspace (409)', async () => {
    const { logAnalyticsWorkspaceId } = env.emulator.seed;
    const error = await restError(() =>
      env.monitor.diagnosticSettings.createOrUpdate(workspaceUri(), 'duplicate', gatewayLogsTo(logAnalyticsWorkspaceId)),
    );
    expect(error.statusCode).toBe(409);
    expect(error.message).toMatch(/already used in diagnostic setting 'to-law'/);
  });

  it.each([
    ['a category a workspace does not have', { logs: [{ category: 'WebSocketConnectionLogs', enabled: true }] }, 400],
    ['workspace metrics', { metrics: [{ category: 'AllMetrics', enabled: true }], logs: [] }, 400],
    ['an unknown Log Analytics workspace', { workspaceId: '/subscriptions/6b1c3f9e-2d4a-4e8b-9c7f-1a2b3c4d5e6f/resourceGroups/rg-api-platform/providers/Microsoft.OperationalInsights/workspaces/law-ghost' }, 400],
    ['no destination at all', { workspaceId: undefined }, 400],
  ])('rejects %s', async (_, override, status) => {
    const parameters = { ...gatewayLogsTo(env.emulator.seed.logAnalyticsWorkspaceId), ...override };
    const error = await restError(() => env.monitor.diagnosticSettings.createOrUpdate(workspaceUri('inventory'), 'bad', parameters));
    expect(error.statusCode).toBe(status);
  });

  it('answers 404 for settings of a missing workspace', async () => {
    const error = await restError(() => env.monitor.diagnosticSettings.get(workspaceUri('ghost'), 'to-law'));
    expect(error.statusCode).toBe(404);
  });

  it('lists and deletes', async () => {
    expect(await collect(env.monitor.diagnosticSettings.list(workspaceUri()))).toHaveLength(1);
    await env.monitor.diagnosticSettings.delete(workspaceUri(), 'to-law');
    expect(await collect(env.monitor.diagnosticSettings.list(workspaceUri()))).toHaveLength(0);
  });
});

describe('Log Analytics and network reads', () => {
  it('reads the seeded Log Analytics workspace', async () => {
    const response = await env.raw('GET', `${env.emulator.seed.logAnalyticsWorkspaceId}?api-version=2022-10-01`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ name: 'law-apim-platform', properties: { provisioningState: 'Succeeded' } });
  });

  it('reads subnets with prefix and delegation through @azure/arm-network', async () => {
    const { resourceGroup, virtualNetworks, subnets } = env.emulator.seed;
    const integration = await env.network.subnets.get(resourceGroup, virtualNetworks.eastus, subnets.integration);
    expect(integration.addressPrefix).toBe('10.10.1.0/27');
    expect(integration.delegations?.map((delegation) => delegation.serviceName)).toEqual(['Microsoft.Web/serverFarms']);
    const undelegated = await env.network.subnets.get(resourceGroup, virtualNetworks.eastus, subnets.undelegated);
    expect(undelegated.delegations).toEqual([]);
    const all = await collect(env.network.subnets.list(resourceGroup, virtualNetworks.eastus));
    expect(all).toHaveLength(5);
  });

  it('reads virtual networks with their region', async () => {
    const { resourceGroup, virtualNetworks } = env.emulator.seed;
    const west = await env.network.virtualNetworks.get(resourceGroup, virtualNetworks.westus);
    expect(west.location).toBe('westus');
    expect(west.addressSpace?.addressPrefixes).toEqual(['10.20.0.0/16']);
    expect(await collect(env.network.virtualNetworks.list(resourceGroup))).toHaveLength(2);
    const missing = await restError(() => env.network.subnets.get(resourceGroup, virtualNetworks.eastus, 'snet-ghost'));
    expect(missing.statusCode).toBe(404);
  });

  it('reads the APIM service', async () => {
    const service = await env.apim.apiManagementService.get(env.emulator.seed.resourceGroup, env.emulator.seed.serviceName);
    expect(service.sku.name).toBe('Premium');
    expect(service.provisioningState).toBe('Succeeded');
  });
});
