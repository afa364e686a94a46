import fs from 'node:fs';
import path from 'node:path';
import { CallerIdConstants, CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { AuthenticationConstants, AuthenticationError } from 'botframework-connector';
import { DefaultAzureCredential } from '@azure/identity';
import type { Logger as PinoLogger } from 'pino';
import type restify from 'restify';
import { ArmInventory } from './adapters/azure/arm-inventory';
import { armProbe } from './adapters/azure/arm-probe';
import { ArmProvisioner } from './adapters/azure/arm-provisioner';
import type { ArmTarget } from './adapters/azure/arm-target';
import { CardRenderer } from './adapters/teams/card-renderer';
import { TeamsNotifier } from './adapters/teams/teams-notifier';
import { WorkspaceBot } from './adapters/teams/workspace-bot';
import type { BotServices } from './adapters/teams/bot-services';
import { isLoopback, type Config } from './config';
import { GraphGroupDirectory } from './adapters/graph/graph-group-directory';
import { loadApprovalPolicy, logApprovalPolicy } from './approval-policy-file';
import { expiryHandler, reminderHandler } from './core/approval-deadlines';
import { ApproverDirectory } from './core/approver-directory';
import { deliveryHandler, refreshHandler } from './core/delivery';
import { CachedGroupDirectory, NO_GROUP_DIRECTORY } from './core/group-directory';
import type { ApprovalPolicy } from './core/policy';
import { JobRunner } from './core/job-runner';
import { systemClock, type Clock, type RequestStore } from './core/ports';
import { ProvisioningEngine } from './core/provisioning';
import { RequestService } from './core/request-service';
import { createEmulatorCredential, EMULATOR_SEED, startEmulator, type RunningEmulator } from './emulator';
import { createHttpServer, listen } from './server/http-server';
import { BotMetrics } from './server/metrics';
import { observeProvisioning, readiness, reportArmCall } from './server/observability';
import { openStore } from './store/open-store';

export interface RunningApp {
  url: string;
  emulator?: RunningEmulator;
  runner: JobRunner;
  /** The app's own store, for tests and tools that check what it recorded. */
  store: RequestStore;
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

  const emulator = options.emulator ?? (ownsEmulator(config) ? await startOwnEmulator(config) : undefined);
  const loadedPolicy = loadApprovalPolicy(config.approvalPolicy, seededApprovers(config));
  const { store, engine, description: storeDescription } = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  // SQLite serves one instance: leases left in it are this bot's own, from before a crash, and
  // waiting for them to run out would only delay the work. Shared PostgreSQL keeps them.
  if (engine === 'sqlite') await store.releaseLeases();
  const metrics = new BotMetrics(store);
  const target = { ...armTarget(config, emulator), onCall: reportArmCall(metrics, log) };
  const inventory = new ArmInventory(target);

  const policy = loadedPolicy.policy;
  const requests = new RequestService(store, inventory, policy, clock, log, approverDirectory(config, policy, clock, log));
  const services: BotServices = { requests, store, policy, cards: new CardRenderer(), clock, log };
  const adapter = createAdapter(config, log);
  const bot = new WorkspaceBot(services, config.bot.allowedTenants);
  const notifier = new TeamsNotifier(adapter, config.bot.appId, services);
  const provisioning = new ProvisioningEngine({
    store,
    azure: new ArmProvisioner(target),
    requests,
    clock,
    log,
    pollIntervalMs: config.pollIntervalMs,
    budgetMs: config.provisioningBudgetMs,
    progressUpdateMs: config.progressUpdateMs,
    defaultLogAnalyticsWorkspaceId: defaultLogAnalytics(config),
    pollsPerSecond: config.armPollsPerSecond,
    operationsInFlight: cachedFor(10_000, () => store.pendingJobCount('provision')),
  });

  const runner = new JobRunner({
    store,
    clock,
    log,
    checkEveryMs: 250,
    leaseMs: config.jobLeaseMs,
    handlers: {
      provision: (job) => provisioning.run(job),
      deliver: deliveryHandler({ store, notifier, clock, log, onFailure: (target, kind) => metrics.deliveryFailures.inc({ target, kind }) }),
      refresh_cards: refreshHandler({ store, notifier, clock, log }),
      remind_approvers: reminderHandler({ store, requests, policy, clock, log }),
      expire_request: expiryHandler({ store, requests, policy, clock, log }),
    },
  });

  requests.onTransition(observeProvisioning(metrics, store));
  const probeArm = armProbe(target);
  const server = createHttpServer({ adapter, bot, metrics, ready: () => readiness(store, probeArm) });
  const url = await listen(server, config.port, config.host);
  runner.start();
  logStartup(log, config, url, storeDescription, emulator, policy.approvers);
  logApprovalPolicy(log, loadedPolicy, config.graph.enabled);

  return {
    url,
    emulator,
    runner,
    store,
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

function readCertificate(file: string): string {
  if (!fs.existsSync(file)) throw new Error(`ARM_EMULATOR_CA_FILE: no certificate at ${file}`);
  return fs.readFileSync(file, 'utf8');
}

/** Remembers `read`'s answer for `ms`, for figures that are read often and change slowly. */
function cachedFor(ms: number, read: () => Promise<number>): () => Promise<number> {
  let value: Promise<number> | undefined;
  let readAt = 0;
  return () => {
    if (!value || Date.now() - readAt > ms) {
      readAt = Date.now();
      value = read().catch(() => 0);
    }
    return value;
  };
}

function ownsEmulator(config: Config): boolean {
  return config.azure.mode === 'emulator' && !config.azure.external;
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
  const external = config.azure.external;
  const endpoint = emulator?.url ?? external?.url;
  if (!endpoint) throw new Error('No ARM emulator is running and no Azure subscription is configured.');
  return {
    subscriptionId: EMULATOR_SEED.subscriptionId,
    resourceGroup: EMULATOR_SEED.resourceGroup,
    serviceName: EMULATOR_SEED.serviceName,
    endpoint,
    caCert: emulator?.caCert ?? readCertificate(external?.caFile ?? ''),
    credential: createEmulatorCredential(),
  };
}

/** On the emulator, gateway logs go to its seeded Log Analytics workspace unless configured. */
function defaultLogAnalytics(config: Config): string {
  if (config.logAnalyticsWorkspaceId || config.azure.mode === 'azure') return config.logAnalyticsWorkspaceId;
  return EMULATOR_SEED.logAnalyticsWorkspaceId;
}

/** On the emulator, the seeded approvers stand in when none are configured, so the demo can approve. */
function seededApprovers(config: Config): string[] {
  if (config.azure.mode !== 'emulator') return [];
  return [EMULATOR_SEED.principals.approver, EMULATOR_SEED.principals.secondApprover];
}

/** Approvers by user id, plus group members through Microsoft Graph when it is enabled. */
function approverDirectory(config: Config, policy: ApprovalPolicy, clock: Clock, log: PinoLogger): ApproverDirectory {
  if (!config.graph.enabled) return new ApproverDirectory(policy, NO_GROUP_DIRECTORY);
  const graph = new GraphGroupDirectory({ endpoint: config.graph.endpoint, credential: new DefaultAzureCredential(), log });
  return new ApproverDirectory(policy, new CachedGroupDirectory(graph, config.graph.cacheMs, clock));
}

/**
 * botbuilder uses its public-cloud settings only when none is given, so moving the signing-key
 * metadata alone means spelling out the rest of the public cloud's settings too.
 */
function publicCloudWithKeysFrom(openIdMetadataUrl: string) {
  return {
    ToBotFromChannelOpenIdMetadataUrl: openIdMetadataUrl,
    ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
    ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
    ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
    ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
    OAuthUrl: AuthenticationConstants.OAuthUrl,
    CallerId: CallerIdConstants.PublicAzureChannel,
    ValidateAuthority: true,
  };
}

const TOKEN_ERRORS = ['JsonWebTokenError', 'TokenExpiredError', 'NotBeforeError'];

/**
 * botbuilder lets a token with a bad signature escape as a plain error, which CloudAdapter
 * answers with 500; any token that fails verification is an authentication failure: 401.
 */
function refuseBadSignatures(auth: ConfigurationBotFrameworkAuthentication): void {
  const authenticate = auth.authenticateRequest.bind(auth);
  auth.authenticateRequest = async (activity, authHeader) => {
    try {
      return await authenticate(activity, authHeader);
    } catch (error) {
      if (error instanceof Error && TOKEN_ERRORS.includes(error.name)) {
        throw new AuthenticationError(`Unauthorized: ${error.message}`, 401);
      }
      throw error;
    }
  };
}

function createAdapter(config: Config, log: PinoLogger): CloudAdapter {
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: config.bot.appId,
    MicrosoftAppPassword: config.bot.appPassword,
    MicrosoftAppType: config.bot.appType,
    MicrosoftAppTenantId: config.bot.tenantId,
    ...(config.bot.openIdMetadataUrl ? publicCloudWithKeysFrom(config.bot.openIdMetadataUrl) : {}),
  });
  refuseBadSignatures(auth);
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (context, error) => {
    log.error({ err: error, activityId: context.activity.id }, 'unhandled error in a turn');
  };
  return adapter;
}

function logStartup(log: PinoLogger, config: Config, url: string, store: string, emulator: RunningEmulator | undefined, approvers: string[]): void {
  const endpoint = `${url}/api/messages`;
  if (config.bot.appId) log.info({ endpoint, appId: config.bot.appId }, 'bot listening; Bot Framework tokens are required');
  else log.warn({ endpoint }, 'bot listening WITHOUT authentication because MicrosoftAppId is not set; loopback only');
  if (config.azure.mode === 'emulator' && config.azure.external) {
    log.info({ arm: config.azure.external.url }, 'Azure Resource Manager: a shared ARM emulator (no real Azure is touched)');
  } else if (emulator) {
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
