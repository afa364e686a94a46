import type { DiagnosticSettingsResource } from '@azure/arm-monitor';
import { collect, restError, startTestEmulator, type TestEmulator } from './emulatorHarness';

let env: TestEmulator;

beforeAll(async () => {
  env = await startTestEmulator();
});
afterAll(() => env.stop());

function workspaceUri(name = 'orders'): string {
  return `${env.emulator.seed.serviceId}/workspaces/${name}`;
}

function gatewayLogsTo(workspaceId: string | undefined) {
  return { workspaceId, logs: [{ category: 'GatewayLogs', enabled: true }] };
}

function putSetting(resourceUri: string, name: string, parameters: DiagnosticSettingsResource) {
  return env.monitor.diagnosticSettings.createOrUpdate(resourceUri, name, parameters);
}

function listSettings(resourceUri: string) {
  return collect(env.monitor.diagnosticSettings.list(resourceUri));
}

describe('diagnostic settings', () => {
  it('starts with none on the service, so the bot must create one', async () => {
    expect(await listSettings(env.emulator.seed.serviceId)).toEqual([]);
  });

  it('creates service and workspace settings (200) and reads them back', async () => {
    const { serviceId, logAnalyticsWorkspaceId } = env.emulator.seed;
    const service = await putSetting(serviceId, 'to-law', {
      workspaceId: logAnalyticsWorkspaceId,
      logs: [{ categoryGroup: 'allLogs', enabled: true }],
      metrics: [{ category: 'AllMetrics', enabled: true }],
      logAnalyticsDestinationType: 'Dedicated',
    });
    expect(service.workspaceId).toBe(logAnalyticsWorkspaceId);

    const workspace = await putSetting(workspaceUri(), 'to-law', gatewayLogsTo(logAnalyticsWorkspaceId));
    const expectedId = `${workspaceUri()}/providers/microsoft.insights/diagnosticSettings/to-law`;
    expect(workspace.id?.toLowerCase()).toBe(expectedId.toLowerCase());
    const fetched = await env.monitor.diagnosticSettings.get(workspaceUri(), 'to-law');
    expect(fetched.logs).toEqual([expect.objectContaining({ category: 'GatewayLogs', enabled: true })]);
  });

  it('tolerates the leading slash arm-monitor turns into //subscriptions', async () => {
    const puts = env.emulator
      .requestLog()
      .filter((entry) => entry.operation === 'diagnosticSettings.put');
    expect(puts.length).toBeGreaterThan(0);
    expect(puts.every((entry) => entry.status === 200)).toBe(true);
    const path = `/${workspaceUri()}/providers/Microsoft.Insights/diagnosticSettings/to-law`;
    expect((await env.raw('GET', `${path}?api-version=2021-05-01-preview`)).status).toBe(200);
  });

  it('refuses a second setting sending the same category to the same workspace (409)', async () => {
    const { logAnalyticsWorkspaceId } = env.emulator.seed;
    const error = await restError(() =>
      putSetting(workspaceUri(), 'duplicate', gatewayLogsTo(logAnalyticsWorkspaceId)),
    );
    expect(error.statusCode).toBe(409);
    expect(error.message).toMatch(/already used in diagnostic setting 'to-law'/);
  });

  const missingWorkspace =
    '/subscriptions/6b1c3f9e-2d4a-4e8b-9c7f-1a2b3c4d5e6f/resourceGroups/rg-api-platform' +
    '/providers/Microsoft.OperationalInsights/workspaces/law-ghost';

  it.each([
    ['a category a workspace does not have', { logs: [{ category: 'WebSocketConnectionLogs', enabled: true }] }],
    ['workspace metrics', { metrics: [{ category: 'AllMetrics', enabled: true }], logs: [] }],
    ['an unknown Log Analytics workspace', { workspaceId: missingWorkspace }],
    ['no destination at all', { workspaceId: undefined }],
  ])('rejects %s with 400', async (_, override) => {
    const parameters = { ...gatewayLogsTo(env.emulator.seed.logAnalyticsWorkspaceId), ...override };
    const error = await restError(() => putSetting(workspaceUri('inventory'), 'bad', parameters));
    expect(error.statusCode).toBe(400);
  });

  it('answers 404 for settings of a missing workspace', async () => {
    const error = await restError(() =>
      env.monitor.diagnosticSettings.get(workspaceUri('ghost'), 'to-law'),
    );
    expect(error.statusCode).toBe(404);
  });

  it('lists and deletes', async () => {
    expect(await listSettings(workspaceUri())).toHaveLength(1);
    await env.monitor.diagnosticSettings.delete(workspaceUri(), 'to-law');
    expect(await listSettings(workspaceUri())).toHaveLength(0);
  });
});

