import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { ArmRequestHandler } from './ArmRequestHandler';
import { createSeedState } from './createSeedState';
import type { EmulatorSettings } from './EmulatorCore';
import type { EmulatorState } from './EmulatorState';
import { InMemoryFaultController } from './FaultController';
import { LiveCore } from './LiveCore';
import { isGuid } from './nameRules';
import { failRunningOperation } from './operations';
import { createRequestListener } from './requestListener';
import { EMULATOR_SEED } from './seed';
import { StateFile } from './StateFile';
import { loadOrCreateCertificate } from './tlsCertificate';
import type { EmulatorOptions, PrincipalKind, RunningEmulator } from './types';

const HOST = '127.0.0.1';

/** The port is remembered so a restarted emulator keeps its URL: pollers hold absolute URLs. */
interface PersistedState extends EmulatorState {
  lastPort?: number;
}

function settingsFrom(options: EmulatorOptions): EmulatorSettings {
  return {
    gatewayProvisioningMs: options.gatewayProvisioningMs ?? 20_000,
    configConnectionProvisioningMs: options.configConnectionProvisioningMs ?? 2_000,
    retryAfterSeconds: options.retryAfterSeconds ?? 1,
  };
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen(port, HOST, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/**
 * With no explicit port, try the previous run's port first so that serialized pollers (which
 * hold absolute URLs) still resolve after a restart; fall back to an ephemeral port.
 */
async function listenOnPreferredPort(
  server: Server,
  options: EmulatorOptions,
  state: PersistedState,
): Promise<number> {
  if (options.port === undefined && state.lastPort !== undefined) {
    try {
      return await listen(server, state.lastPort);
    } catch {
      // Taken by another process: an ephemeral port is the documented default anyway.
    }
  }
  return listen(server, options.port ?? 0);
}

/**
 * Starts the local ARM emulator on https://127.0.0.1. It uses node:https with its own small
 * router rather than restify: ARM paths nest arbitrary scopes (role assignments and diagnostic
 * settings hang off any resource id), arm-monitor sends `//subscriptions/...`, and matching must
 * be case-insensitive, none of which restify's router handles without fighting it.
 */
export async function startEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  const certificate = await loadOrCreateCertificate(options.dataDir);
  const stateFile = new StateFile(options.dataDir);
  const state: PersistedState = stateFile.loadOrSeed(createSeedState);
  const faults = new InMemoryFaultController(options.throttling ?? true);
  const addPrincipal = (objectId: string, kind: PrincipalKind) => {
    if (!isGuid(objectId)) throw new Error(`Principal object id must be a GUID: '${objectId}'.`);
    state.principals[objectId.toLowerCase()] = kind;
    void stateFile.commit(state);
  };
  let handler: ArmRequestHandler | undefined;
  const control = { faults, state: () => state, addPrincipal };
  const listener = createRequestListener(control, () => handler);
  const server = createServer({ cert: certificate.cert, key: certificate.key }, listener);

  const port = await listenOnPreferredPort(server, options, state);
  const url = `https://${HOST}:${port}`;
  const clock = options.clock ?? { now: () => Date.now() };
  const core = new LiveCore(state, EMULATOR_SEED, settingsFrom(options), faults, url, clock);
  handler = createHandler(core, faults, stateFile);
  state.lastPort = port;
  await stateFile.commit(state);

  return {
    url,
    caCert: certificate.cert,
    seed: EMULATOR_SEED,
    requestLog: () => state.requestLog,
    faults,
    addPrincipal,
    close: async () => {
      await closeServer(server);
      await stateFile.flush(state);
    },
  };
}

function createHandler(core: LiveCore, faults: InMemoryFaultController, stateFile: StateFile) {
  faults.applyToRunning = (failure) => {
    const applied = failRunningOperation(core, failure);
    if (core.takeChanged()) void stateFile.commit(core.state);
    return applied;
  };
  return new ArmRequestHandler({
    core,
    faults,
    persist: async (resourcesChanged) => {
      if (resourcesChanged) await stateFile.commit(core.state);
      else stateFile.commitSoon(core.state);
    },
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => {
      if (error) reject(error);
      else resolve();
    });
    // SDK clients keep connections alive; without this close() would wait for them to idle out.
    server.closeAllConnections();
  });
}
