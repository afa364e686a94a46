/**
 * `npm run soak`: 50 workspace requests through the bot process while it is killed (SIGKILL) and
 * restarted at random, the ARM emulator answers with injected faults and Teams' connector now and
 * then refuses a message. Then it reports how many requests reached a final state, gateways
 * created more than once, and completion notices lost or doubled. Bounded in time; exits 0 only
 * when every request is final, no gateway was created twice and every conversation heard once.
 */
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { approveOnCard } from '../bench/approve';
import { newGatewayForm } from '../bench/request-forms';
import { isFinal, type RequestState } from '../src/core/request';
import { STATE_LABELS } from '../src/adapters/teams/views';
import { startBotProcess, type BotProcess } from '../src/local-teams/bot-process';
import { readEmulatorLog, type ArmLogEntry } from '../src/local-teams/emulator-log';
import { APPROVALS_CHANNEL, APPROVER, factValue, REQUESTER, REQUESTER_CHAT } from '../src/local-teams/journey';
import { allTexts, cardOf, cardTitle, LocalConnector } from '../src/local-teams/local-connector';
import { TeamsClient, type InvokeAnswer } from '../src/local-teams/teams-client';
import { freePort } from '../test/support/ports';

const REQUESTS = 50;
/** Kills and faults happen during this long; then the bot gets this long again to finish. */
const CHAOS_MS = 120_000;
const SETTLE_MS = 150_000;
const KILL_EVERY_MS: [number, number] = [4_000, 12_000];
const FAULT_EVERY_MS: [number, number] = [700, 2_500];
const NOTICE_CONVERSATIONS = [REQUESTER_CHAT.id, APPROVALS_CHANNEL.id];

const say = (line: string) => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const between = ([low, high]: [number, number]) => low + Math.random() * (high - low);

/** The bot process, killed and started again on the same ports and data folder. */
class Supervisor {
  private bot?: BotProcess;
  private readonly earlierErrors: string[] = [];
  kills = 0;

  constructor(readonly env: Record<string, string>) {}

  get url(): string {
    return `http://127.0.0.1:${this.env.PORT}`;
  }

  /** Starts the bot, trying again if a start fails (a port still being released, say). */
  async start(): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        const bot = await startBotProcess(this.env, 60_000);
        this.bot = bot;
        bot.child.once('exit', (code, signal) => {
          if (this.bot === bot) say(`  the bot exited by itself (${signal ?? code}):\n${bot.output().slice(-3000)}`);
        });
        return;
      } catch (error) {
        say(`  the bot did not start (attempt ${attempt}): ${error instanceof Error ? error.message.slice(0, 3000) : String(error)}`);
        if (attempt >= 3) throw error;
        await sleep(1000);
      }
    }
  }

  async kill(): Promise<void> {
    const bot = this.bot;
    this.bot = undefined;
    await bot?.stop('SIGKILL');
    this.kills += 1;
    this.earlierErrors.push(...errorLines(bot?.output() ?? ''));
  }

  async stop(): Promise<void> {
    const bot = this.bot;
    this.bot = undefined;
    await bot?.stop();
  }

  /** The last errors the bot logged, in this process or the ones killed before it. */
  errors(): string[] {
    return [...this.earlierErrors, ...errorLines(this.bot?.output() ?? '')].slice(-5);
  }
}

function errorLines(output: string): string[] {
  return output.split('\n').filter((line) => /"level":(50|60)/.test(line));
}

