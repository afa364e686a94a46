import { collect, restError, startTestEmulator, type TestEmulator } from './emulatorHarness';

let env: TestEmulator;
let group: string;
let service: string;

beforeAll(async () => {
  env = await startTestEmulator();
  group = env.emulator.seed.resourceGroup;
  service = env.emulator.seed.serviceName;
});
afterAll(() => env.stop());

function servicePath(): string {
  const { subscriptionId } = env.emulator.seed;
  return `/subscriptions/${subscriptionId}/resourceGroups/${group}/providers/Microsoft.ApiManagement/service/${service}`;
}

function workspacePath(name: string, query = ''): string {
  return `${servicePath()}/workspaces${name ? `/${name}` : ''}?api-version=2024-05-01${query}`;
}

describe('workspaces through the SDK', () => {
  it('creates with 201, re-puts with 200, and returns an ETag each time', async () => {
    const created = await env.raw('PUT', workspacePath('payments'), {
      body: { properties: { displayName: 'Payments', description: 'Payment APIs' } },
    });
    expect(created.status).toBe(201);
    expect(created.headers.etag).toMatch(/^".+"$/);

    const again = await env.apim.workspace.createOrUpdate(group, service, 'payments', {
      displayName: 'Payments team',
    });
    expect(again.displayName).toBe('Payments team');
    expect(again.description).toBeUndefined();
    expect(again.eTag).not.toBe(created.headers.etag);
  });

  it('reads with GET and HEAD, both carrying the current ETag', async () => {
    const workspace = await env.apim.workspace.get(group, service, 'payments');
    const head = await env.apim.workspace.getEntityTag(group, service, 'payments');
    expect(workspace.type).toBe('Microsoft.ApiManagement/service/workspaces');
    expect(head.eTag).toBe(workspace.eTag);
  });

  it('updates with PATCH only when If-Match is current or *', async () => {
    const { eTag } = await env.apim.workspace.get(group, service, 'payments');
    const updated = await env.apim.workspace.update(group, service, 'payments', eTag ?? '', {
      description: 'Cards and wallets',
    } as never);
    expect(updated.description).toBe('Cards and wallets');
    expect(updated.displayName).toBe('Payments team');

    const stale = await restError(() =>
      env.apim.workspace.update(group, service, 'payments', eTag ?? '', { displayName: 'x' }),
    );
    expect(stale.statusCode).toBe(412);

    const missing = await env.raw('PATCH', workspacePath('payments'), {
      body: { properties: { displayName: 'y' } },
    });
    expect(missing.status).toBe(400);
  });

  it('lists with count, $top/$skip paging and an absolute nextLink', async () => {
    const page = await env.raw('GET', workspacePath('', '&$top=5&$skip=2'));
    const body = page.body as { value: unknown[]; count: number; nextLink: string };
    expect(body.value).toHaveLength(5);
    expect(body.count).toBe(34);
    expect(body.nextLink.startsWith(`${env.emulator.url}/subscriptions/`)).toBe(true);
    expect(body.nextLink).toContain('skip=7');

    const all = await collect(env.apim.workspace.listByService(group, service, { top: 10 }));
    expect(all.map((workspace) => workspace.name)).toEqual(
      expect.arrayContaining(['orders', 'inventory', 'billing', 'team-30', 'payments']),
    );
    expect(all).toHaveLength(34);
  });

  it('filters lists by displayName', async () => {
    const filter = "startswith(displayName,'Team 0')";
    const found = await collect(env.apim.workspace.listByService(group, service, { filter }));
    expect(found).toHaveLength(9);
  });

  it('deletes with If-Match: 200 when it existed, 204 when it did not', async () => {
    const remove = async (ifMatch?: string) => {
      const headers: Record<string, string> = ifMatch ? { 'If-Match': ifMatch } : {};
      return (await env.raw('DELETE', workspacePath('payments'), { headers })).status;
    };
    expect(await remove()).toBe(400);
    expect(await remove('"stale"')).toBe(412);
    expect(await remove('*')).toBe(200);
    expect(await remove('*')).toBe(204);
    const gone = await restError(() => env.apim.workspace.get(group, service, 'payments'));
    expect(gone.statusCode).toBe(404);
  });
});

describe('workspace validation', () => {
  it.each([
    ['a name with a forbidden character', 'bad*name'],
    ['a name longer than 80 characters', 'w'.repeat(81)],
  ])('rejects %s with 400', async (_, name) => {
    const error = await restError(() =>
      env.apim.workspace.createOrUpdate(group, service, name, { displayName: 'x' }),
    );
    expect(error.statusCode).toBe(400);
    expect(error.code).toBe('InvalidResourceName');
  });

  it('requires properties.displayName', async () => {
    const response = await env.raw('PUT', workspacePath('nodisplay'), {
      body: { properties: { description: 'no display name' } },
    });
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.body).toEqual({
      error: { code: 'ValidationError', message: expect.any(String) },
    });
  });

  it('answers 404 for a missing service, resource group or subscription', async () => {
    const get = (resourceGroup: string, serviceName: string, name: string) =>
      restError(() => env.apim.workspace.get(resourceGroup, serviceName, name));
    const noService = await get(group, 'apim-missing', 'orders');
    expect([noService.statusCode, noService.code]).toEqual([404, 'ParentResourceNotFound']);
    const noGroup = await get('rg-missing', service, 'orders');
    expect([noGroup.statusCode, noGroup.code]).toEqual([404, 'ResourceGroupNotFound']);
    const noWorkspace = await get(group, service, 'nope');
    expect([noWorkspace.statusCode, noWorkspace.code]).toEqual([404, 'ResourceNotFound']);
  });

  it('rejects an invalid resource group name', async () => {
    const error = await restError(() => env.apim.workspace.get('rg spaces!', service, 'orders'));
    expect([error.statusCode, error.code]).toEqual([400, 'InvalidResourceName']);
  });

  it('rejects an invalid service name', async () => {
    const error = await restError(() => env.apim.workspace.get(group, '9lives', 'orders'));
    expect([error.statusCode, error.code]).toEqual([400, 'InvalidResourceName']);
  });
});
