import type { ApiManagementGatewayResource } from '@azure/arm-apimanagement';
import { EMULATOR_SEED } from '../../src/emulator';
import { collect, HOUR, restError, startTestEmulator, type TestEmulator } from './emulatorHarness';

let env: TestEmulator;
const group = EMULATOR_SEED.resourceGroup;
const { subnets } = EMULATOR_SEED;
const POLL = { updateIntervalInMs: 5 };

beforeAll(async () => {
  env = await startTestEmulator();
});
afterAll(() => env.stop());

/** Built from the seed constant: it.each tables are evaluated before beforeAll runs. */
function subnetId(name: string, network = EMULATOR_SEED.virtualNetworks.eastus): string {
  const { subscriptionId, resourceGroup } = EMULATOR_SEED;
  const networks = `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Network/virtualNetworks`;
  return `${networks}/${network}/subnets/${name}`;
}

function gatewayPath(name: string): string {
  const { subscriptionId } = EMULATOR_SEED;
  const gateways = `/subscriptions/${subscriptionId}/resourceGroups/${group}/providers/Microsoft.ApiManagement/gateways`;
  return `${gateways}/${name}?api-version=2024-05-01`;
}

function premium(extra: Partial<ApiManagementGatewayResource> = {}): ApiManagementGatewayResource {
  return {
    location: 'eastus',
    sku: { name: 'WorkspaceGatewayPremium', capacity: 1 },
    virtualNetworkType: 'None',
    ...extra,
  };
}

function inNetwork(type: 'External' | 'Internal', subnet: string, network?: string) {
  return premium({ virtualNetworkType: type, backend: { subnet: { id: subnetId(subnet, network) } } });
}

function create(name: string, parameters: ApiManagementGatewayResource) {
  return env.apim.apiGateway.beginCreateOrUpdate(group, name, parameters, POLL);
}

function relative(url: unknown): string {
  return String(url).replace(env.emulator.url, '');
}

describe('gateway creation (LRO)', () => {
  it('goes Created → Activating → Succeeded as the clock passes the provisioning time', async () => {
    const poller = await create('gw-payments', premium());
    const initial = await env.apim.apiGateway.get(group, 'gw-payments');
    expect(initial.provisioningState).toBe('Created');
    expect(initial.targetProvisioningState).toBe('Activating');
    expect(initial.frontend?.defaultHostname).toBeUndefined();
    expect(initial.createdAtUtc).toEqual(new Date(env.clock.now()));

    env.clock.advance(1 * HOUR);
    const activating = await env.apim.apiGateway.get(group, 'gw-payments');
    expect(activating.provisioningState).toBe('Activating');
    await poller.poll();
    expect(poller.isDone()).toBe(false);

    env.clock.advance(2 * HOUR);
    const done = await poller.pollUntilDone();
    expect(done.provisioningState).toBe('Succeeded');
    expect(done.targetProvisioningState).toBe('');
    expect(done.frontend?.defaultHostname).toMatch(
      /^gw-payments-[a-z0-9]{16}\.gateway\.eastus-01\.azure-api\.net$/,
    );
    expect(done.systemData?.createdBy).toBe(env.emulator.seed.principals.bot);
  });

  it('answers the first PUT with 201 and absolute Azure-AsyncOperation, Location, Retry-After', async () => {
    const response = await env.raw('PUT', gatewayPath('gw-raw'), {
      body: { location: 'eastus', sku: { name: 'WorkspaceGatewayStandard' }, properties: {} },
    });
    expect(response.status).toBe(201);
    const { 'azure-asyncoperation': asyncOperation, location } = response.headers;
    expect(asyncOperation).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/.*\/operationresults\/.+asyncResponse$/);
    expect(location).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/.*\/operationresults\//);
    expect(response.headers['retry-after']).toBe('0');

    const status = await env.raw('GET', relative(asyncOperation));
    expect(status.body).toMatchObject({ status: 'InProgress' });
    expect((await env.raw('GET', relative(location))).status).toBe(202);

    env.clock.advance(3 * HOUR);
    const finished = await env.raw('GET', relative(location));
    expect(finished.status).toBe(200);
    expect(finished.body).toMatchObject({
      name: 'gw-raw',
      properties: { provisioningState: 'Succeeded' },
    });
  });

  it('resumes a serialized poller with resumeFrom and never sends a second PUT', async () => {
    const saved = (await create('gw-resumed', premium())).toString();
    env.clock.advance(3 * HOUR);

    const resumed = await env.apim.apiGateway.beginCreateOrUpdate(group, 'gw-resumed', premium(), {
      ...POLL,
      resumeFrom: saved,
    });
    expect((await resumed.pollUntilDone()).provisioningState).toBe('Succeeded');
    const puts = env.emulator
      .requestLog()
      .filter((entry) => entry.method === 'PUT' && entry.path.endsWith('/gateways/gw-resumed'));
    expect(puts).toHaveLength(1);
  });

  it('refuses any write while an operation runs on the gateway (409)', async () => {
    await create('gw-busy', premium());
    const again = await restError(() => create('gw-busy', premium()));
    expect([again.statusCode, again.code]).toEqual([409, 'AnotherOperationInProgress']);
    const remove = await restError(() => env.apim.apiGateway.beginDelete(group, 'gw-busy', POLL));
    expect(remove.statusCode).toBe(409);
    env.clock.advance(3 * HOUR);
  });
});