async function main(): Promise<boolean> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'apim-bot-soak-'));
  const env = {
    PORT: String(await freePort()),
    ARM_EMULATOR_PORT: String(await freePort()),
    DATA_DIR: dataDir,
    EMULATOR_GATEWAY_SECONDS: '4',
    POLL_INTERVAL_SECONDS: '0.5',
    // A killed instance's claimed jobs come back after this: short, so the soak keeps moving.
    JOB_LEASE_SECONDS: '3',
    LOG_LEVEL: 'warn',
  };
  const connector = new LocalConnector();
  await connector.start();
  const bot = new Supervisor(env);
  const started = Date.now();

  try {
    await bot.start();
    const client = new TeamsClient(bot.url, connector.url);
    await retrying('approvals here', async () => answered(await client.message(APPROVER, APPROVALS_CHANNEL, 'approvals here')));

    say(`Soak: ${REQUESTS} requests, bot killed every ${KILL_EVERY_MS[0] / 1000}-${KILL_EVERY_MS[1] / 1000} s and ARM faults injected for ${CHAOS_MS / 1000} s.`);
    const chaos = startChaos(bot, connector, dataDir, env.ARM_EMULATOR_PORT);
    let ids: string[];
    try {
      ids = await submitAll(client);
      await untilFinal(client, ids, started + CHAOS_MS);
    } finally {
      await chaos.stop();
    }
    say(`Chaos over after ${((Date.now() - started) / 1000).toFixed(0)} s: ${bot.kills} kills, ${chaos.faults()} faults injected. Letting the bot finish ...`);

    const settleBy = Date.now() + SETTLE_MS;
    const states = await untilFinal(client, ids, settleBy);
    await untilNoticesSent(bot.url, connector, ids, settleBy);
    return report(ids, states, (await readEmulatorLog(dataDir, env.ARM_EMULATOR_PORT)) ?? [], connector, bot.kills, chaos.faults(), started);
  } catch (error) {
    say(`Errors the bot logged last:\n${bot.errors().join('\n') || '(none)'}`);
    throw error;
  } finally {
    await bot.stop();
    await connector.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Requests arrive over the first part of the run, each submitted and approved on its cards. */
async function submitAll(client: TeamsClient): Promise<string[]> {
  const pending: Promise<string>[] = [];
  for (let i = 0; i < REQUESTS; i += 1) {
    pending.push(submitAndApprove(client, i));
    await sleep(between([500, 2500]));
  }
  return Promise.all(pending);
}

/**
 * Bot Service retries an activity the bot did not answer; so does this, with the same card
 * (replyToId), which the bot recognises: a repeated submit returns the request already made.
 */
async function submitAndApprove(client: TeamsClient, i: number): Promise<string> {
  let requestId = '';
  await retrying(`submit ${i}`, async () => {
    const answer = await client.invoke(REQUESTER, REQUESTER_CHAT, `soak-form-${i}`, 'submitRequest', newGatewayForm(`soak-${i}`));
    requestId = factValue(answer.body?.value, 'Request');
    return requestId ? true : summary(answer);
  });
  await retrying(`approve ${requestId}`, async () => {
    const answer = await approveOnCard(client, requestId, `soak-approval-${i}`);
    const state = factValue(answer.body?.value, 'State');
    return state && state !== STATE_LABELS.pending_approval ? true : summary(answer);
  });
  return requestId;
}

/**
 * Looks at every request as an approver would, until all are final or `deadline` passes. A
 * failed provisioning (an injected operation failure) is retried on its card, as an approver would.
 */
async function untilFinal(client: TeamsClient, ids: string[], deadline: number): Promise<Map<string, RequestState | 'unknown'>> {
  const states = new Map<string, RequestState | 'unknown'>(ids.map((id) => [id, 'unknown']));
  while (Date.now() < deadline) {
    for (const id of ids.filter((one) => !isFinalState(states.get(one)))) {
      const answer = await refresh(client, id).catch(() => undefined);
      const state = stateOf(answer);
      states.set(id, state);
      if (state === 'failed') await client.invoke(APPROVER, APPROVALS_CHANNEL, `soak-failure-${id}`, 'retryProvisioning', { requestId: id, version: versionOf(answer) }).catch(() => undefined);
    }
    if (ids.every((id) => isFinalState(states.get(id)))) break;
    await sleep(1000);
  }
  return states;
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause ? `${error.message} (${cause.code ?? cause.message})` : error.message;
}

function answered(status: number): true | string {
  return status < 500 ? true : `HTTP ${status}`;
}

/** The HTTP status and the card's texts, to say why an answer was not the one hoped for. */
function summary(answer: InvokeAnswer): string {
  return `HTTP ${answer.httpStatus}: ${allTexts(answer.body?.value).join(' | ').slice(0, 600)}`;
}

/**
 * Waits until every finished request's completion notice has reached both conversations and the
 * bot's outbox is empty (its /metrics), or `deadline` passes; then a little longer, so that a
 * notice sent twice would be seen.
 */
async function untilNoticesSent(botUrl: string, connector: LocalConnector, ids: string[], deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    const told = ids.every((id) => NOTICE_CONVERSATIONS.every((conversation) => readyNotices(connector, id, conversation) > 0));
    if (told && (await outboxDepth(botUrl).catch(() => -1)) === 0) break;
    await sleep(1000);
  }
  await sleep(3000);
}

async function outboxDepth(botUrl: string): Promise<number> {
  const text = await (await fetch(`${botUrl}/metrics`)).text();
  return Number(/^apim_bot_outbox_depth (\d+)$/m.exec(text)?.[1] ?? -1);
}

