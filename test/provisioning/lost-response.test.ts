import { ArmProvisioner } from '../../src/adapters/azure/arm-provisioner';
import { createEmulatorCredential, EMULATOR_SEED } from '../../src/emulator';
import { REQUESTER_CHAT } from '../../src/local-teams/journey';
import { HOUR, MINUTE, paymentsSpec, World } from './world';

describe('a crash that lost the answer to a PUT', () => {
  let world: World;

  beforeEach(async () => {
    world = await World.start({ gatewayMs: 30 * MINUTE });
    await world.meetEveryone({ announcements: false });
  });
  afterEach(async () => world.stop());

  it('reads the gateway before deciding, and never sends its PUT a second time', async () => {
    const spec = paymentsSpec();
    const request = await world.approvedRequest(spec);
    if (spec.gateway.kind !== 'new') throw new Error('a new gateway is needed here');

    // What the crashed process did: the workspace was made and saved, the gateway marked
    // `starting` and its PUT sent, and then the process died before it saw the answer.
    const { subscriptionId, resourceGroup, serviceName } = EMULATOR_SEED;
    const azure = new ArmProvisioner({ subscriptionId, resourceGroup, serviceName, endpoint: world.emulator.url, caCert: world.emulator.caCert, credential: createEmulatorCredential() });
    const startedAt = world.clock.now().toISOString();
    const { resourceId } = await azure.ensureWorkspace(spec.workspace);
    await world.store.saveStep({ requestId: request.id, step: 'workspace', status: 'done', detail: resourceId, startedAt, finishedAt: startedAt, attempts: 0 });
    await world.store.saveStep({ requestId: request.id, step: 'gateway', status: 'starting', startedAt, attempts: 0 });
    await azure.beginGateway(spec.gateway);

    const done = await world.runUntilState(request.id, ['succeeded', 'failed'], 2 * HOUR);

    expect(done.state).toBe('succeeded');
    const gateway = new RegExp(`/gateways/${spec.gateway.name}$`);
    expect(world.armCalls().filter((e) => e.method === 'PUT' && gateway.test(e.path))).toHaveLength(1);
    expect(world.armCalls().filter((e) => e.method === 'GET' && gateway.test(e.path)).length).toBeGreaterThan(0);
    expect(world.noticesIn(REQUESTER_CHAT, request.id, /is ready/)).toHaveLength(1);
  });
});