describe('gateway reads', () => {
  it('gets the seeded gateways with their SKU, network type and creation date', async () => {
    const shared = await env.apim.apiGateway.get(group, EMULATOR_SEED.gateways.shared);
    expect(shared.sku).toEqual({ name: 'WorkspaceGatewayPremium', capacity: 2 });
    expect(shared.virtualNetworkType).toBe('None');
    expect(shared.createdAtUtc).toEqual(new Date('2025-06-02T09:00:00Z'));
    const legacy = await env.apim.apiGateway.get(group, EMULATOR_SEED.gateways.legacy);
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
    const skus = await collect(
      env.apim.apiManagementGatewaySkus.listAvailableSkus(group, 'gw-shared-eastus'),
    );
    const ranges = skus.map(({ sku, capacity }) => [sku?.name, capacity?.minimum, capacity?.maximum]);
    expect(ranges).toEqual([
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
    await (await create('gw-scale', premium())).poll();
    env.clock.advance(3 * HOUR);
    const sku = { name: 'WorkspaceGatewayPremium', capacity: 3 };
    const poller = await env.apim.apiGateway.beginUpdate(group, 'gw-scale', { sku }, POLL);
    expect((await env.apim.apiGateway.get(group, 'gw-scale')).provisioningState).toBe('Updating');
    env.clock.advance(2 * HOUR);
    const done = await poller.pollUntilDone();
    expect(done.sku.capacity).toBe(3);
    expect(done.provisioningState).toBe('Succeeded');
  });

  it('refuses network changes after creation', async () => {
    const patch = { virtualNetworkType: 'External' };
    const error = await restError(() =>
      env.apim.apiGateway.beginUpdate(group, 'gw-scale', patch, POLL),
    );
    expect([error.statusCode, error.code]).toEqual([400, 'PropertyChangeNotAllowed']);
    const viaPut = await restError(() => create('gw-scale', premium({ location: 'westus' })));
    expect(viaPut.statusCode).toBe(400);
  });

  it('deletes with a 202 LRO, then GET answers 404 and a second DELETE 204', async () => {
    const poller = await env.apim.apiGateway.beginDelete(group, 'gw-scale', POLL);
    const terminating = await env.apim.apiGateway.get(group, 'gw-scale');
    expect(terminating.provisioningState).toBe('Terminating');
    env.clock.advance(1 * HOUR);
    await poller.pollUntilDone();
    const gone = await restError(() => env.apim.apiGateway.get(group, 'gw-scale'));
    expect(gone.statusCode).toBe(404);
    expect((await env.raw('DELETE', gatewayPath('gw-scale'))).status).toBe(204);
  });
});

describe('gateway validation', () => {
  const standard = (capacity: number) => ({ name: 'WorkspaceGatewayStandard', capacity });
  const premiumSku = (capacity: number) => ({ name: 'WorkspaceGatewayPremium', capacity });

  it.each([
    ['a name over 45 characters', 'g'.repeat(46), premium(), 'InvalidResourceName'],
    ['a name starting with a digit', '1gateway', premium(), 'InvalidResourceName'],
    ['an unknown SKU', 'gw-v1', premium({ sku: { name: 'Developer' } }), 'ValidationError'],
    ['capacity above the maximum', 'gw-v2', premium({ sku: standard(5) }), 'InvalidSkuCapacity'],
    ['capacity 0', 'gw-v3', premium({ sku: premiumSku(0) }), 'InvalidSkuCapacity'],
    ['an unknown network type', 'gw-v4', premium({ virtualNetworkType: 'Hybrid' }), 'ValidationError'],
    ['an unknown region', 'gw-v5', premium({ location: 'moonbase' }), 'LocationNotAvailableForResourceType'],
    ['External without a subnet', 'gw-v6', premium({ virtualNetworkType: 'External' }), 'SubnetRequired'],
    ['a subnet that does not exist', 'gw-v7', inNetwork('External', 'snet-ghost'), 'InvalidSubnet'],
    ['External on a hostingEnvironments subnet', 'gw-v8', inNetwork('External', subnets.injection), 'SubnetDelegationInvalid'],
    ['Internal on a serverFarms subnet', 'gw-v9', inNetwork('Internal', subnets.integration), 'SubnetDelegationInvalid'],
    ['an undelegated subnet', 'gw-v10', inNetwork('External', subnets.undelegated), 'SubnetDelegationInvalid'],
    ['a /28 subnet', 'gw-v11', inNetwork('External', subnets.tooSmall), 'SubnetSizeInvalid'],
    ['a /22 subnet', 'gw-v12', inNetwork('External', subnets.tooLarge), 'SubnetSizeInvalid'],
    ['a subnet in another region', 'gw-v13', inNetwork('External', subnets.west, 'vnet-apim-westus'), 'SubnetLocationMismatch'],
    ['a subnet with network type None', 'gw-v14', premium({ backend: { subnet: { id: subnetId(subnets.integration) } } }), 'SubnetNotAllowed'],
  ])('rejects %s with 400', async (_, name, parameters, code) => {
    const error = await restError(() => create(name, parameters));
    expect([error.statusCode, error.code]).toEqual([400, code]);
  });

  it('requires location, sku and properties', async () => {
    const sku = { name: 'WorkspaceGatewayPremium' };
    const bodies = [
      { location: 'eastus', sku },
      { location: 'eastus', properties: {} },
      { sku, properties: {} },
    ];
    for (const body of bodies) {
      expect((await env.raw('PUT', gatewayPath('gw-bare'), { body })).status).toBe(400);
    }
  });

  it('accepts VNet integration and injection on correct subnets, one gateway per subnet', async () => {
    const integration = inNetwork('External', subnets.integration);
    await create('gw-integrated', integration);
    await create('gw-injected', inNetwork('Internal', subnets.injection));
    const reused = await restError(() => create('gw-second', integration));
    expect([reused.statusCode, reused.code]).toEqual([400, 'SubnetInUse']);
    const injected = await env.apim.apiGateway.get(group, 'gw-injected');
    expect(injected.backend?.subnet?.id).toBe(subnetId(subnets.injection));
    expect(injected.virtualNetworkType).toBe('Internal');
  });
});