function refresh(client: TeamsClient, requestId: string): Promise<InvokeAnswer> {
  return client.invoke(APPROVER, APPROVALS_CHANNEL, `soak-status-${requestId}`, 'refresh', { requestId }, 'automatic');
}

function stateOf(answer: InvokeAnswer | undefined): RequestState | 'unknown' {
  const label = factValue(answer?.body?.value, 'State');
  const entry = Object.entries(STATE_LABELS).find(([, text]) => text === label);
  return (entry?.[0] as RequestState | undefined) ?? 'unknown';
}

/** The version the Retry button carries, as the card shows it. */
function versionOf(answer: InvokeAnswer | undefined): number | undefined {
  const actions = (answer?.body?.value?.actions as { verb?: string; data?: { version?: unknown } }[] | undefined) ?? [];
  const version = Number(actions.find((a) => a.verb === 'retryProvisioning')?.data?.version);
  return Number.isInteger(version) ? version : undefined;
}

function isFinalState(state: RequestState | 'unknown' | undefined): boolean {
  return state !== undefined && state !== 'unknown' && isFinal(state);
}

/**
 * Tries until `attempt` says true; anything else it says, or throws, is why it tries again, after
 * a wait that doubles from half a second to eight, as Bot Service's retries back off.
 */
async function retrying(what: string, attempt: () => Promise<true | string>, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let why = '';
  for (let wait = 500; Date.now() < deadline; wait = Math.min(8000, wait * 2)) {
    // Refused connections and resets while the bot is down are what a retry is for.
    const outcome = await attempt().catch((error: unknown) => describeError(error));
    if (outcome === true) return;
    why = outcome;
    await sleep(between([wait / 2, wait]));
  }
  throw new Error(`${what}: no good answer within ${timeoutMs / 1000} s; the last one: ${why}`);
}

interface Chaos {
  faults(): number;
  stop(): Promise<void>;
}

/** Kills the bot at random and injects ARM and connector faults until stopped. */
function startChaos(bot: Supervisor, connector: LocalConnector, dataDir: string, armPort: string): Chaos {
  let running = true;
  let injected = 0;
  const killing = (async () => {
    while (running) {
      await sleep(between(KILL_EVERY_MS));
      if (!running) break;
      const at = Date.now();
      await bot.kill();
      await bot.start();
      if (process.env.SOAK_VERBOSE) say(`  killed and restarted in ${Date.now() - at} ms`);
    }
  })();
  const faulting = (async () => {
    while (running) {
      await sleep(between(FAULT_EVERY_MS));
      if (await injectFault(connector, dataDir, armPort).catch(() => false)) injected += 1;
    }
  })();
  return {
    faults: () => injected,
    stop: async () => {
      running = false;
      await Promise.all([killing, faulting]);
      await emulatorControl(dataDir, armPort, 'POST', 'reset-faults').catch(() => undefined);
    },
  };
}

/** What can go wrong on the way to Azure and back to Teams; the emulator forgets it on a kill. */
const FAULTS: [string, string, unknown][] = [
  ['POST', 'faults/responses', { method: 'PUT', path: '/gateways/[^/]+$', status: 429, headers: { 'Retry-After': '1' } }],
  ['POST', 'faults/responses', { method: 'PUT', path: '/workspaces/[^/]+$', status: 503 }],
  ['POST', 'faults/responses', { method: 'GET', path: 'operation', status: 500, count: 2 }],
  ['POST', 'faults/responses', { method: 'PUT', path: 'roleAssignments', status: 429, headers: { 'Retry-After': '1' } }],
  ['POST', 'faults/responses', { method: 'PUT', path: '/configConnections/', status: 500 }],
  ['POST', 'faults/responses', { method: 'PUT', path: 'diagnosticSettings', status: 503 }],
  ['POST', 'faults/responses', { method: 'GET', path: '/gateways/', status: 503 }],
  ['POST', 'faults/not-found-on-first-poll', undefined],
  ['PUT', 'latency', { ms: 300 }],
  ['PUT', 'latency', { ms: 0 }],
  ['POST', 'faults/operation-failures', { path: '/configConnections/', method: 'PUT', code: 'InjectedFailure', message: 'Injected by the soak: the link to the gateway failed.' }],
];

