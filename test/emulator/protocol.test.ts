import { ApiManagementClient } from '@azure/arm-apimanagement';
import { createEmulatorCredential } from '../../src/emulator';
import { restError, sdkOptions, startTestEmulator, type TestEmulator } from './emulatorHarness';

let env: TestEmulator;
let group: string;

beforeAll(async () => {
  env = await startTestEmulator();
  group = env.emulator.seed.resourceGroup;
});
afterAll(() => env.stop());
afterEach(() => env.emulator.faults.reset());

function gatewayPath(name = 'gw-shared-eastus'): string {
  const { subscriptionId } = env.emulator.seed;
  return `/subscriptions/${subscriptionId}/resourceGroups/${group}/providers/Microsoft.ApiManagement/gateways/${name}`;
}

describe('authentication', () => {
  it('answers 401 AuthenticationFailed without a bearer token', async () => {
    const response = await env.raw('GET', `${gatewayPath()}?api-version=2024-05-01`, { token: null });
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ error: { code: 'AuthenticationFailed', message: expect.any(String) } });
    expect(response.headers['www-authenticate']).toMatch(/^Bearer /);
  });

  it('answers 401 for a token it did not issue', async () => {
    const response = await env.raw('GET', `${gatewayPath()}?api-version=2024-05-01`, { token: 'eyJh.eyJv.forged' });
    expect(response.status).toBe(401);
  });

  it('surfaces 401 to an SDK client with a foreign credential', async () => {
    const foreign = { getToken: async () => ({ token: 'not-from-the-emulator', expiresOnTimestamp: Date.now() + 3_600_000 }) };
    const client = new ApiManagementClient(foreign, env.emulator.seed.subscriptionId, sdkOptions(env.emulator));
    const error = await restError(() => client.apiGateway.get(group, 'gw-shared-eastus'));
    expect([error.statusCode, error.code]).toEqual([401, 'AuthenticationFailed']);
  });
});

describe('routing and versions', () => {
  it('requires api-version and rejects unknown versions', async () => {
    const missing = await env.raw('GET', gatewayPath());
    expect([missing.status, (missing.body as { error: { code: string } }).error.code]).toEqual([400, 'MissingApiVersionParameter']);
    const unknown = await env.raw('GET', `${gatewayPath()}?api-version=2019-01-01`);
    expect([unknown.status, (unknown.body as { error: { code: string } }).error.code]).toEqual([400, 'InvalidApiVersionParameter']);
  });

  it('matches paths case-insensitively', async () => {
    const response = await env.raw('GET', `${gatewayPath().toUpperCase().replace('/SUBSCRIPTIONS/6B1C', '/subscriptions/6b1c')}?api-version=2024-05-01`);
    expect(response.status).toBe(200);
  });

  it('answers 404 for unknown paths and 405 for unknown methods', async () => {
    expect((await env.raw('GET', '/subscriptions/x/nothing?api-version=2024-05-01')).status).toBe(404);
    expect((await env.raw('POST', `${gatewayPath()}?api-version=2024-05-01`)).status).toBe(405);
  });

  it('emits remaining-quota headers', async () => {
    const response = await env.raw('GET', `${gatewayPath()}?api-version=2024-05-01`);
    expect(Number(response.headers['x-ms-ratelimit-remaining-subscription-reads'])).toBeGreaterThan(0);
    const write = await env.raw('DELETE', `${gatewayPath('gw-none')}?api-version=2024-05-01`);
    expect(write.headers['x-ms-ratelimit-remaining-subscription-deletes']).toBeDefined();
  });
});

