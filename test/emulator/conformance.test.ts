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
const group = `/subscriptions/${seed.subscriptionId}/resourceGroups/${seed.resourceGroup}`;
const base = `${group}/providers/Microsoft.ApiManagement`;
const networks = `${group}/providers/Microsoft.Network/virtualNetworks/${seed.virtualNetworks.eastus}`;
const integrationSubnet = `${networks}/subnets/${seed.subnets.integration}`;
const injectionSubnet = `${networks}/subnets/${seed.subnets.injection}`;
const GATEWAYS = 'apigateway.json';
const CONNECTIONS = 'apimgatewayConfigConnections.json';
const WORKSPACES = 'definitions.json';

function expectConforms(file: string, definition: string, body: unknown): void {
  const validate = specValidator(file, definition);
  const errors = validate(body) ? [] : validate.errors;
  expect({ definition, errors }).toEqual({ definition, errors: [] });
  const undeclared = undeclaredProperties(file, definition, body);
  expect({ definition, undeclared }).toEqual({ definition, undeclared: [] });
}

function withVersion(path: string): string {
  return `${path}${path.includes('?') ? '&' : '?'}api-version=2024-05-01`;
}

async function get(path: string): Promise<unknown> {
  const response = await env.raw('GET', withVersion(path));
  expect(response.status).toBe(200);
  return response.body;
}

function put(path: string, body: unknown): Promise<RawResponse> {
  return env.raw('PUT', withVersion(path), { body });
}

function putWorkspace(name: string): Promise<RawResponse> {
  return put(`${base}/service/${seed.serviceName}/workspaces/${name}`, {
    properties: { displayName: name },
  });
}

