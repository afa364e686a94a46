import { ApiManagementClient } from '@azure/arm-apimanagement';
import { createEmulatorCredential } from '../../src/emulator';
import {
  HOUR,
  restError,
  sdkOptions,
  startTestEmulator,
  type RawResponse,
  type TestEmulator,
} from './emulatorHarness';

let env: TestEmulator;
let group: string;
const POLL = { updateIntervalInMs: 5 };

beforeAll(async () => {
  env = await startTestEmulator();
  group = env.emulator.seed.resourceGroup;
});
afterAll(() => env.stop());
afterEach(() => env.emulator.faults.reset());

function gatewayPath(name = 'gw-shared-eastus', apiVersion: string | null = '2024-05-01'): string {
  const { subscriptionId } = env.emulator.seed;
  const path = `/subscriptions/${subscriptionId}/resourceGroups/${group}/providers/Microsoft.ApiManagement/gateways/${name}`;
  return apiVersion === null ? path : `${path}?api-version=${apiVersion}`;
}

function errorCode(body: unknown): string | undefined {
  return (body as { error?: { code?: string } } | undefined)?.error?.code;
}

function createGateway(name: string) {
  const parameters = {
    location: 'eastus',
    sku: { name: 'WorkspaceGatewayPremium', capacity: 1 },
    virtualNetworkType: 'None',
  };
  return env.apim.apiGateway.beginCreateOrUpdate(group, name, parameters, POLL);
}

describe('authentication', () => {
  it('answers 401 AuthenticationFailed without a bearer token', async () => {
    const response = await env.raw('GET', gatewayPath(), { token: null });
    expect(response.status).toBe(401);
    expect(response.body).toEqual({
      error: { code: 'AuthenticationFailed', message: expect.any(String) },
    });
    expect(response.headers['www-authenticate']).toMatch(/^Bearer /);
  });

  it('answers 401 for a token it did not issue', async () => {
    const response = await env.raw('GET', gatewayPath(), { token: 'eyJh.eyJv.forged' });
    expect(response.status).toBe(401);
  });

  it('surfaces 401 to an SDK client with a foreign credential', async () => {
    const foreign = {
      getToken: async () => ({ token: 'not-ours', expiresOnTimestamp: Date.now() + HOUR }),
    };
    const { subscriptionId } = env.emulator.seed;
    const client = new ApiManagementClient(foreign, subscriptionId, sdkOptions(env.emulator));
    const error = await restError(() => client.apiGateway.get(group, 'gw-shared-eastus'));
    expect([error.statusCode, error.code]).toEqual([401, 'AuthenticationFailed']);
  });
});

describe('routing and versions', () => {
  it('requires api-version and rejects unknown versions', async () => {
    const missing = await env.raw('GET', gatewayPath(undefined, null));
    expect([missing.status, errorCode(missing.body)]).toEqual([400, 'MissingApiVersionParameter']);
    const unknown = await env.raw('GET', gatewayPath(undefined, '2019-01-01'));
    expect([unknown.status, errorCode(unknown.body)]).toEqual([400, 'InvalidApiVersionParameter']);
  });

  it('matches paths case-insensitively', async () => {
    const shouting = gatewayPath().replace(/\/resourceGroups\/.*\?/, (part) => part.toUpperCase());
    expect((await env.raw('GET', shouting)).status).toBe(200);
  });

  it('answers 404 for unknown paths and 405 for unknown methods', async () => {
    expect((await env.raw('GET', '/subscriptions/x/nothing?api-version=2024-05-01')).status).toBe(404);
    expect((await env.raw('POST', gatewayPath())).status).toBe(405);
  });

  it('emits remaining-quota headers', async () => {
    const read = await env.raw('GET', gatewayPath());
    expect(Number(read.headers['x-ms-ratelimit-remaining-subscription-reads'])).toBeGreaterThan(0);
    const remove = await env.raw('DELETE', gatewayPath('gw-none'));
    expect(remove.headers['x-ms-ratelimit-remaining-subscription-deletes']).toBeDefined();
  });
});

