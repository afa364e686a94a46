import fs from 'node:fs';
import path from 'node:path';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { DefaultAzureCredential } from '@azure/identity';
import type { Logger as PinoLogger } from 'pino';
import type restify from 'restify';
import { ArmInventory } from './adapters/azure/arm-inventory';
import { ArmProvisioner } from './adapters/azure/arm-provisioner';
import type { ArmTarget } from './adapters/azure/arm-target';
import { CardRenderer } from './adapters/teams/card-renderer';
import { TeamsNotifier } from './adapters/teams/teams-notifier';
import { WorkspaceBot } from './adapters/teams/workspace-bot';
import type { BotServices } from './adapters/teams/bot-services';
import { isLoopback, type Config } from './config';
import { deliveryHandler, refreshHandler } from './core/delivery';
import { JobRunner } from './core/job-runner';
import { systemClock, type Clock } from './core/ports';
import { ProvisioningEngine } from './core/provisioning';
import { RequestService } from './core/request-service';
import { createEmulatorCredential, EMULATOR_SEED, startEmulator, type RunningEmulator } from './emulator';
import { createHttpServer, listen } from './server/http-server';
import { openStore } from './store/open-store';

export interface RunningApp {
  url: string;
  emulator?: RunningEmulator;
  runner: JobRunner;
  stop(): Promise<void>;
}

export interface AppOptions {
  clock?: Clock;
  /** An emulator started by the caller (tests); otherwise started here when configured. */
  emulator?: RunningEmulator;
}

/** The composition root: builds every part from the configuration, starts them, and stops them in order. */
export async function startApp(config: Config, log: PinoLogger, options: AppOptions = {}): Promise<RunningApp> {
  assertSafeBinding(config, log);
  const clock = options.clock ?? systemClock;

  const emulator = options.emulator ?? (config.azure.mode === 'emulator' ? await startOwnEmulator(config) : undefined);
  const target = armTarget(config, emulator);
  const approvers = defaultApprovers(config, emulator !== undefined, log);
  const { store, description: storeDescription } = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });

  const policy = { approvers };
  const requests = new RequestService(store, new ArmInventory(target), policy, clock, log);
  const services: BotServices = { requests, store, policy, cards: new CardRenderer(), clock, log };
  const adapter = createAdapter(config, log);
  const bot = new WorkspaceBot(services);
  const notifier = new TeamsNotifier(adapter, config.bot.appId, services);
  const provisioning = new ProvisioningEngine({ store, azure: new ArmProvisioner(target), requests, clock, log, pollIntervalMs: config.pollIntervalMs });

  const runner = new JobRunner({
    store,
    clock,
    log,
    checkEveryMs: 250,
    leaseMs: 120_000,
    handlers: {
      provision: (job) => provisioning.run(job),
      deliver: deliveryHandler({ store, notifier, clock, log }),
      refresh_cards: refreshHandler({ store, notifier, clock, log }),
    },
  });

  const server = createHttpServer({ adapter, bot, ready: async () => readiness(store) });
  const url = await listen(server, config.port, config.host);
  runner.start();
  logStartup(log, config, url, storeDescription, emulator, approvers);

  return {
    url,
    emulator,
    runner,
    stop: async () => {
      await runner.stop();
      await closeServer(server);
      await store.close();
      if (!options.emulator) await emulator?.close();
    },
  };
}

function assertSafeBinding(config: Config, log: PinoLogger): void {
  if (config.bot.appId || isLoopback(config.host)) return;
  if (!config.allowUnauthenticatedRemote) {
    throw new Error(
      `HOST=${config.host} is not a loopback address and MicrosoftAppId is not set, so anyone could ` +
        'talk to the bot unauthenticated. Set MicrosoftAppId, or HOST=127.0.0.1, or ' +
        'ALLOW_UNAUTHENTICATED_REMOTE=true if you really mean it.',
    );
  }
  log.warn({ host: config.host }, 'the bot accepts unauthenticated activities on a non-loopback address');
}

async function startOwnEmulator(config: Config): Promise<RunningEmulator> {
  if (config.azure.mode !== 'emulator') throw new Error('The emulator never runs when real Azure is configured.');
  const dataDir = path.join(config.dataDir, 'arm-emulator');
  fs.mkdirSync(dataDir, { recursive: true });
  return startEmulator({
    dataDir,
    port: config.azure.port,
    gatewayProvisioningMs: config.azure.gatewaySeconds * 1000,
  });
}

function armTarget(config: Config, emulator: RunningEmulator | undefined): ArmTarget {
  if (config.azure.mode === 'azure') {
    const { subscriptionId, resourceGroup, serviceName, endpoint } = config.azure;
    return { subscriptionId, resourceGroup, serviceName, endpoint, credential: new DefaultAzureCredential() };
  }
  if (!emulator) throw new Error('No ARM emulator is running and no Azure subscription is configured.');
  const seed = emulator.seed;
  return {
    subscriptionId: seed.subscriptionId,
    resourceGroup: seed.resourceGroup,
    serviceName: seed.serviceName,
    endpoint: emulator.url,
    caCert: emulator.caCert,
    credential: createEmulatorCredential(),
  };
}

/** On the emulator, the seeded approvers stand in when none are configured, so the demo can approve. */
function defaultApprovers(config: Config, onEmulator: boolean, log: PinoLogger): string[] {
  if (config.approvers.length) return config.approvers;
  if (onEmulator) return [EMULATOR_SEED.principals.approver, EMULATOR_SEED.principals.secondApprover];
  log.error({}, 'APPROVERS is empty: nobody can approve workspace requests until it is set');
  return [];
}

function createAdapter(config: Config, log: PinoLogger): CloudAdapter {
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: config.bot.appId,
    MicrosoftAppPassword: config.bot.appPassword,
    MicrosoftAppType: config.bot.appType,
    MicrosoftAppTenantId: config.bot.tenantId,
  });
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (context, error) => {
    log.error({ err: error, activityId: context.activity.id }, 'unhandled error in a turn');
  };
  return adapter;
}

async function readiness(store: { pendingJobCount(): Promise<number> }) {
  try {
    await store.pendingJobCount();
    return { ok: true, checks: { store: 'ok' } };
  } catch (error) {
    return { ok: false, checks: { store: error instanceof Error ? error.message : 'unreachable' } };
  }
}

function logStartup(log: PinoLogger, config: Config, url: string, store: string, emulator: RunningEmulator | undefined, approvers: string[]): void {
  const endpoint = `${url}/api/messages`;
  if (config.bot.appId) log.info({ endpoint, appId: config.bot.appId }, 'bot listening; Bot Framework tokens are required');
  else log.warn({ endpoint }, 'bot listening WITHOUT authentication because MicrosoftAppId is not set; loopback only');
  if (emulator) {
    log.info({ arm: emulator.url, gatewaySeconds: config.azure.mode === 'emulator' ? config.azure.gatewaySeconds : undefined }, 'Azure Resource Manager: the embedded emulator (no real Azure is touched)');
  } else if (config.azure.mode === 'azure') {
    log.info({ arm: config.azure.endpoint, subscription: config.azure.subscriptionId, service: config.azure.serviceName }, 'Azure Resource Manager: real Azure');
  }
  log.info({ store, approvers: approvers.length }, 'store ready');
  log.info({}, `talk to it: npx @microsoft/m365agentsplayground -e ${endpoint} -c msteams, or run npm run demo`);
}

function closeServer(server: restify.Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
