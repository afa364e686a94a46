import { EMULATOR_SEED } from '../../src/emulator';
import {
  commonValidator,
  exampleFiles,
  exampleOperations,
  shapeMismatches,
  specValidator,
  undeclaredProperties,
  type ExampleOperation,
} from './armSpecs';
import { HOUR, startTestEmulator, type RawResponse, type TestEmulator } from './emulatorHarness';

let env: TestEmulator;

beforeAll(async () => {
  env = await startTestEmulator({ throttling: false });
});
afterAll(() => env.stop());

const seed = EMULATOR_SEED;
const base = `/subscriptions/${seed.subscriptionId}/resourceGroups/${seed.resourceGroup}/providers/Microsoft.ApiManagement`;
const integrationSubnet = `/subscriptions/${seed.subscriptionId}/resourceGroups/${seed.resourceGroup}/providers/Microsoft.Network/virtualNetworks/${seed.virtualNetworks.eastus}/subnets/${seed.subnets.integration}`;
const injectionSubnet = integrationSubnet.replace(seed.subnets.integration, seed.subnets.injection);

function expectConforms(file: string, definition: string, body: unknown): void {
  const validate = specValidator(file, definition);
  expect({ definition, errors: validate(body) ? [] : validate.errors }).toEqual({ definition, errors: [] });
  expect({ definition, undeclared: undeclaredProperties(file, definition, body) }).toEqual({ definition, undeclared: [] });
}

async function get(path: string): Promise<RawResponse> {
  const response = await env.raw('GET', `${path}${path.includes('?') ? '&' : '?'}api-version=2024-05-01`);
  expect(response.status).toBe(200);
  return response;
}

describe('response bodies validate against the 2024-05-01 OpenAPI definitions', () => {
  it('workspaces and their list', async () => {
    expectConforms('definitions.json', 'WorkspaceContract', (await get(`${base}/service/${seed.serviceName}/workspaces/orders`)).body);
    expectConforms('definitions.json', 'WorkspaceCollection', (await get(`${base}/service/${seed.serviceName}/workspaces?$top=3`)).body);
  });

  it('gateways in every state, their list and SKUs', async () => {
    const created = await env.raw('PUT', `${base}/gateways/gw-conform?api-version=2024-05-01`, {
      body: { location: 'eastus', tags: { team: 'x' }, sku: { name: 'WorkspaceGatewayPremium', capacity: 2 }, properties: { virtualNetworkType: 'Internal', backend: { subnet: { id: injectionSubnet } } } },
    });
    expect(created.status).toBe(201);
    expectConforms('apigateway.json', 'ApiManagementGatewayResource', created.body);
    env.clock.advance(3 * HOUR);
    expectConforms('apigateway.json', 'ApiManagementGatewayResource', (await get(`${base}/gateways/gw-conform`)).body);
    expectConforms('apigateway.json', 'ApiManagementGatewayResource', (await get(`${base}/gateways/${seed.gateways.shared}`)).body);
    expectConforms('apigateway.json', 'ApiManagementGatewayListResult', (await get(`${base}/gateways`)).body);
    expectConforms('apigateway.json', 'ApiManagementGatewayListResult', (await get(`/subscriptions/${seed.subscriptionId}/providers/Microsoft.ApiManagement/gateways`)).body);
    expectConforms('apigateway.json', 'GatewayResourceSkuResults', (await get(`${base}/gateways/gw-conform/skus`)).body);
  });

  it('config connections and their list', async () => {
    const path = `${base}/gateways/${seed.gateways.shared}/configConnections`;
    const created = await env.raw('PUT', `${path}/cc-billing?api-version=2024-05-01`, {
      body: { properties: { sourceId: `${seed.serviceId}/workspaces/team-01`, hostnames: ['api.contoso.com'] } },
    });
    expect(created.status).toBe(201);
    expectConforms('apimgatewayConfigConnections.json', 'ApiManagementGatewayConfigConnectionResource', created.body);
    env.clock.advance(HOUR);
    expectConforms('apimgatewayConfigConnections.json', 'ApiManagementGatewayConfigConnectionResource', (await get(`${path}/cc-orders`)).body);
    expectConforms('apimgatewayConfigConnections.json', 'ApiManagementGatewayConfigConnectionListResult', (await get(path)).body);
  });

  it('operation status and error bodies (common-types v5)', async () => {
    const created = await env.raw('PUT', `${base}/gateways/gw-status?api-version=2024-05-01`, {
      body: { location: 'eastus', sku: { name: 'WorkspaceGatewayStandard' }, properties: {} },
    });
    const status = await env.raw('GET', String(created.headers['azure-asyncoperation']).replace(env.emulator.url, ''));
    const operationStatus = commonValidator('OperationStatusResult');
    expect(operationStatus(status.body) ? [] : operationStatus.errors).toEqual([]);
    const missing = await env.raw('GET', `${base}/gateways/gw-none?api-version=2024-05-01`);
    const errorResponse = commonValidator('ErrorResponse');
    expect(errorResponse(missing.body) ? [] : errorResponse.errors).toEqual([]);
    env.clock.advance(3 * HOUR);
  });
});

