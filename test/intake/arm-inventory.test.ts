import { ArmInventory } from '../../src/adapters/azure/arm-inventory';
import { takeSnapshot } from '../../src/core/inventory';
import { startTestEmulator, type TestEmulator } from '../emulator/emulatorHarness';

/** The live choices of the form, read with the real SDK clients from the ARM emulator over HTTPS. */
describe('the inventory the form offers, read from Azure', () => {
  let env: TestEmulator;
  let inventory: ArmInventory;

  /** An inventory as the app builds it; `fresh` reads everything afresh each time. */
  function armInventory(fresh = false): ArmInventory {
    const { seed, url, caCert } = env.emulator;
    const { subscriptionId, resourceGroup, serviceName } = seed;
    const target = { subscriptionId, resourceGroup, serviceName, credential: env.credential, endpoint: url, caCert };
    return new ArmInventory(target, fresh ? { slowReadsMs: 0, freshReadsMs: 0 } : {});
  }

  beforeAll(async () => {
    env = await startTestEmulator();
    inventory = armInventory(true);
  });
  afterAll(async () => env.stop());

  it('lists the Log Analytics workspaces of the resource group and the unit range of the gateway SKU', async () => {
    const snapshot = await takeSnapshot(inventory);

    expect(snapshot.logAnalyticsWorkspaces).toEqual([
      { id: env.emulator.seed.logAnalyticsWorkspaceId, name: 'law-apim-platform', location: expect.any(String) },
    ]);
    expect(snapshot.units).toEqual({ min: 1, max: expect.any(Number) });
    expect(snapshot.gateways.map((g) => g.name)).toEqual(expect.arrayContaining(['gw-shared-eastus', 'gw-legacy-eastus']));
  });

  it('finds no log destination while the service has no diagnostic setting', async () => {
    expect(await inventory.serviceLogDestination()).toBe('');
  });

  it('reads the destination of the service-level setting that carries gateway logs', async () => {
    const { serviceId, logAnalyticsWorkspaceId } = env.emulator.seed;
    await env.monitor.diagnosticSettings.createOrUpdate(serviceId.slice(1), 'service-logs', {
      workspaceId: logAnalyticsWorkspaceId,
      logs: [{ category: 'GatewayLogs', enabled: true }],
    });

    expect(await inventory.serviceLogDestination()).toBe(logAnalyticsWorkspaceId);
    const calls = env.emulator.requestLog().filter((e) => e.method === 'GET' && /diagnosticSettings$/i.test(e.path));
    expect(calls.length).toBeGreaterThan(0);
  });

  it('shares one read among forms shown at the same time, so a burst of requests is not a burst of reads', async () => {
    const cached = armInventory();
    const reads = () => env.emulator.requestLog().filter((e) => e.method === 'GET').length;
    const before = reads();

    const snapshots = await Promise.all(Array.from({ length: 20 }, () => takeSnapshot(cached)));

    expect(new Set(snapshots.map((s) => JSON.stringify(s))).size).toBe(1);
    // One read of each list (and of each gateway's connections and SKUs), not twenty.
    expect(reads() - before).toBeLessThanOrEqual(12);
  });
});