describe('Log Analytics, network and service reads', () => {
  it('reads the seeded Log Analytics workspace', async () => {
    const path = `${env.emulator.seed.logAnalyticsWorkspaceId}?api-version=2022-10-01`;
    const response = await env.raw('GET', path);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      name: 'law-apim-platform',
      properties: { provisioningState: 'Succeeded' },
    });
  });

  it('lists Log Analytics workspaces and creates one (the bot creates it when missing)', async () => {
    const { subscriptionId, resourceGroup } = env.emulator.seed;
    const provider = 'providers/Microsoft.OperationalInsights/workspaces';
    const inGroup = `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/${provider}`;
    const created = await env.raw('PUT', `${inGroup}/law-payments?api-version=2022-10-01`, {
      body: { location: 'eastus', properties: { sku: { name: 'PerGB2018' } } },
    });
    expect(created.status).toBe(201);
    const all = await env.raw('GET', `/subscriptions/${subscriptionId}/${provider}?api-version=2022-10-01`);
    const names = (all.body as { value: Array<{ name: string }> }).value.map((each) => each.name);
    expect(names.sort()).toEqual(['law-apim-platform', 'law-payments']);
    const lawId = `${inGroup}/law-payments`;
    const setting = await putSetting(workspaceUri('billing'), 'to-new-law', gatewayLogsTo(lawId));
    expect(setting.workspaceId).toBe(lawId);
  });

  it('reads subnets with prefix and delegation through @azure/arm-network', async () => {
    const { resourceGroup, virtualNetworks, subnets } = env.emulator.seed;
    const subnet = (name: string) => env.network.subnets.get(resourceGroup, virtualNetworks.eastus, name);
    const integration = await subnet(subnets.integration);
    expect(integration.addressPrefix).toBe('10.10.1.0/27');
    const delegations = integration.delegations?.map((delegation) => delegation.serviceName);
    expect(delegations).toEqual(['Microsoft.Web/serverFarms']);
    expect((await subnet(subnets.undelegated)).delegations).toEqual([]);
    const all = await collect(env.network.subnets.list(resourceGroup, virtualNetworks.eastus));
    expect(all).toHaveLength(5);
  });

  it('reads virtual networks with their region', async () => {
    const { resourceGroup, virtualNetworks } = env.emulator.seed;
    const west = await env.network.virtualNetworks.get(resourceGroup, virtualNetworks.westus);
    expect(west.location).toBe('westus');
    expect(west.addressSpace?.addressPrefixes).toEqual(['10.20.0.0/16']);
    expect(await collect(env.network.virtualNetworks.list(resourceGroup))).toHaveLength(2);
    const missing = await restError(() =>
      env.network.subnets.get(resourceGroup, virtualNetworks.eastus, 'snet-ghost'),
    );
    expect(missing.statusCode).toBe(404);
  });

  it('reads the APIM service', async () => {
    const { resourceGroup, serviceName } = env.emulator.seed;
    const service = await env.apim.apiManagementService.get(resourceGroup, serviceName);
    expect(service.sku.name).toBe('Premium');
    expect(service.provisioningState).toBe('Succeeded');
  });
});