/** Example values → the seeded world (the examples use rg1, apimService1, vn1/sn1, …). */
const NAME_ALIASES: Record<string, string> = { 'standard-gw-1': 'standard-gw-01', 'gcc-1': 'gcc-01' };

function mapValue(value: unknown): unknown {
  if (typeof value === 'string') {
    const mapped = value
      .replace(/00000000-0000-0000-0000-000000000000/g, seed.subscriptionId)
      .replace(/\/resourceGroups\/rg1\//g, `/resourceGroups/${seed.resourceGroup}/`)
      .replace(/\/services?\/(apimService1|apim-service-1)\//g, `/service/${seed.serviceName}/`)
      .replace(/\/virtualNetworks\/vn1\/subnets\/sn1$/, `/virtualNetworks/${seed.virtualNetworks.eastus}/subnets/${seed.subnets.integration}`)
      .replace(/^South Central US$/, 'East US');
    return NAME_ALIASES[mapped] ?? mapped;
  }
  if (Array.isArray(value)) return value.map(mapValue);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, mapValue(child)]));
  }
  return value;
}

const PARAMETER_VALUES: Record<string, string> = {
  subscriptionId: seed.subscriptionId,
  resourceGroupName: seed.resourceGroup,
  serviceName: seed.serviceName,
};

function requestFor(operation: ExampleOperation, overrides: Record<string, string> = {}) {
  const parameters = operation.example.parameters as Record<string, unknown>;
  const path = operation.pathTemplate.replace(/\{(\w+)\}/g, (_, name: string) =>
    overrides[name] ?? PARAMETER_VALUES[name] ?? String(mapValue(parameters[name])),
  );
  const headers: Record<string, string> = {};
  if (typeof parameters['If-Match'] === 'string') headers['If-Match'] = parameters['If-Match'];
  return {
    path: `${path}?api-version=${String(parameters['api-version'])}`,
    headers,
    body: mapValue(parameters.parameters),
  };
}

function responseOf(operation: ExampleOperation, status: number): { body?: unknown; headers?: Record<string, string> } {
  return ((operation.example.responses as Record<string, unknown>)[String(status)] ?? {}) as never;
}

const operations = exampleOperations();

function operationFor(file: string): ExampleOperation {
  const found = operations.find((operation) => operation.file === file);
  if (found === undefined) throw new Error(`No operation references ${file}`);
  return found;
}

/** Sends the example's request and checks status, LRO headers and body shape against it. */
async function replay(file: string, status: number, overrides: Record<string, string> = {}) {
  const operation = operationFor(file);
  const request = requestFor(operation, overrides);
  const response = await env.raw(operation.method, request.path, { body: request.body, headers: request.headers });
  expect({ file, status: response.status }).toEqual({ file, status });
  const expected = responseOf(operation, status);
  for (const header of Object.keys(expected.headers ?? {})) {
    expect({ file, header, present: response.headers[header.toLowerCase()] !== undefined }).toEqual({ file, header, present: true });
  }
  return { operation, request, response, expected };
}

function expectShape(file: string, example: unknown, actual: unknown): void {
  expect({ file, mismatches: shapeMismatches(example, actual) }).toEqual({ file, mismatches: [] });
}

async function createGateway(name: string, sku: string, extra: Record<string, unknown> = {}) {
  const response = await env.raw('PUT', `${base}/gateways/${name}?api-version=2024-05-01`, {
    body: { location: 'East US', sku: { name: sku, capacity: 1 }, properties: {}, ...extra },
  });
  expect(response.status).toBe(201);
}

