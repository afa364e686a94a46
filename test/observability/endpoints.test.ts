import { playJourney } from '../../src/local-teams/journey';
import { startTestApp, type TestApp } from '../support/test-app';

describe('what operators can see', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.stop());

  it('answers /healthz and /readyz with the store and ARM checked', async () => {
    expect((await fetch(`${t.app.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${t.app.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { store: 'ok', arm: 'ok' } });
  });

  it('publishes request states, ARM calls, outbox depth and provisioning time in Prometheus format', async () => {
    await playJourney({ client: t.client, connector: t.connector, say: () => undefined, timeoutMs: 30_000 });
    const response = await fetch(`${t.app.url}/metrics`);
    const text = await response.text();

    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(text).toMatch(/^apim_bot_requests\{state="succeeded"\} 1$/m);
    expect(text).toMatch(/^apim_bot_arm_calls_total\{operation="PUT workspaces",status="201"\} 1$/m);
    expect(text).toMatch(/^apim_bot_arm_calls_total\{operation="PUT gateways",status="201"\} 1$/m);
    expect(text).toMatch(/^apim_bot_outbox_depth \d+$/m);
    expect(text).toMatch(/^apim_bot_provisioning_duration_seconds_count\{outcome="succeeded"\} 1$/m);
  });

  it('logs every ARM call at debug with method, path, status and duration', () => {
    const armLines = t.logs.filter((l) => l.msg === 'ARM call');
    expect(armLines.length).toBeGreaterThan(5);
    expect(armLines[0]).toEqual(expect.objectContaining({ method: expect.any(String), path: expect.stringMatching(/^\/subscriptions\//), status: expect.any(Number), durationMs: expect.any(Number) }));
  });

  it('says it is not ready when Azure Resource Manager answers with errors', async () => {
    t.app.emulator!.faults.injectResponse({ method: 'GET', path: 'service/apim-contoso$', status: 503, count: 1 });
    const ready = await fetch(`${t.app.url}/readyz`);
    expect(ready.status).toBe(503);
    const body = (await ready.json()) as { checks: Record<string, string> };
    expect(body.checks.arm).not.toBe('ok');
  });
});