describe('throttling', () => {
  it('empties a principal bucket after 250 reads and answers 429 with Retry-After', async () => {
    const credential = createEmulatorCredential({ principalId: '0badc0de-0000-4000-8000-000000000001' });
    const token = (await credential.getToken('x'))?.token ?? '';
    const responses = await Promise.all(
      Array.from({ length: 300 }, () => env.raw('GET', `${gatewayPath()}?api-version=2024-05-01`, { token })),
    );
    const throttled = responses.filter((response) => response.status === 429);
    expect(throttled.length).toBeGreaterThan(0);
    expect(Number(throttled[0]?.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(throttled[0]?.body).toMatchObject({ error: { code: 'TooManyRequests' } });
    // Another principal has its own bucket.
    expect((await env.raw('GET', `${gatewayPath()}?api-version=2024-05-01`)).status).toBe(200);
  });

  it('can be switched off', async () => {
    env.emulator.faults.setThrottling(false);
    const response = await env.raw('GET', `${gatewayPath()}?api-version=2024-05-01`);
    expect(response.headers['x-ms-ratelimit-remaining-subscription-reads']).toBeUndefined();
  });
});

describe('fault injection', () => {
  it('a 429 with Retry-After is retried by the SDK transparently', async () => {
    env.emulator.faults.injectResponse({ method: 'GET', path: '/gateways/gw-shared-eastus$', status: 429, headers: { 'Retry-After': '0' } });
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
    const error = await restError(() =>
      env.apim.workspace.createOrUpdate(group, env.emulator.seed.serviceName, 'canned', { displayName: 'x' }),
    );
    expect([error.statusCode, error.code, error.message]).toEqual([409, 'WorkspaceLocked', 'locked for maintenance']);
  });

  it('makes the next gateway creation end Failed with the given error', async () => {
    env.emulator.faults.failOperation({ path: '/gateways/gw-doomed$', code: 'GatewayCapacityUnavailable', message: 'No capacity in eastus' });
    const poller = await env.apim.apiGateway.beginCreateOrUpdate(
      group, 'gw-doomed', { location: 'eastus', sku: { name: 'WorkspaceGatewayPremium', capacity: 1 }, virtualNetworkType: 'None' },
      { updateIntervalInMs: 5 },
    );
    env.clock.advance(3 * 60 * 60 * 1000);
    // core-lro reports a failed LRO as a plain Error whose message carries the code.
    const error = await restError(() => poller.pollUntilDone());
    expect(error.message).toBe('The long-running operation has failed. GatewayCapacityUnavailable. No capacity in eastus');
    expect((await env.apim.apiGateway.get(group, 'gw-doomed')).provisioningState).toBe('Failed');
  });

  it('makes an operation already running end Failed', async () => {
    const poller = await env.apim.apiGateway.beginCreateOrUpdate(
      group, 'gw-running', { location: 'eastus', sku: { name: 'WorkspaceGatewayStandard', capacity: 1 }, virtualNetworkType: 'None' },
      { updateIntervalInMs: 5 },
    );
    env.emulator.faults.failOperation({ path: 'gw-running', method: 'PUT', code: 'InternalError', message: 'boom' });
    expect(env.emulator.faults.snapshot().operationFailures).toEqual([]);
    env.clock.advance(3 * 60 * 60 * 1000);
    expect((await restError(() => poller.pollUntilDone())).message).toMatch(/failed\. InternalError\. boom$/);
  });

  it('adds latency to every ARM call', async () => {
    env.emulator.faults.setLatency(120);
    const started = Date.now();
    await env.apim.apiGateway.get(group, 'gw-shared-eastus');
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
  });

  it('answers 404 on the first poll of the next new operation, then the real status', async () => {
    env.emulator.faults.notFoundOnFirstPoll();
    const created = await env.raw('PUT', `${gatewayPath('gw-lagging')}?api-version=2024-05-01`, {
      body: { location: 'eastus', sku: { name: 'WorkspaceGatewayPremium' }, properties: {} },
    });
    const statusUrl = String(created.headers['azure-asyncoperation']).replace(env.emulator.url, '');
    expect((await env.raw('GET', statusUrl)).status).toBe(404);
    expect((await env.raw('GET', statusUrl)).body).toMatchObject({ status: 'InProgress' });
    env.clock.advance(3 * 60 * 60 * 1000);
  });
});

describe('control API', () => {
  it('drives the same faults over loopback HTTPS without a token', async () => {
    const injected = await env.raw('POST', '/_emulator/faults/responses', {
      token: null,
      body: { method: 'GET', path: '/gateways/gw-legacy-eastus$', status: 500, count: 3 },
    });
    expect(injected.status).toBe(204);
    expect((await env.raw('GET', '/_emulator/faults', { token: null })).body).toMatchObject({
      responses: [{ status: 500, count: 3 }],
    });
    expect((await env.raw('POST', '/_emulator/reset-faults', { token: null })).status).toBe(204);
    expect((await env.raw('GET', `${gatewayPath('gw-legacy-eastus')}?api-version=2024-05-01`)).status).toBe(200);
  });

  it('serves the request log and validates its inputs', async () => {
    const log = await env.raw('GET', '/_emulator/requests', { token: null });
    expect(Array.isArray(log.body)).toBe(true);
    expect((log.body as unknown[]).length).toBe(env.emulator.requestLog().length);
    const invalid = await env.raw('PUT', '/_emulator/latency', { token: null, body: { ms: -5 } });
    expect(invalid.status).toBe(400);
    const principal = await env.raw('POST', '/_emulator/principals', {
      token: null,
      body: { objectId: '12345678-1234-4234-8234-123456789abc', kind: 'Group' },
    });
    expect(principal.status).toBe(204);
    expect((await env.raw('PUT', '/_emulator/throttling', { token: null, body: { enabled: false } })).status).toBe(204);
  });
});
