import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { startApp, type RunningApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { deliveryJob } from '../../src/core/notices';
import type { Clock, RequestStore } from '../../src/core/ports';
import type { RequestSpec, WorkspaceRequest } from '../../src/core/request';
import { EMULATOR_SEED, startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator';
import { APPROVALS_CHANNEL, APPROVER, factValue, REQUESTER, REQUESTER_CHAT } from '../../src/local-teams/journey';
import { cardOf, cardTitle, LocalConnector, type ConnectorCall } from '../../src/local-teams/local-connector';
import { TeamsClient, type TeamsConversation } from '../../src/local-teams/teams-client';
import { createLogger } from '../../src/logging';
import { openStore } from '../../src/store/open-store';
import { createTestDatabase } from '../support/test-database';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const ANNOUNCEMENTS_CHANNEL: TeamsConversation = { id: '19:api-announcements@thread.tacv2', conversationType: 'channel' };

/** A clock the test moves by hand; the bot and the emulator both read it. */
export class ManualClock implements Clock {
  constructor(public epochMs = Date.parse('2025-09-01T08:00:00Z')) {}

  now(): Date {
    return new Date(this.epochMs);
  }

  advance(ms: number): void {
    this.epochMs += ms;
  }
}

export interface WorldOptions {
  env?: Record<string, string>;
  /** How long the emulator takes to create a gateway. */
  gatewayMs?: number;
  /** The Retry-After the emulator puts on long-running operations. */
  retryAfterSeconds?: number;
}

/**
 * The real app in this process on a hand-moved clock: real HTTP, the real store (SQLite or
 * PostgreSQL), the ARM emulator over HTTPS on the same clock, a local Bot Connector. Its job
 * runner is stopped; the test runs due jobs itself while moving the clock.
 */
export class World {
  readonly clock = new ManualClock();
  readonly connector = new LocalConnector();
  readonly logs: Record<string, unknown>[] = [];
  app!: RunningApp;
  emulator!: RunningEmulator;
  store!: RequestStore;
  client!: TeamsClient;
  private dataDir = '';
  private emulatorOptions!: EmulatorOptions;
  private dropDatabase = async () => undefined as unknown;
  private closeStore = async () => undefined as unknown;

  static async start(options: WorldOptions = {}): Promise<World> {
    const world = new World();
    await world.boot(options);
    return world;
  }

  private async boot(options: WorldOptions): Promise<void> {
    this.dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'apim-bot-provisioning-'));
    const database = await createTestDatabase();
    this.dropDatabase = database.drop;
    this.emulatorOptions = {
      dataDir: path.join(this.dataDir, 'arm-emulator'),
      clock: { now: () => this.clock.epochMs },
      gatewayProvisioningMs: options.gatewayMs ?? 20 * MINUTE,
      retryAfterSeconds: options.retryAfterSeconds ?? 10,
    };
    this.emulator = await startEmulator(this.emulatorOptions);
    const config = loadConfig({
      ...database.env,
      PORT: '0',
      DATA_DIR: this.dataDir,
      POLL_INTERVAL_SECONDS: '60',
      LOG_LEVEL: 'debug',
      ...options.env,
    });
    this.app = await startApp(config, createLogger('debug', this.sink()), { clock: this.clock, emulator: this.emulator });
    await this.app.runner.stop();

    const opened = await openStore({ databaseUrl: config.databaseUrl, dataDir: this.dataDir });
    this.store = opened.store;
    this.closeStore = () => opened.store.close();
    await this.connector.start();
    this.client = new TeamsClient(this.app.url, this.connector.url);
  }

  async stop(): Promise<void> {
    await this.app.stop();
    await this.closeStore();
    await this.emulator.close();
    await this.connector.stop();
    await this.dropDatabase();
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }

  /** Azure out of reach: the emulator is down (connections refused) while `meanwhile` runs. */
  async withArmDown(meanwhile: () => Promise<void>): Promise<void> {
    const port = Number(new URL(this.emulator.url).port);
    await this.emulator.close();
    await meanwhile();
    this.emulator = await startEmulator({ ...this.emulatorOptions, port });
  }

  /** Approvals channel, announcements channel and the requester's chat, as people set them up. */
  async meetEveryone({ announcements = true } = {}): Promise<void> {
    await this.client.message(APPROVER, APPROVALS_CHANNEL, 'approvals here');
    if (announcements) await this.client.message(APPROVER, ANNOUNCEMENTS_CHANNEL, 'announcements here');
    await this.client.message(REQUESTER, REQUESTER_CHAT, 'help');
  }

  /**
   * A request as the form would store it (the form is being extended with members elsewhere),
   * with its approval card posted and the requester's status card, then approved on the card.
   */
  async approvedRequest(spec: RequestSpec): Promise<WorkspaceRequest> {
    const request = await this.storeRequest(spec);
    await this.runDue();
    await this.postStatusCard(request.id);

    const approval = this.connector.calls.find((c) => c.conversationId === APPROVALS_CHANNEL.id && factValue(cardOf(c.activity), 'Request') === request.id);
    if (!approval) throw new Error(`No approval card was posted for ${request.id}`);
    const answer = await this.client.invoke(APPROVER, APPROVALS_CHANNEL, approval.activityId, 'approve', { requestId: request.id, version: request.version });
    const approved = await this.request(request.id);
    if (approved.state !== 'approved') throw new Error(`Approval did not take: ${JSON.stringify(answer.body?.value)}`);
    return approved;
  }

  async request(id: string): Promise<WorkspaceRequest> {
    const request = await this.store.getRequest(id);
    if (!request) throw new Error(`No request ${id}`);
    return request;
  }

  /** Runs every job due now, repeatedly, until none is left due. */
  async runDue(): Promise<void> {
    for (let round = 0; round < 50; round += 1) {
      if ((await this.app.runner.runDue()) === 0) return;
    }
    throw new Error('Jobs kept coming due without the clock moving');
  }

  /** Moves the clock in steps, running due jobs, until `done` holds or `limitMs` has passed. */
  async runUntil(done: () => Promise<boolean>, limitMs: number, stepMs = 15_000): Promise<void> {
    const end = this.clock.epochMs + limitMs;
    for (;;) {
      await this.runDue();
      if (await done()) return;
      if (this.clock.epochMs >= end) throw new Error(`Not done after ${limitMs / MINUTE} minutes of clock time`);
      this.clock.advance(stepMs);
    }
  }

  async runUntilState(id: string, states: WorkspaceRequest['state'][], limitMs: number, stepMs?: number): Promise<WorkspaceRequest> {
    await this.runUntil(async () => states.includes((await this.request(id)).state), limitMs, stepMs);
    return this.request(id);
  }

  /** ARM calls the bot made since `from` (an index into the emulator's log). */
  armCalls(from = 0) {
    return this.emulator.requestLog().slice(from);
  }

  /** New messages (not card updates) the bot sent to a conversation about a request, by card title. */
  noticesIn(conversation: TeamsConversation, requestId: string, title: RegExp): ConnectorCall[] {
    return this.connector.calls.filter(
      (c) => c.kind !== 'update' && c.conversationId === conversation.id && factValue(cardOf(c.activity), 'Request') === requestId && title.test(cardTitle(cardOf(c.activity))),
    );
  }

  /** In-place updates of the requester's status card. */
  statusCardUpdates(requestId: string): ConnectorCall[] {
    return this.connector.calls.filter(
      (c) => c.kind === 'update' && c.conversationId === REQUESTER_CHAT.id && factValue(cardOf(c.activity), 'Request') === requestId,
    );
  }

  private async storeRequest(spec: RequestSpec): Promise<WorkspaceRequest> {
    const now = this.clock.now().toISOString();
    const request: WorkspaceRequest = {
      id: `WR-${randomBytes(3).toString('hex').toUpperCase()}`,
      version: 1,
      state: 'pending_approval',
      spec,
      requester: { id: REQUESTER.aadObjectId, name: REQUESTER.name },
      createdAt: now,
      updatedAt: now,
      submittedAt: now,
    };
    const audit = { requestId: request.id, at: now, actor: { id: REQUESTER.aadObjectId, name: REQUESTER.name }, action: 'submit', fromState: 'draft' as const, toState: 'pending_approval' as const, accepted: true };
    await this.store.createRequest(request, audit, [deliveryJob(request, 'approvals', 'approval_request', now)]);
    return request;
  }

  /** The requester asks for the status; that card is the one kept up to date, as the form's would be. */
  private async postStatusCard(requestId: string): Promise<void> {
    const before = this.connector.calls.length;
    await this.client.message(REQUESTER, REQUESTER_CHAT, `status ${requestId}`);
    const card = this.connector.calls.slice(before).find((c) => c.conversationId === REQUESTER_CHAT.id);
    if (!card) throw new Error('The bot did not answer the status command');
    await this.store.saveCardPost({ requestId, role: 'status', conversationKey: `conversation:${REQUESTER_CHAT.id}`, activityId: card.activityId });
  }

  private sink(): Writable {
    const logs = this.logs;
    return new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) logs.push(JSON.parse(line));
        done();
      },
    });
  }
}

/** A request for a new gateway with one member group and one gateway manager, all known to Entra. */
export function paymentsSpec(overrides: Partial<RequestSpec> = {}): RequestSpec {
  const suffix = randomBytes(2).toString('hex');
  return {
    workspace: { displayName: 'Payments', name: `payments-${suffix}`, description: 'APIs of the payments team' },
    gateway: { kind: 'new', name: `gw-payments-${suffix}`, units: 1, network: 'public' },
    members: [
      {
        principalId: EMULATOR_SEED.principals.paymentsDevelopers,
        principalType: 'Group',
        displayName: 'Payments developers',
        serviceRole: 'service_api_developer',
        workspaceRole: 'workspace_contributor',
      },
    ],
    gatewayManagers: [{ principalId: EMULATOR_SEED.principals.requester, principalType: 'User', displayName: 'Ada Lovelace', role: 'reader' }],
    diagnostics: { logAnalyticsWorkspaceId: '' },
    ...overrides,
  };
}

/** How many PUTs the log holds for each resource path. */
export function putsByPath(log: ReadonlyArray<{ method: string; path: string; status: number }>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const entry of log.filter((e) => e.method === 'PUT')) {
    const key = entry.path.replace(/^\/+/, '/').toLowerCase();
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}
