import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '../../src/emulator';
import { createClients, HOUR, ManualClock, restError } from './emulatorHarness';
import { createEmulatorCredential } from '../../src/emulator';

const dataDir = mkdtempSync(join(tmpdir(), 'arm-emulator-restart-'));
const clock = new ManualClock();
const options = { dataDir, clock, retryAfterSeconds: 0, gatewayProvisioningMs: 3 * HOUR };
const POLL = { updateIntervalInMs: 5 };

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('state across restarts', () => {
  it('keeps resources, running operations, the request log, the certificate and the port', async () => {
    const first = await startEmulator(options);
    const firstClients = createClients(first, createEmulatorCredential());
    const { resourceGroup, serviceName } = first.seed;
    await firstClients.apim.workspace.createOrUpdate(resourceGroup, serviceName, 'survivor', { displayName: 'Survivor' });
    await firstClients.apim.workspace.delete(resourceGroup, serviceName, 'billing', '*');
    const poller = await firstClients.apim.apiGateway.beginCreateOrUpdate(
      resourceGroup, 'gw-restart', { location: 'eastus', sku: { name: 'WorkspaceGatewayPremium', capacity: 1 }, virtualNetworkType: 'None' }, POLL,
    );
    const saved = poller.toString();
    const logLength = first.requestLog().length;
    await first.close();

    expect(existsSync(join(dataDir, 'emulator-state.json'))).toBe(true);
    expect(JSON.parse(readFileSync(join(dataDir, 'emulator-state.json'), 'utf8')).requestLog).toHaveLength(logLength);

    const second = await startEmulator(options);
    try {
      expect(second.url).toBe(first.url);
      expect(second.caCert).toBe(first.caCert);
      expect(second.requestLog()).toHaveLength(logLength);
      const clients = createClients(second, createEmulatorCredential());
      expect((await clients.apim.workspace.get(resourceGroup, serviceName, 'survivor')).displayName).toBe('Survivor');
      // The seed is applied only once: the deleted seeded workspace stays deleted.
      expect((await restError(() => clients.apim.workspace.get(resourceGroup, serviceName, 'billing'))).statusCode).toBe(404);

      clock.advance(3 * HOUR);
      const resumed = await clients.apim.apiGateway.beginCreateOrUpdate(
        resourceGroup, 'gw-restart', { location: 'eastus', sku: { name: 'WorkspaceGatewayPremium' } }, { ...POLL, resumeFrom: saved },
      );
      expect((await resumed.pollUntilDone()).provisioningState).toBe('Succeeded');
      const puts = second.requestLog().filter((entry) => entry.operation === 'gateways.put');
      expect(puts).toHaveLength(1);
    } finally {
      await second.close();
    }
  });
});
