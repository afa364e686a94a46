import type { ApiManagementGatewayResource } from '@azure/arm-apimanagement';
import { EMULATOR_SEED } from '../../src/emulator';
import { collect, HOUR, restError, startTestEmulator, type TestEmulator } from './emulatorHarness';

let env: TestEmulator;
let group: string;

beforeAll(async () => {
  env = await startTestEmulator();
  group = env.emulator.seed.resourceGroup;
});
afterAll(() => env.stop());

/** Built from the seed constant: it.each tables are evaluated before beforeAll runs. */
function subnetId(name: string, network = EMULATOR_SEED.virtualNetworks.eastus): string {
  const { subscriptionId, resourceGroup } = EMULATOR_SEED;
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Network/virtualNetworks/${network}/subnets/${name}`;
}

function premium(extra: Partial<ApiManagementGatewayResource> = {}): ApiManagementGatewayResource {
  return {
    location: 'eastus',
    sku: { name: 'WorkspaceGatewayPremium', capacity: 1 },
    virtualNetworkType: 'None',
    ...extra,
  };
}

const POLL = { updateIntervalInMs: 5 };

describe('gateway creation (LRO)', () => {
  it('goes Created → Activating → Succeeded as the clock passes the provisioning time', async () => {
    const poller = await env.apim.apiGateway.beginCreateOrUpdate(group, 'gw-payments', premium(), POLL);
    const initial = await env.apim.apiGateway.get(group, 'gw-payments');
    expect([initial.provisioningState, initial.targetProvisioningState]).toEqual(['Created', 'Activating']);
    expect(initial.frontend?.defaultHostname).toBeUndefined();
    expect(initial.createdAtUtc).toEqual(new Date(env.clock.now()));

    env.clock.advance(1 * HOUR);
    expect((await env.apim.apiGateway.get(group, 'gw-payments')).provisioningState).toBe('Activating');
    await poller.poll();
    expect(poller.isDone()).toBe(false);

    env.clock.advance(2 * HOUR);
    const done = await poller.pollUntilDone();
    expect(done.provisioningState).toBe('Succeeded');
    expect(done.targetProvisioningState).toBe('');
    expect(done.frontend?.defaultHostname).toMatch(/^gw-payments-[a-z0-9]{16}\.gateway\.eastus-01\.azure-api\.net$/);
    expect(done.systemData?.createdBy).toBe(env.emulator.seed.principals.bot);
  });

  it('answers the first PUT with 201 and absolute Azure-AsyncOperation, Location and Retry-After', async () => {
    const { subscriptionId } = env.emulator.seed;
    const response = await env.raw(
      'PUT',
      `/subscriptions/${subscriptionId}/resourceGroups/${group}/providers/Microsoft.ApiManagement/gateways/gw-raw?api-version=2024-05-01`,
      { body: { location: 'eastus', sku: { name: 'WorkspaceGatewayStandard', capacity: 1 }, properties: {} } },
    );
    expect(response.status).toBe(201);
    expect(response.headers['azure-asyncoperation']).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/.*\/operationresults\/.+asyncResponse$/);
    expect(response.headers.location).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/.*\/operationresults\//);
    expect(response.headers['retry-after']).toBe('0');

    const status = await env.raw('GET', String(response.headers['azure-asyncoperation']).replace(env.emulator.url, ''));
    expect(status.body).toMatchObject({ status: 'InProgress' });
    const location = await env.raw('GET', String(response.headers.location).replace(env.emulator.url, ''));
    expect(location.status).toBe(202);

    env.clock.advance(3 * HOUR);
    const finished = await env.raw('GET', String(response.headers.location).replace(env.emulator.url, ''));
    expect(finished.status).toBe(200);
    expect(finished.body).toMatchObject({ name: 'gw-raw', properties: { provisioningState: 'Succeeded' } });
  });

  it('resumes a serialized poller with resumeFrom and never sends a second PUT', async () => {
    const first = await env.apim.apiGateway.beginCreateOrUpdate(group, 'gw-resumed', premium(), POLL);
    const saved = first.toString();
    env.clock.advance(3 * HOUR);

    const resumed = await env.apim.apiGateway.beginCreateOrUpdate(group, 'gw-resumed', premium(), {
      ...POLL,
      resumeFrom: saved,
    });
    const result = await resumed.pollUntilDone();
    expect(result.provisioningState).toBe('Succeeded');
    const puts = env.emulator
      .requestLog()
      .filter((entry) => entry.method === 'PUT' && entry.path.endsWith('/gateways/gw-resumed'));
    expect(puts).toHaveLength(1);
  });

  it('refuses any write while an operation runs on the gateway (409)', async () => {
    await env.apim.apiGateway.beginCreateOrUpdate(group, 'gw-busy', premium(), POLL);
    const again = await restError(() => env.apim.apiGateway.beginCreateOrUpdate(group, 'gw-busy', premium(), POLL));
    expect([again.statusCode, again.code]).toEqual([409, 'AnotherOperationInProgress']);
    const remove = await restError(() => env.apim.apiGateway.beginDelete(group, 'gw-busy', POLL));
    expect(remove.statusCode).toBe(409);
    env.clock.advance(3 * HOUR);
  });
});

describe('gateway reads', () => {
  it('gets the seeded gateways with their SKU, network type and creation date', async () => {
    const shared = await env.apim.apiGateway.get(group, env.emulator.seed.gateways.shared);
    expect(shared.sku).toEqual({ name: 'WorkspaceGatewayPremium', capacity: 2 });
    expect(shared.virtualNetworkType).toBe('None');
    expect(shared.createdAtUtc).toEqual(new Date('2025-06-02T09:00:00Z'));
    const legacy = await env.apim.apiGateway.get(group, env.emulator.seed.gateways.legacy);
    expect(legacy.sku).toEqual({ name: 'WorkspaceGatewayStandard', capacity: 1 });
  });

  it('lists gateways by resource group and by subscription', async () => {
    const byGroup = await collect(env.apim.apiGateway.listByResourceGroup(group));
    const all = await collect(env.apim.apiGateway.list());
    expect(byGroup.map((gateway) => gateway.name)).toEqual(
      expect.arrayContaining(['gw-shared-eastus', 'gw-legacy-eastus', 'gw-full-eastus']),
    );
    expect(all).toHaveLength(byGroup.length);
  });

  it('lists the SKUs with their capacity ranges', async () => {
    const skus = await collect(env.apim.apiManagementGatewaySkus.listAvailableSkus(group, 'gw-shared-eastus'));
    expect(skus.map((sku) => [sku.sku?.name, sku.capacity?.minimum, sku.capacity?.maximum])).toEqual([
      ['WorkspaceGatewayStandard', 1, 4],
      ['WorkspaceGatewayPremium', 1, 12],
    ]);
  });

  it('answers 404 ResourceNotFound for a missing gateway', async () => {
    const error = await restError(() => env.apim.apiGateway.get(group, 'gw-nowhere'));
    expect([error.statusCode, error.code]).toEqual([404, 'ResourceNotFound']);
  });
});

describe('gateway updates and deletion', () => {
  it('scales with a PATCH LRO: Updating, then Succeeded with the new capacity', async () => {
    await (await env.apim.apiGateway.beginCreateOrUpdate(group, 'gw-scale', premium(), POLL)).poll();
    env.clock.advance(3 * HOUR);
    const poller = await env.apim.apiGateway.beginUpdate(group, 'gw-scale', { sku: { name: 'WorkspaceGatewayPremium', capacity: 3 } }, POLL);
    expect((await env.apim.apiGateway.get(group, 'gw-scale')).provisioningState).toBe('Updating');
    env.clock.advance(2 * HOUR);
    const done = await poller.pollUntilDone();
    expect(done.sku.capacity).toBe(3);
    expect(done.provisioningState).toBe('Succeeded');
  });

  it('refuses network changes after creation', async () => {
    const error = await restError(() =>
      env.apim.apiGateway.beginUpdate(group, 'gw-scale', { virtualNetworkType: 'External' }, POLL),
    );
    expect([error.statusCode, error.code]).toEqual([400, 'PropertyChangeNotAllowed']);
    const viaPut = await restError(() =>
      env.apim.apiGateway.beginCreateOrUpdate(group, 'gw-scale', premium({ location: 'westus' }), POLL),
    );
    expect(viaPut.statusCode).toBe(400);
  });

  it('deletes with a 202 LRO, then GET answers 404 and a second DELETE 204', async () => {
    const poller = await env.apim.apiGateway.beginDelete(group, 'gw-scale', POLL);
    expect((await env.apim.apiGateway.get(group, 'gw-scale')).provisioningState).toBe('Terminating');
    env.clock.advance(1 * HOUR);
    await poller.pollUntilDone();
    expect((await restError(() => env.apim.apiGateway.get(group, 'gw-scale'))).statusCode).toBe(404);
    const { subscriptionId } = env.emulator.seed;
    const second = await env.raw(
      'DELETE',
      `/subscriptions/${subscriptionId}/resourceGroups/${group}/providers/Microsoft.ApiManagement/gateways/gw-scale?api-version=2024-05-01`,
    );
    expect(second.status).toBe(204);
  });
});

describe('gateway validation', () => {
  const { subnets } = EMULATOR_SEED;

  it.each([
    ['a name over 45 characters', 'g'.repeat(46), premium(), 'InvalidResourceName'],
    ['a name starting with a digit', '1gateway', premium(), 'InvalidResourceName'],
    ['an unknown SKU', 'gw-v1', premium({ sku: { name: 'Developer' as never, capacity: 1 } }), 'ValidationError'],
    ['capacity above the SKU maximum', 'gw-v2', premium({ sku: { name: 'WorkspaceGatewayStandard', capacity: 5 } }), 'InvalidSkuCapacity'],
    ['capacity 0', 'gw-v3', premium({ sku: { name: 'WorkspaceGatewayPremium', capacity: 0 } }), 'InvalidSkuCapacity'],
    ['an unknown network type', 'gw-v4', premium({ virtualNetworkType: 'Hybrid' as never }), 'ValidationError'],
    ['an unknown region', 'gw-v5', premium({ location: 'moonbase' }), 'LocationNotAvailableForResourceType'],
    ['External without a subnet', 'gw-v6', premium({ virtualNetworkType: 'External' }), 'SubnetRequired'],
    ['a subnet that does not exist', 'gw-v7', premium({ virtualNetworkType: 'External', backend: { subnet: { id: subnetId('snet-ghost') } } }), 'InvalidSubnet'],
    ['External on a hostingEnvironments subnet', 'gw-v8', premium({ virtualNetworkType: 'External', backend: { subnet: { id: subnetId(subnets.injection) } } }), 'SubnetDelegationInvalid'],
    ['Internal on a serverFarms subnet', 'gw-v9', premium({ virtualNetworkType: 'Internal', backend: { subnet: { id: subnetId(subnets.integration) } } }), 'SubnetDelegationInvalid'],
    ['an undelegated subnet', 'gw-v10', premium({ virtualNetworkType: 'External', backend: { subnet: { id: subnetId(subnets.undelegated) } } }), 'SubnetDelegationInvalid'],
    ['a /28 subnet', 'gw-v11', premium({ virtualNetworkType: 'External', backend: { subnet: { id: subnetId(subnets.tooSmall) } } }), 'SubnetSizeInvalid'],
    ['a /22 subnet', 'gw-v12', premium({ virtualNetworkType: 'External', backend: { subnet: { id: subnetId(subnets.tooLarge) } } }), 'SubnetSizeInvalid'],
    ['a subnet in another region', 'gw-v13', premium({ virtualNetworkType: 'External', backend: { subnet: { id: subnetId('snet-gw-west', 'vnet-apim-westus') } } }), 'SubnetLocationMismatch'],
    ['a subnet with network type None', 'gw-v14', premium({ backend: { subnet: { id: subnetId(subnets.integration) } } }), 'SubnetNotAllowed'],
  ])('rejects %s with 400', async (_, name, parameters, code) => {
    const error = await restError(() => env.apim.apiGateway.beginCreateOrUpdate(group, name, parameters, POLL));
    expect([error.statusCode, error.code]).toEqual([400, code]);
  });

  it('requires location, sku and properties', async () => {
    const { subscriptionId } = env.emulator.seed;
    const path = `/subscriptions/${subscriptionId}/resourceGroups/${group}/providers/Microsoft.ApiManagement/gateways/gw-bare?api-version=2024-05-01`;
    const noProperties = await env.raw('PUT', path, { body: { location: 'eastus', sku: { name: 'WorkspaceGatewayPremium' } } });
    const noSku = await env.raw('PUT', path, { body: { location: 'eastus', properties: {} } });
    const noLocation = await env.raw('PUT', path, { body: { sku: { name: 'WorkspaceGatewayPremium' }, properties: {} } });
    expect([noProperties.status, noSku.status, noLocation.status]).toEqual([400, 400, 400]);
  });

  it('accepts VNet integration and injection on correct subnets, one gateway per subnet', async () => {
    const integration = premium({ virtualNetworkType: 'External', backend: { subnet: { id: subnetId(subnets.integration) } } });
    const injection = premium({ virtualNetworkType: 'Internal', backend: { subnet: { id: subnetId(subnets.injection) } } });
    await env.apim.apiGateway.beginCreateOrUpdate(group, 'gw-integrated', integration, POLL);
    await env.apim.apiGateway.beginCreateOrUpdate(group, 'gw-injected', injection, POLL);
    const reused = await restError(() => env.apim.apiGateway.beginCreateOrUpdate(group, 'gw-second', integration, POLL));
    expect([reused.statusCode, reused.code]).toEqual([400, 'SubnetInUse']);
    const injected = await env.apim.apiGateway.get(group, 'gw-injected');
    expect(injected.backend?.subnet?.id).toBe(subnetId(subnets.injection));
    expect(injected.virtualNetworkType).toBe('Internal');
  });
});
