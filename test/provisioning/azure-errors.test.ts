import { APPROVALS_CHANNEL, REQUESTER_CHAT } from '../../src/local-teams/journey';
import { allTexts, cardOf } from '../../src/local-teams/local-connector';
import { ANNOUNCEMENTS_CHANNEL, HOUR, MINUTE, paymentsSpec, World } from './world';

describe('Azure errors during provisioning, by kind', () => {
  let world: World;

  beforeEach(async () => {
    world = await World.start({ gatewayMs: 10 * MINUTE });
    await world.meetEveryone();
  });
  afterEach(async () => world.stop());

  const statuses = (method: string, pattern: RegExp) =>
    world.armCalls().filter((e) => e.method === method && pattern.test(e.path)).map((e) => e.status);

  it('waits out a 429 for as long as Retry-After says, then carries on', async () => {
    const spec = paymentsSpec();
    const workspacePut = new RegExp(`/workspaces/${spec.workspace.name}$`);
    world.emulator.faults.injectResponse({ method: 'PUT', path: workspacePut.source, status: 429, headers: { 'Retry-After': '120' } });
    const request = await world.approvedRequest(spec);

    await world.runDue();
    world.clock.advance(119_000);
    await world.runDue();
    expect(statuses('PUT', workspacePut)).toEqual([429]);

    world.clock.advance(1_000);
    await world.runDue();
    expect(statuses('PUT', workspacePut)).toEqual([429, 201]);
    expect((await world.runUntilState(request.id, ['succeeded', 'failed'], HOUR)).state).toBe('succeeded');
  });

  it('retries server errors with backoff, sending the gateway PUT again only because it was refused', async () => {
    const spec = paymentsSpec();
    const gatewayPut = new RegExp(`/gateways/${spec.gateway.name}$`);
    world.emulator.faults.injectResponse({ method: 'PUT', path: gatewayPut.source, status: 503, count: 2 });
    const request = await world.approvedRequest(spec);

    expect((await world.runUntilState(request.id, ['succeeded', 'failed'], HOUR)).state).toBe('succeeded');
    expect(statuses('PUT', gatewayPut)).toEqual([503, 503, 201]);
    const times = world.armCalls().filter((e) => e.method === 'PUT' && gatewayPut.test(e.path)).map((e) => Date.parse(e.at));
    expect(times[1] - times[0]).toBeGreaterThanOrEqual(2_000);
    expect(times[2] - times[1]).toBeGreaterThanOrEqual(4_000);
  });

  it('keeps polling through a network outage without sending the create again', async () => {
    const spec = paymentsSpec();
    const request = await world.approvedRequest(spec);
    await world.runUntil(async () => (await world.store.getSteps(request.id)).some((s) => s.step === 'gateway' && s.status === 'running'), HOUR);

    await world.withArmDown(async () => {
      world.clock.advance(5 * MINUTE);
      await world.runDue();
    });
    expect(world.logs.some((l) => l.msg === 'provisioning step will be tried again' && /ECONNREFUSED|ECONNRESET|socket hang up|connect/i.test(String(l.err)))).toBe(true);

    expect((await world.runUntilState(request.id, ['succeeded', 'failed'], HOUR)).state).toBe('succeeded');
    expect(statuses('PUT', new RegExp(`/gateways/${spec.gateway.name}$`))).toEqual([201]);
  });

  it('waits and retries when another operation holds the gateway (409)', async () => {
    const spec = paymentsSpec();
    const connectionPut = new RegExp(`/gateways/${spec.gateway.name}/configConnections/`);
    world.emulator.faults.injectResponse({
      method: 'PUT',
      path: connectionPut.source,
      status: 409,
      body: { error: { code: 'AnotherOperationInProgress', message: 'Another operation is in progress on the gateway.' } },
    });
    const request = await world.approvedRequest(spec);

    expect((await world.runUntilState(request.id, ['succeeded', 'failed'], HOUR)).state).toBe('succeeded');
    expect(statuses('PUT', connectionPut)).toEqual([409, 201]);
  });

  it('does not take a 200 whose operation status is still InProgress as done', async () => {
    const spec = paymentsSpec();
    world.emulator.faults.injectResponse({ method: 'GET', path: `/gateways/${spec.gateway.name}/operationresults/`, status: 200, body: { status: 'InProgress' }, count: 12 });
    const request = await world.approvedRequest(spec);

    // The gateway itself is ready after 10 minutes, but its operation still says InProgress.
    await world.runUntil(async () => world.emulator.faults.snapshot().responses.length === 0, 2 * HOUR);
    const gateway = (await world.store.getSteps(request.id)).find((s) => s.step === 'gateway');
    expect(world.clock.epochMs - Date.parse(gateway?.startedAt ?? '')).toBeGreaterThan(30 * MINUTE);
    expect(gateway?.status).toBe('running');
    expect((await world.request(request.id)).state).toBe('provisioning');

    expect((await world.runUntilState(request.id, ['succeeded', 'failed'], HOUR)).state).toBe('succeeded');
  });

  it('tries again when the first poll of a new operation answers 404', async () => {
    const spec = paymentsSpec();
    world.emulator.faults.notFoundOnFirstPoll();
    const request = await world.approvedRequest(spec);

    expect((await world.runUntilState(request.id, ['succeeded', 'failed'], HOUR)).state).toBe('succeeded');
    expect(world.armCalls().filter((e) => e.operation === 'operations.get').map((e) => e.status)).toContain(404);
    expect(statuses('PUT', new RegExp(`/gateways/${spec.gateway.name}$`))).toEqual([201]);
  });

  it('fails the step on a validation error and shows Azure\'s message to everyone', async () => {
    const spec = paymentsSpec();
    const message = 'The SKU WorkspaceGatewayPremium is not available in region eastus for this subscription.';
    world.emulator.faults.injectResponse({
      method: 'PUT',
      path: `/gateways/${spec.gateway.name}$`,
      status: 400,
      body: { error: { code: 'InvalidParameter', message } },
    });
    const request = await world.approvedRequest(spec);

    const failed = await world.runUntilState(request.id, ['succeeded', 'failed'], HOUR);
    expect(failed.state).toBe('failed');
    expect(failed.failure).toEqual({ step: 'gateway', message: expect.stringContaining(message) });
    await world.runDue();
    for (const conversation of [REQUESTER_CHAT, APPROVALS_CHANNEL, ANNOUNCEMENTS_CHANNEL]) {
      const notices = world.noticesIn(conversation, request.id, /failed/);
      expect(notices).toHaveLength(1);
      const text = allTexts(cardOf(notices[0].activity)).join('\n');
      expect(text).toContain('Gateway failed');
      expect(text).toContain(message);
      expect(text).toContain(`In Azure now: workspace ${spec.workspace.name}`);
    }
    expect(statuses('PUT', new RegExp(`/gateways/${spec.gateway.name}$`))).toEqual([400]);
  });

  it('fails the step when the operation ends Failed, with Azure\'s message', async () => {
    const spec = paymentsSpec();
    world.emulator.faults.failOperation({ method: 'PUT', path: `/gateways/${spec.gateway.name}$`, code: 'GatewayActivationFailed', message: 'The gateway could not be activated in its region.' });
    const request = await world.approvedRequest(spec);

    const failed = await world.runUntilState(request.id, ['succeeded', 'failed'], HOUR);
    expect(failed.state).toBe('failed');
    expect(failed.failure?.step).toBe('gateway');
    expect(failed.failure?.message).toMatch(/The gateway could not be activated in its region\..*GatewayActivationFailed/);
    await world.runDue();
    expect(world.noticesIn(REQUESTER_CHAT, request.id, /failed/)).toHaveLength(1);
  });
});