describe('the spec examples replay against the emulator', () => {
  const replayed = new Set<string>();
  afterAll(() => {
    // Every example in examples/ must have been replayed by one of the cases below.
    expect(exampleFiles().filter((file) => !replayed.has(file))).toEqual([]);
  });

  it('workspaces: create 201 then 200, get, head, update, list, delete 200 then 204', async () => {
    const create = await replay('ApiManagementCreateWorkspace.json', 201);
    expectShape(create.operation.file, create.expected.body, create.response.body);
    const again = await replay('ApiManagementCreateWorkspace.json', 200);
    expectShape(again.operation.file, again.expected.body, again.response.body);
    const read = await replay('ApiManagementGetWorkspace.json', 200);
    expectShape(read.operation.file, read.expected.body, read.response.body);

    await env.raw('PUT', `${base}/service/${seed.serviceName}/workspaces/wks?api-version=2024-05-01`, { body: { properties: { displayName: 'wks' } } });
    const head = await replay('ApiManagementHeadWorkspace.json', 200);
    expect(head.response.headers.etag).toBeDefined();
    expect(head.response.text).toBe('');

    const update = await replay('ApiManagementUpdateWorkspace.json', 200);
    expectShape(update.operation.file, update.expected.body, update.response.body);
    const list = await replay('ApiManagementListWorkspaces.json', 200);
    expectShape(list.operation.file, list.expected.body, list.response.body);
    await replay('ApiManagementDeleteWorkspace.json', 200);
    await replay('ApiManagementDeleteWorkspace.json', 204);
    ['ApiManagementCreateWorkspace.json', 'ApiManagementGetWorkspace.json', 'ApiManagementHeadWorkspace.json', 'ApiManagementUpdateWorkspace.json', 'ApiManagementListWorkspaces.json', 'ApiManagementDeleteWorkspace.json'].forEach((file) => replayed.add(file));
  });

  it('gateways: create 201 (Created) with LRO headers, then 200 (Succeeded) on the next PUT', async () => {
    // Premium first: its External mode needs the integration subnet (vn1/sn1) to itself.
    for (const [file, name] of [
      ['ApiManagementCreateWorkspacePremiumGateway.json', 'apimGateway2'],
      ['ApiManagementCreateStandardGateway.json', 'apimGateway1'],
    ] as const) {
      const create = await replay(file, 201, { gatewayName: name });
      expectShape(file, create.expected.body, create.response.body);
      env.clock.advance(3 * HOUR);
      const again = await replay(file, 200, { gatewayName: name });
      expectShape(file, again.expected.body, again.response.body);
      replayed.add(file);
    }
  });

  it('gateways: get, update 202, lists, SKUs, delete 202 then 204', async () => {
    await createGateway('apimService1', 'Standard', { tags: { owner: 'platform' }, properties: { backend: { subnet: { id: injectionSubnet } } } });
    await createGateway('example-gateway', 'Standard', { tags: {}, properties: { backend: { subnet: { id: injectionSubnet } } } });
    env.clock.advance(3 * HOUR);

    const read = await replay('ApiManagementGatewayGetGateway.json', 200);
    expectShape(read.operation.file, read.expected.body, read.response.body);
    await replay('ApiManagementUpdateStandardGateway.json', 202);
    env.clock.advance(3 * HOUR);
    for (const file of ['ApiManagementListGatewaysBySubscription.json', 'ApiManagementListGatewaysBySubscriptionAndResourceGroup.json', 'ApiManagementListSKUs-Gateways.json']) {
      const list = await replay(file, 200);
      expectShape(file, list.expected.body, list.response.body);
      replayed.add(file);
    }
    const remove = await replay('ApiManagementGatewayDeleteGateway.json', 202);
    expectShape(remove.operation.file, remove.expected.body, remove.response.body);
    env.clock.advance(3 * HOUR);
    await replay('ApiManagementGatewayDeleteGateway.json', 204);
    ['ApiManagementGatewayGetGateway.json', 'ApiManagementUpdateStandardGateway.json', 'ApiManagementGatewayDeleteGateway.json'].forEach((file) => replayed.add(file));
  });

  it('config connections: create 201 then 200, get, list, delete 202 then 204', async () => {
    await createGateway('standard-gw-01', 'Standard');
    for (const workspace of ['ws-001', 'ws-002']) {
      await env.raw('PUT', `${base}/service/${seed.serviceName}/workspaces/${workspace}?api-version=2024-05-01`, { body: { properties: { displayName: workspace } } });
    }
    env.clock.advance(3 * HOUR);

    // The examples show the finished resource, so shapes are compared once the LRO completed.
    await replay('ApiManagementCreateGatewayConfigConnection.json', 201);
    env.clock.advance(HOUR);
    const again = await replay('ApiManagementCreateGatewayConfigConnection.json', 200);
    env.clock.advance(HOUR);
    const read = await replay('ApiManagementGetGatewayConfigConnection.json', 200);
    expectShape(read.operation.file, read.expected.body, read.response.body);
    expectShape(again.operation.file, read.expected.body, read.response.body);

    await env.raw('PUT', `${base}/gateways/standard-gw-01/configConnections/gcc-02?api-version=2024-05-01`, {
      body: { properties: { sourceId: `${seed.serviceId}/workspaces/ws-002`, hostnames: ['gcc2.contoso.com'] } },
    });
    env.clock.advance(HOUR);
    const list = await replay('ApiManagementListGatewayConfigConnection.json', 200);
    expectShape(list.operation.file, list.expected.body, list.response.body);

    await replay('ApiManagementDeleteGatewayConfigConnection.json', 202);
    env.clock.advance(HOUR);
    await replay('ApiManagementDeleteGatewayConfigConnection.json', 204);
    ['ApiManagementCreateGatewayConfigConnection.json', 'ApiManagementGetGatewayConfigConnection.json', 'ApiManagementListGatewayConfigConnection.json', 'ApiManagementDeleteGatewayConfigConnection.json'].forEach((file) => replayed.add(file));
  });
});

describe('the example request paths follow the spec', () => {
  it('maps every example to an operation of the spec', () => {
    expect(operations.map((operation) => operation.file).sort()).toEqual(exampleFiles().sort());
  });

  it('the undeclared-property check catches a property the spec does not define', () => {
    const body = { name: 'x', properties: { displayName: 'x', colour: 'blue' } };
    expect(undeclaredProperties('definitions.json', 'WorkspaceContract', body)).toEqual(['$.properties.colour']);
  });

  it('uses the integration subnet for vn1/sn1', () => {
    expect(mapValue('/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg1/providers/Microsoft.Network/virtualNetworks/vn1/subnets/sn1')).toBe(integrationSubnet);
  });
});