async function injectFault(connector: LocalConnector, dataDir: string, armPort: string): Promise<boolean> {
  // One time in five, Teams refuses the next message or card update instead.
  if (Math.random() < 0.2) {
    const refusal = Math.random() < 0.5 ? { status: 503 } : { status: 429, headers: { 'Retry-After': '1' } };
    connector.failNext(refusal);
    return true;
  }
  const [method, endpoint, body] = FAULTS[Math.floor(Math.random() * FAULTS.length)];
  return (await emulatorControl(dataDir, armPort, method, endpoint, body)) < 300;
}

/** The emulator's loopback control API (src/emulator/README.md), trusting its own certificate. */
function emulatorControl(dataDir: string, armPort: string, method: string, endpoint: string, body?: unknown): Promise<number> {
  const ca = fs.readFileSync(path.join(dataDir, 'arm-emulator', 'emulator-cert.pem'), 'utf8');
  const payload = body === undefined ? '' : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = https.request(
      { host: '127.0.0.1', port: Number(armPort), path: `/_emulator/${endpoint}`, method, ca, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

function report(ids: string[], states: Map<string, RequestState | 'unknown'>, armLog: ArmLogEntry[], connector: LocalConnector, kills: number, faults: number, started: number): boolean {
  const final = ids.filter((id) => isFinalState(states.get(id)));
  const byState = countBy(ids.map((id) => states.get(id) ?? 'unknown'));
  const duplicates = duplicateGateways(armLog);
  const notices = ids.flatMap((id) => NOTICE_CONVERSATIONS.map((conversation) => ({ id, conversation, count: readyNotices(connector, id, conversation) })));
  const lost = notices.filter((n) => states.get(n.id) === 'succeeded' && n.count === 0);
  const doubled = notices.filter((n) => n.count > 1);

  say('');
  say(`Soak report (${((Date.now() - started) / 1000).toFixed(0)} s, ${kills} SIGKILLs, ${faults} faults injected)`);
  say(`  requests in a final state:  ${final.length} of ${ids.length}  (${describeCounts(byState)})`);
  say(`  duplicate gateways:         ${duplicates.length}${duplicates.length ? `  (${duplicates.join(', ')})` : ''}`);
  if (armLog.length >= 5000) say('  (the emulator keeps only its latest 5,000 calls: older gateway PUTs were not seen)');
  say(`  gateway PUTs answered 2xx:  ${gatewayPuts(armLog, true).length}; all gateway PUTs incl. injected faults: ${gatewayPuts(armLog, false).length}`);
  say(`  ARM calls answered with an error (injected faults, throttling): ${describeCounts(countBy(armLog.filter((e) => e.status >= 400).map((e) => `${e.method} ${e.status}`)))}`);
  say(`  lost completion notices:    ${lost.length}${lost.length ? `  (${lost.map((n) => `${n.id} in ${n.conversation}`).join(', ')})` : ''}`);
  say(`  doubled completion notices: ${doubled.length}${doubled.length ? `  (${doubled.map((n) => `${n.id} x${n.count} in ${n.conversation}`).join(', ')})` : ''}`);
  const ok = final.length === ids.length && duplicates.length === 0 && lost.length === 0 && doubled.length === 0;
  say(ok ? '  goals met: all final, none duplicated, none lost or doubled' : '  GOALS NOT MET');
  return ok;
}

/** Gateway PUTs in the emulator's log; `accepted` keeps those it answered with 2xx (it created or changed the gateway). */
function gatewayPuts(armLog: ArmLogEntry[], accepted: boolean): ArmLogEntry[] {
  return armLog.filter((e) => e.method === 'PUT' && /\/gateways\/[^/]+$/i.test(e.path) && (!accepted || (e.status >= 200 && e.status < 300)));
}

function duplicateGateways(armLog: ArmLogEntry[]): string[] {
  const counts = countBy(gatewayPuts(armLog, true).map((e) => e.path.split('/').pop()?.toLowerCase() ?? ''));
  return [...counts].filter(([, count]) => count > 1).map(([name, count]) => `${name} x${count}`);
}

function readyNotices(connector: LocalConnector, requestId: string, conversationId: string): number {
  return connector.calls.filter((c) => c.kind !== 'update' && c.conversationId === conversationId && factValue(cardOf(c.activity), 'Request') === requestId && /is ready$/.test(cardTitle(cardOf(c.activity)))).length;
}

function describeCounts(counts: Map<string, number>): string {
  return [...counts].map(([what, count]) => `${what}: ${count}`).join(', ') || 'none';
}

function countBy<T>(values: T[]): Map<T, number> {
  const counts = new Map<T, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

main().then(
  (ok) => process.exit(ok ? 0 : 1),
  (error: unknown) => {
    say(`The soak could not run: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(2);
  },
);