describe('throttling', () => {
  it('empties a principal bucket after 250 reads and answers 429 with Retry-After', async () => {
    const principalId = '0badc0de-0000-4000-8000-000000000001';
    const token = (await createEmulatorCredential({ principalId }).getToken('x'))?.token ?? '';
    // Batches outrun the refill (25/s) however slow the machine is; stop at the first 429.
    let throttled: RawResponse | undefined;
    for (let batch = 0; batch < 30 && throttled === undefined; batch += 1) {
      const responses = await Promise.all(
        Array.from({ length: 100 }, () => env.raw('GET', gatewayPath(), { token })),
      );
      throttled = responses.find((response) => response.status === 429);
    }
    expect(throttled?.status).toBe(429);
    expect(Number(throttled?.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(errorCode(throttled?.body)).toBe('TooManyRequests');
    // Another principal has its own bucket.
    expect((await env.raw('GET', gatewayPath())).status).toBe(200);
  });

  it('can be switched off', async () => {
    env.emulator.faults.setThrottling(false);
    const response = await env.raw('GET', gatewayPath());
    expect(response.headers['x-ms-ratelimit-remaining-subscription-reads']).toBeUndefined();
  });
});

describe('fault injection', () => {
  it('a 429 with Retry-After is retried by the SDK transparently', async () => {
    env.emulator.faults.injectResponse({
      method: 'GET',
      path: '/gateways/gw-shared-eastus$',
      status: 429,
      headers: { 'Retry-After': '0' },
    });
    const gateway = await env.apim.apiGateway.get(group, 'gw-shared-eastus');
    expect(gateway.name).toBe('gw-shared-eastus');
    const statuses = env.emulator.requestLog().slice(-2).map((entry) => entry.status);
    expect(statuses).toEqual([429, 200]);
  });

  it('persistent 503s surface as a RestError after the SDK retries', async () => {
    env.emulator.faults.injectResponse({ path: '/gateways/gw-shared-eastus$', status: 503, count: 10 });
    const error = await restError(() => env.apim.apiGateway.get(group, 'gw-shared-eastus'));
    expect([error.statusCode, error.code]).toEqual([503, 'InjectedFault']);
  });

  it('a canned body and status reach the caller as the RestError code', async () => {
    env.emulator.faults.injectResponse({
      method: 'PUT',
      path: '/workspaces/canned$',
      status: 409,
      body: { error: { code: 'WorkspaceLocked', message: 'locked for maintenance' } },
    });
    const { serviceName } = env.emulator.seed;
    const error = await restError(() =>
      env.apim.workspace.createOrUpdate(group, serviceName, 'canned', { displayName: 'x' }),
    );
    expect([error.statusCode, error.code, error.message]).toEqual([
      409,
      'WorkspaceLocked',
      'locked for maintenance',
    ]);
  });

  it('makes the next gateway creation end Failed with the given error', async () => {
    env.emulator.faults.failOperation({
      path: '/gateways/gw-doomed$',
      code: 'GatewayCapacityUnavailable',
      message: 'No capacity in eastus',
    });
    const poller = await createGateway('gw-doomed');
    env.clock.advance(3 * HOUR);
    // core-lro reports a failed LRO as a plain Error whose message carries the code.
    const error = await restError(() => poller.pollUntilDone());
    expect(error.message).toBe(
      'The long-running operation has failed. GatewayCapacityUnavailable. No capacity in eastus',
    );
    const gateway = await env.apim.apiGateway.get(group, 'gw-doomed');
    expect(gateway.provisioningState).toBe('Failed');
  });

  it('makes an operation already running end Failed', async () => {
    const poller = await createGateway('gw-running');
    const failure = { path: 'gw-running', method: 'PUT', code: 'InternalError', message: 'boom' };
    env.emulator.faults.failOperation(failure);
    expect(env.emulator.faults.snapshot().operationFailures).toEqual([]);
    env.clock.advance(3 * HOUR);
    const error = await restError(() => poller.pollUntilDone());
    expect(error.message).toMatch(/failed\. InternalError\. boom$/);
  });

  it('adds latency to every ARM call', async () => {
    env.emulator.faults.setLatency(120);
    const started = Date.now();
    await env.apim.apiGateway.get(group, 'gw-shared-eastus');
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
  });

  it('answers 404 on the first poll of the next new operation, then the real status', async () => {
    env.emulator.faults.notFoundOnFirstPoll();
    const created = await env.raw('PUT', gatewayPath('gw-lagging'), {
      body: { location: 'eastus', sku: { name: 'WorkspaceGatewayPremium' }, properties: {} },
    });
    const statusUrl = String(created.headers['azure-asyncoperation']).replace(env.emulator.url, '');
    expect((await env.raw('GET', statusUrl)).status).toBe(404);
    expect((await env.raw('GET', statusUrl)).body).toMatchObject({ status: 'InProgress' });
    env.clock.advance(3 * HOUR);
  });

  it('the SDK meets that 404 inside beginCreateOrUpdate, which polls once before returning', async () => {
    env.emulator.faults.notFoundOnFirstPoll();
    const error = await restError(() => createGateway('gw-lagging-sdk'));
    expect([error.statusCode, error.code]).toEqual([404, 'OperationNotFound']);
    const puts = env.emulator.requestLog().filter((entry) => entry.path.endsWith('/gw-lagging-sdk'));
    expect(puts.map((entry) => [entry.method, entry.status])).toEqual([['PUT', 201]]);
    env.clock.advance(3 * HOUR);
  });
});

describe('control API', () => {
  const control = (method: string, path: string, body?: unknown) =>
    env.raw(method, `/_emulator/${path}`, { token: null, body });

  it('drives the same faults over loopback HTTPS without a token', async () => {
    const fault = { method: 'GET', path: '/gateways/gw-legacy-eastus$', status: 500, count: 3 };
    expect((await control('POST', 'faults/responses', fault)).status).toBe(204);
    expect((await control('GET', 'faults')).body).toMatchObject({
      responses: [{ status: 500, count: 3 }],
    });
    expect((await control('POST', 'reset-faults')).status).toBe(204);
    expect((await env.raw('GET', gatewayPath('gw-legacy-eastus'))).status).toBe(200);
  });

  it('serves the request log and validates its inputs', async () => {
    const log = await control('GET', 'requests');
    expect(Array.isArray(log.body)).toBe(true);
    expect((log.body as unknown[]).length).toBe(env.emulator.requestLog().length);
    expect((await control('PUT', 'latency', { ms: -5 })).status).toBe(400);
    const principal = { objectId: '12345678-1234-4234-8234-123456789abc', kind: 'Group' };
    expect((await control('POST', 'principals', principal)).status).toBe(204);
    expect((await control('PUT', 'throttling', { enabled: false })).status).toBe(204);
    expect((await control('GET', 'unknown')).status).toBe(404);
  });
});
