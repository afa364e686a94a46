import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { deliveryJob } from '../../src/core/notices';
import type { RequestStore, StepProgress } from '../../src/core/ports';
import type { WorkspaceRequest } from '../../src/core/request';
import { startBotProcess, type BotProcess } from '../../src/local-teams/bot-process';
import { readEmulatorLog } from '../../src/local-teams/emulator-log';
import { APPROVALS_CHANNEL, APPROVER, factValue, REQUESTER, REQUESTER_CHAT } from '../../src/local-teams/journey';
import { cardOf, cardTitle, LocalConnector } from '../../src/local-teams/local-connector';
import { TeamsClient, type TeamsConversation } from '../../src/local-teams/teams-client';
import { openStore } from '../../src/store/open-store';
import { freePort } from '../support/ports';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { ANNOUNCEMENTS_CHANNEL, paymentsSpec, putsByPath } from './world';

jest.setTimeout(180_000);

type Step = 'workspace' | 'gateway' | 'association' | 'roles' | 'diagnostics';

/**
 * Where the bot process is killed: once the step is under way (saved as starting or running).
 * Synchronous steps are slowed down in the emulator so the kill lands while their calls are out.
 */
const KILL_WHEN: Record<Step, { slowFrom?: Step; statuses: StepProgress['status'][] }> = {
  workspace: { slowFrom: 'workspace', statuses: ['starting'] },
  gateway: { statuses: ['running'] },
  association: { statuses: ['starting', 'running'] },
  roles: { slowFrom: 'association', statuses: ['starting'] },
  diagnostics: { slowFrom: 'association', statuses: ['starting'] },
};

describe.each(Object.keys(KILL_WHEN) as Step[])('a bot process killed during the %s step', (step) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `apim-bot-kill-${step}-`));
  const connector = new LocalConnector();
  let database: TestDatabase;
  let env: Record<string, string>;
  let bot: BotProcess;
  let store: RequestStore;
  let closeStore: () => Promise<void>;

  beforeAll(async () => {
    database = await createTestDatabase();
    env = {
      ...database.env,
      PORT: String(await freePort()),
      ARM_EMULATOR_PORT: String(await freePort()),
      DATA_DIR: dataDir,
      EMULATOR_GATEWAY_SECONDS: '5',
      POLL_INTERVAL_SECONDS: '0.3',
      // A killed process's jobs come back to the next one after this lease.
      JOB_LEASE_SECONDS: '5',
      LOG_LEVEL: 'warn',
    };
    await connector.start();
    bot = await startBotProcess(env);
    const opened = await openStore({ databaseUrl: env.DATABASE_URL, dataDir });
    store = opened.store;
    closeStore = () => opened.store.close();
  });
  afterAll(async () => {
    await bot.stop();
    await closeStore();
    await connector.stop();
    await database.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('resumes on the same database and completes with one PUT per resource and one notice per target', async () => {
    const client = () => new TeamsClient(bot.url, connector.url);
    await client().message(APPROVER, APPROVALS_CHANNEL, 'approvals here');
    await client().message(APPROVER, ANNOUNCEMENTS_CHANNEL, 'announcements here');
    await client().message(REQUESTER, REQUESTER_CHAT, 'help');
    const request = await submitted(store);
    const approval = await connector.waitFor((c) => c.conversationId === APPROVALS_CHANNEL.id && factValue(cardOf(c.activity), 'Request') === request.id, 20_000, 'the approval card');

    const plan = KILL_WHEN[step];
    if (plan.slowFrom === 'workspace') await setLatency(800);
    await client().invoke(APPROVER, APPROVALS_CHANNEL, approval.activityId, 'approve', { requestId: request.id, version: request.version });
    if (plan.slowFrom && plan.slowFrom !== 'workspace') {
      await stepReaches(store, request.id, plan.slowFrom, ['starting', 'running']);
      await setLatency(800);
    }
    await stepReaches(store, request.id, step, plan.statuses);
    await bot.stop('SIGKILL');
    bot = await startBotProcess(env);

    for (const conversation of [REQUESTER_CHAT, APPROVALS_CHANNEL, ANNOUNCEMENTS_CHANNEL]) {
      await connector.waitFor((c) => isReadyNotice(c, conversation, request.id), 90_000, `the completion notice in ${conversation.id}`);
    }
    await until(async () => (await store.pendingJobCount('deliver')) === 0, 'the outbox to empty');

    for (const conversation of [REQUESTER_CHAT, APPROVALS_CHANNEL, ANNOUNCEMENTS_CHANNEL]) {
      expect(connector.calls.filter((c) => isReadyNotice(c, conversation, request.id))).toHaveLength(1);
    }
    const puts = putsByPath((await readEmulatorLog(dataDir, env.ARM_EMULATOR_PORT)) ?? []);
    // Workspace, gateway, config connection, three role assignments, two diagnostic settings.
    expect(puts.size).toBe(8);
    expect([...puts.entries()].filter(([, count]) => count !== 1)).toEqual([]);
    expect((await store.getRequest(request.id))?.state).toBe('succeeded');
  });

  /** A request as the form stores it, its approval card queued for the approvals channel. */
  async function submitted(requests: RequestStore): Promise<WorkspaceRequest> {
    const now = new Date().toISOString();
    const request: WorkspaceRequest = {
      id: `WR-K${step.slice(0, 2).toUpperCase()}${Math.floor(Math.random() * 900 + 100)}`,
      version: 1,
      state: 'pending_approval',
      spec: paymentsSpec(),
      requester: { id: REQUESTER.aadObjectId, name: REQUESTER.name },
      createdAt: now,
      updatedAt: now,
      submittedAt: now,
    };
    const audit = { requestId: request.id, at: now, actor: request.requester, action: 'submit', fromState: 'draft' as const, toState: 'pending_approval' as const, accepted: true };
    await requests.createRequest(request, audit, [deliveryJob(request, 'approvals', 'approval_request', now)]);
    return request;
  }

  /** Every ARM call of the bot's embedded emulator takes this long from now on. */
  function setLatency(ms: number): Promise<void> {
    const ca = fs.readFileSync(path.join(dataDir, 'arm-emulator', 'emulator-cert.pem'), 'utf8');
    const body = JSON.stringify({ ms });
    return new Promise((resolve, reject) => {
      const call = https.request(
        `https://127.0.0.1:${env.ARM_EMULATOR_PORT}/_emulator/latency`,
        { method: 'PUT', ca, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
        (response) => {
          response.resume();
          response.on('end', () => (response.statusCode === 204 ? resolve() : reject(new Error(`latency: HTTP ${response.statusCode}`))));
        },
      );
      call.on('error', reject);
      call.end(body);
    });
  }
});

function isReadyNotice(call: { kind: string; conversationId: string; activity: Record<string, unknown> }, conversation: TeamsConversation, requestId: string): boolean {
  const card = cardOf(call.activity);
  return call.kind !== 'update' && call.conversationId === conversation.id && factValue(card, 'Request') === requestId && /is ready/.test(cardTitle(card));
}

async function stepReaches(store: RequestStore, requestId: string, step: Step, statuses: StepProgress['status'][]): Promise<void> {
  await until(async () => (await store.getSteps(requestId)).some((s) => s.step === step && statuses.includes(s.status)), `the ${step} step to be ${statuses.join(' or ')}`);
}

async function until(condition: () => Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