describe('response bodies validate against the 2024-05-01 OpenAPI definitions', () => {
  it('workspaces and their list', async () => {
    const workspaces = `${base}/service/${seed.serviceName}/workspaces`;
    expectConforms(WORKSPACES, 'WorkspaceContract', await get(`${workspaces}/orders`));
    expectConforms(WORKSPACES, 'WorkspaceCollection', await get(`${workspaces}?$top=3`));
  });

  it('gateways in every state, their list and SKUs', async () => {
    const created = await put(`${base}/gateways/gw-conform`, {
      location: 'eastus',
      tags: { team: 'x' },
      sku: { name: 'WorkspaceGatewayPremium', capacity: 2 },
      properties: { virtualNetworkType: 'Internal', backend: { subnet: { id: injectionSubnet } } },
    });
    expect(created.status).toBe(201);
    expectConforms(GATEWAYS, 'ApiManagementGatewayResource', created.body);
    env.clock.advance(3 * HOUR);
    const bySubscription = `/subscriptions/${seed.subscriptionId}/providers/Microsoft.ApiManagement/gateways`;
    expectConforms(GATEWAYS, 'ApiManagementGatewayResource', await get(`${base}/gateways/gw-conform`));
    const shared = await get(`${base}/gateways/${seed.gateways.shared}`);
    expectConforms(GATEWAYS, 'ApiManagementGatewayResource', shared);
    expectConforms(GATEWAYS, 'ApiManagementGatewayListResult', await get(`${base}/gateways`));
    expectConforms(GATEWAYS, 'ApiManagementGatewayListResult', await get(bySubscription));
    const skus = await get(`${base}/gateways/gw-conform/skus`);
    expectConforms(GATEWAYS, 'GatewayResourceSkuResults', skus);
  });

  it('config connections and their list', async () => {
    const path = `${base}/gateways/${seed.gateways.shared}/configConnections`;
    const created = await put(`${path}/cc-team-01`, {
      properties: { sourceId: `${seed.serviceId}/workspaces/team-01`, hostnames: ['api.contoso.com'] },
    });
    expect(created.status).toBe(201);
    const resource = 'ApiManagementGatewayConfigConnectionResource';
    expectConforms(CONNECTIONS, resource, created.body);
    env.clock.advance(HOUR);
    expectConforms(CONNECTIONS, resource, await get(`${path}/cc-orders`));
    expectConforms(CONNECTIONS, 'ApiManagementGatewayConfigConnectionListResult', await get(path));
  });

  it('operation status and error bodies (common-types v5)', async () => {
    const created = await put(`${base}/gateways/gw-status`, {
      location: 'eastus',
      sku: { name: 'WorkspaceGatewayStandard' },
      properties: {},
    });
    const statusUrl = String(created.headers['azure-asyncoperation']);
    const status = await env.raw('GET', statusUrl.replace(env.emulator.url, ''));
    const operationStatus = commonValidator('OperationStatusResult');
    expect(operationStatus(status.body) ? [] : operationStatus.errors).toEqual([]);
    const missing = await env.raw('GET', withVersion(`${base}/gateways/gw-none`));
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
      .replace(/^.*\/virtualNetworks\/vn1\/subnets\/sn1$/, integrationSubnet)
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

function requestFor(operation: ExampleOperation, overrides: Record<string, string>) {
  const parameters = operation.example.parameters as Record<string, unknown>;
  const path = operation.pathTemplate.replace(/\{(\w+)\}/g, (_, name: string) =>
    overrides[name] ?? PARAMETER_VALUES[name] ?? String(mapValue(parameters[name])),
  );
  const ifMatch = parameters['If-Match'];
  return {
    path: `${path}?api-version=${String(parameters['api-version'])}`,
    headers: (typeof ifMatch === 'string' ? { 'If-Match': ifMatch } : {}) as Record<string, string>,
    body: mapValue(parameters.parameters),
  };
}

interface ExampleResponse {
  body?: unknown;
  headers?: Record<string, string>;
}

const operations = exampleOperations();
const replayed = new Set<string>();

function operationFor(file: string): ExampleOperation {
  const found = operations.find((operation) => operation.file === file);
  if (found === undefined) throw new Error(`No operation references ${file}`);
  return found;
}

interface ReplayOptions {
  /** Path parameters to use instead of the example's. */
  overrides?: Record<string, string>;
  /** Compare the body shape with the example's (default true). */
  shape?: boolean;
}

/** Sends the example's request; checks the status, the LRO headers and the body shape. */
async function replay(file: string, status: number, options: ReplayOptions = {}) {
  replayed.add(file);
  const operation = operationFor(file);
  const request = requestFor(operation, options.overrides ?? {});
  const { body, headers } = request;
  const response = await env.raw(operation.method, request.path, { body, headers });
  expect({ file, status: response.status }).toEqual({ file, status });
  const responses = operation.example.responses as Record<string, ExampleResponse>;
  const expected = responses[String(status)] ?? {};
  const missingHeaders = Object.keys(expected.headers ?? {}).filter(
    (header) => response.headers[header.toLowerCase()] === undefined,
  );
  expect({ file, missingHeaders }).toEqual({ file, missingHeaders: [] });
  if (options.shape !== false) expectShape(file, expected.body, response.body);
  return { response, expected };
}

function expectShape(file: string, example: unknown, actual: unknown): void {
  expect({ file, mismatches: shapeMismatches(example, actual) }).toEqual({ file, mismatches: [] });
}

async function createGateway(name: string, sku: string, extra: Record<string, unknown> = {}) {
  const body = { location: 'East US', sku: { name: sku, capacity: 1 }, properties: {}, ...extra };
  expect((await put(`${base}/gateways/${name}`, body)).status).toBe(201);
}

const inInjectionSubnet = { properties: { backend: { subnet: { id: injectionSubnet } } } };

describe('the spec examples replay against the emulator', () => {
  afterAll(() => {
    // Every example in examples/ must have been replayed by one of the cases below.
    expect(exampleFiles().filter((file) => !replayed.has(file))).toEqual([]);
  });

  it('workspaces: create 201 then 200, get, head, update, list, delete 200 then 204', async () => {
    await replay('ApiManagementCreateWorkspace.json', 201);
    await replay('ApiManagementCreateWorkspace.json', 200);
    await replay('ApiManagementGetWorkspace.json', 200);
    await putWorkspace('wks');
    const head = await replay('ApiManagementHeadWorkspace.json', 200);
    expect(head.response.headers.etag).toBeDefined();
    expect(head.response.text).toBe('');
    await replay('ApiManagementUpdateWorkspace.json', 200);
    await replay('ApiManagementListWorkspaces.json', 200);
    await replay('ApiManagementDeleteWorkspace.json', 200);
    await replay('ApiManagementDeleteWorkspace.json', 204);
  });

  it('gateways: create 201 (Created) with LRO headers, then 200 (Succeeded) on the next PUT', async () => {
    // Premium first: its External mode needs the integration subnet (vn1/sn1) to itself.
    for (const [file, name] of [
      ['ApiManagementCreateWorkspacePremiumGateway.json', 'apimGateway2'],
      ['ApiManagementCreateStandardGateway.json', 'apimGateway1'],
    ] as const) {
      await replay(file, 201, { overrides: { gatewayName: name } });
      env.clock.advance(3 * HOUR);
      await replay(file, 200, { overrides: { gatewayName: name } });
    }
  });

  it('gateways: get, update 202, lists, SKUs, delete 202 then 204', async () => {
    await createGateway('apimService1', 'Standard', { tags: { owner: 'platform' }, ...inInjectionSubnet });
    await createGateway('example-gateway', 'Standard', { tags: {}, ...inInjectionSubnet });
    env.clock.advance(3 * HOUR);

    await replay('ApiManagementGatewayGetGateway.json', 200);
    await replay('ApiManagementUpdateStandardGateway.json', 202);
    env.clock.advance(3 * HOUR);
    await replay('ApiManagementListGatewaysBySubscription.json', 200);
    await replay('ApiManagementListGatewaysBySubscriptionAndResourceGroup.json', 200);
    await replay('ApiManagementListSKUs-Gateways.json', 200);
    await replay('ApiManagementGatewayDeleteGateway.json', 202);
    env.clock.advance(3 * HOUR);
    await replay('ApiManagementGatewayDeleteGateway.json', 204);
  });

  it('config connections: create 201 then 200, get, list, delete 202 then 204', async () => {
    await createGateway('standard-gw-01', 'Standard');
    await putWorkspace('ws-001');
    await putWorkspace('ws-002');
    env.clock.advance(3 * HOUR);

    // The examples show the finished resource, so shapes are compared once the LRO completed.
    await replay('ApiManagementCreateGatewayConfigConnection.json', 201, { shape: false });
    env.clock.advance(HOUR);
    const again = await replay('ApiManagementCreateGatewayConfigConnection.json', 200, { shape: false });
    env.clock.advance(HOUR);
    const read = await replay('ApiManagementGetGatewayConfigConnection.json', 200);
    expectShape('ApiManagementCreateGatewayConfigConnection.json', again.expected.body, read.response.body);

    await put(`${base}/gateways/standard-gw-01/configConnections/gcc-02`, {
      properties: { sourceId: `${seed.serviceId}/workspaces/ws-002`, hostnames: ['gcc2.contoso.com'] },
    });
    env.clock.advance(HOUR);
    await replay('ApiManagementListGatewayConfigConnection.json', 200);
    await replay('ApiManagementDeleteGatewayConfigConnection.json', 202);
    env.clock.advance(HOUR);
    await replay('ApiManagementDeleteGatewayConfigConnection.json', 204);
  });
});

describe('the replay harness itself', () => {
  it('maps every example to an operation of the spec', () => {
    expect(operations.map((operation) => operation.file).sort()).toEqual(exampleFiles().sort());
  });

  it('the undeclared-property check catches a property the spec does not define', () => {
    const body = { name: 'x', properties: { displayName: 'x', colour: 'blue' } };
    const undeclared = undeclaredProperties(WORKSPACES, 'WorkspaceContract', body);
    expect(undeclared).toEqual(['$.properties.colour']);
  });

  it('uses the integration subnet for vn1/sn1', () => {
    const example = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg1/providers/Microsoft.Network/virtualNetworks/vn1/subnets/sn1';
    expect(mapValue(example)).toBe(integrationSubnet);
  });
});
