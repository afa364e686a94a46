import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmulatorCredential, EMULATOR_SEED, startEmulator } from '../../src/emulator';
import { createClients, HOUR, ManualClock, restError } from './emulatorHarness';

const dataDir = mkdtempSync(join(tmpdir(), 'arm-emulator-restart-'));
const clock = new ManualClock();
const options = { dataDir, clock, retryAfterSeconds: 0, gatewayProvisioningMs: 3 * HOUR };
const { resourceGroup, serviceName } = EMULATOR_SEED;
const POLL = { updateIntervalInMs: 5 };
const GATEWAY = {
  location: 'eastus',
  sku: { name: 'WorkspaceGatewayPremium', capacity: 1 },
  virtualNetworkType: 'None',
};

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function storedLog(): unknown[] {
  return JSON.parse(readFileSync(join(dataDir, 'emulator-state.json'), 'utf8')).requestLog;
}

describe('state across restarts', () => {
  it('keeps resources, running operations, the request log, the certificate and the port', async () => {
    const first = await startEmulator(options);
    const before = createClients(first, createEmulatorCredential()).apim;
    await before.workspace.createOrUpdate(resourceGroup, serviceName, 'survivor', {
      displayName: 'Survivor',
    });
    await before.workspace.delete(resourceGroup, serviceName, 'billing', '*');
    const poller = await before.apiGateway.beginCreateOrUpdate(resourceGroup, 'gw-restart', GATEWAY, POLL);
    const saved = poller.toString();
    const logLength = first.requestLog().length;
    await first.close();
    expect(storedLog()).toHaveLength(logLength);

    const second = await startEmulator(options);
    try {
      expect(second.url).toBe(first.url);
      expect(second.caCert).toBe(first.caCert);
      expect(second.requestLog()).toHaveLength(logLength);
      const after = createClients(second, createEmulatorCredential()).apim;
      const survivor = await after.workspace.get(resourceGroup, serviceName, 'survivor');
      expect(survivor.displayName).toBe('Survivor');
      // The seed is applied only once: the deleted seeded workspace stays deleted.
      const billing = await restError(() => after.workspace.get(resourceGroup, serviceName, 'billing'));
      expect(billing.statusCode).toBe(404);

      clock.advance(3 * HOUR);
      const resumed = await after.apiGateway.beginCreateOrUpdate(resourceGroup, 'gw-restart', GATEWAY, {
        ...POLL,
        resumeFrom: saved,
      });
      expect((await resumed.pollUntilDone()).provisioningState).toBe('Succeeded');
      const puts = second.requestLog().filter((entry) => entry.operation === 'gateways.put');
      expect(puts).toHaveLength(1);
    } finally {
      await second.close();
    }
  });
});
