/**
 * `npm run soak`: 50 workspace requests through the bot process while it is killed (SIGKILL) and
 * restarted at random, the ARM emulator answers with injected faults and Teams' connector now and
 * then refuses a message. Then it reports how many requests reached a final state, gateways
 * created more than once, and completion notices lost or doubled. Bounded in time; exits 0 only
 * when every request is final, no gateway was created twice and every conversation heard once.
 * SOAK_VERBOSE=1 prints each kill and restart.
 */
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { approveOnCard } from '../bench/approve';
import { describeMachine } from '../bench/machine';
import { writeSoakResults } from '../bench/results-file';
import { newGatewayForm } from '../bench/request-forms';
import { STATE_LABELS } from '../src/adapters/teams/views';
import { isFinal, type RequestState } from '../src/core/request';
import { startBotProcess, type BotProcess } from '../src/local-teams/bot-process';
import { readEmulatorLog, type ArmLogEntry } from '../src/local-teams/emulator-log';
import { APPROVALS_CHANNEL, APPROVER, factValue, REQUESTER, REQUESTER_CHAT } from '../src/local-teams/journey';
import { allTexts, cardOf, cardTitle, LocalConnector } from '../src/local-teams/local-connector';
import { TeamsClient, type InvokeAnswer } from '../src/local-teams/teams-client';
import { freePort } from '../test/support/ports';

const REQUESTS = 50;
/** Kills and faults happen during this long (or until every request is final)... */
const CHAOS_MS = 120_000;
/** ...then the bot gets this long, undisturbed, to finish and deliver its notices. */
const SETTLE_MS = 150_000;
const KILL_EVERY_MS: Range = [4_000, 12_000];
const FAULT_EVERY_MS: Range = [700, 2_500];
const ARRIVE_EVERY_MS: Range = [500, 2_500];
const NOTICE_CONVERSATIONS = [REQUESTER_CHAT.id, APPROVALS_CHANNEL.id];

type Range = [number, number];
type Seen = RequestState | 'unknown';

const say = (line: string) => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const between = ([low, high]: Range) => low + Math.random() * (high - low);

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
  const emulator = new EmulatorControl(dataDir, env.ARM_EMULATOR_PORT);
  const started = Date.now();

  try {
    await bot.start();
    const client = new TeamsClient(bot.url, connector.url);
    const setUp = async () => httpOk(await client.message(APPROVER, APPROVALS_CHANNEL, 'approvals here'));
    await retrying('approvals here', setUp);
    say(`Soak: ${REQUESTS} requests; the bot is killed every ${seconds(KILL_EVERY_MS)} and faults are injected`);
    say(`for up to ${CHAOS_MS / 1000} s, or until every request is final.`);

    const chaos = startChaos(bot, connector, emulator);
    let ids: string[];
    try {
      ids = await submitAll(client);
      await untilFinal(client, ids, started + CHAOS_MS);
    } finally {
      await chaos.stop();
    }
    say(`Chaos over after ${elapsed(started)}: ${bot.kills} kills, ${chaos.faults()} faults injected.`);

    const settleBy = Date.now() + SETTLE_MS;
    const states = await untilFinal(client, ids, settleBy);
    await untilNoticesSent(bot.url, connector, ids, settleBy);
    const armLog = (await readEmulatorLog(dataDir, env.ARM_EMULATOR_PORT)) ?? [];
    return report({ ids, states, armLog, connector, killedAt: bot.killedAt, faults: chaos.faults(), started });
  } catch (error) {
    say(`Errors the bot logged last:\n${bot.errors().join('\n') || '(none)'}`);
    throw error;
  } finally {
    await bot.stop();
    await connector.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The bot process, killed and started again on the same ports and data folder. */
class Supervisor {
  private bot?: BotProcess;
  private readonly earlierErrors: string[] = [];
  /** When each kill happened (epoch ms), to set a doubled notice beside the kills. */
  readonly killedAt: number[] = [];

  get kills(): number {
    return this.killedAt.length;
  }

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
        say(`  the bot did not start (attempt ${attempt}): ${describeError(error).slice(0, 3000)}`);
        if (attempt >= 3) throw error;
        await sleep(1000);
      }
    }
  }

  async kill(): Promise<void> {
    const bot = this.bot;
    this.bot = undefined;
    this.killedAt.push(Date.now());
    await bot?.stop('SIGKILL');
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

/** Requests arrive over the first part of the run, each submitted and approved on its cards. */
async function submitAll(client: TeamsClient): Promise<string[]> {
  const pending: Promise<string>[] = [];
  for (let i = 0; i < REQUESTS; i += 1) {
    pending.push(submitAndApprove(client, i));
    await sleep(between(ARRIVE_EVERY_MS));
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
    const form = newGatewayForm(`soak-${i}`);
    const answer = await client.invoke(REQUESTER, REQUESTER_CHAT, `soak-form-${i}`, 'submitRequest', form);
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

/** Requests whose provisioning failed (an injected operation failure) and was retried on the card. */
const retried = new Set<string>();

/**
 * Looks at every request as an approver would, until all are final or `deadline` passes; a
 * failed provisioning is retried on its card, as an approver would.
 */
async function untilFinal(client: TeamsClient, ids: string[], deadline: number): Promise<Map<string, Seen>> {
  const states = new Map<string, Seen>(ids.map((id) => [id, 'unknown']));
  while (Date.now() < deadline) {
    for (const id of ids.filter((one) => !isFinalState(states.get(one)))) {
      const answer = await refresh(client, id).catch(() => undefined);
      states.set(id, stateOf(answer));
      if (states.get(id) === 'failed') await retryProvisioning(client, id, answer);
    }
    if (ids.every((id) => isFinalState(states.get(id)))) break;
    await sleep(1000);
  }
  return states;
}

function refresh(client: TeamsClient, requestId: string): Promise<InvokeAnswer> {
  const replyTo = `soak-status-${requestId}`;
  return client.invoke(APPROVER, APPROVALS_CHANNEL, replyTo, 'refresh', { requestId }, 'automatic');
}

/** Presses Retry on the failure card, with the version the card carries. */
async function retryProvisioning(client: TeamsClient, requestId: string, card: InvokeAnswer | undefined): Promise<void> {
  retried.add(requestId);
  const actions = (card?.body?.value?.actions as { verb?: string; data?: Record<string, unknown> }[] | undefined) ?? [];
  const data = actions.find((a) => a.verb === 'retryProvisioning')?.data ?? { requestId };
  const replyTo = `soak-failure-${requestId}`;
  await client.invoke(APPROVER, APPROVALS_CHANNEL, replyTo, 'retryProvisioning', data).catch(() => undefined);
}

/**
 * Waits until every request's completion notice has reached both conversations and the bot's
 * outbox is empty (its /metrics), or `deadline` passes; then a little longer, so that a notice
 * sent twice would be seen.
 */
async function untilNoticesSent(botUrl: string, connector: LocalConnector, ids: string[], deadline: number): Promise<void> {
  const told = () => ids.every((id) => NOTICE_CONVERSATIONS.every((to) => readyNotices(connector, id, to) > 0));
  while (Date.now() < deadline) {
    if (told() && (await outboxDepth(botUrl).catch(() => -1)) === 0) break;
    await sleep(1000);
  }
  await sleep(3000);
}

async function outboxDepth(botUrl: string): Promise<number> {
  const text = await (await fetch(`${botUrl}/metrics`)).text();
  return Number(/^apim_bot_outbox_depth (\d+)$/m.exec(text)?.[1] ?? -1);
}

function stateOf(answer: InvokeAnswer | undefined): Seen {
  const label = factValue(answer?.body?.value, 'State');
  const entry = Object.entries(STATE_LABELS).find(([, text]) => text === label);
  return (entry?.[0] as RequestState | undefined) ?? 'unknown';
}

function isFinalState(state: Seen | undefined): boolean {
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
    const outcome = await attempt().catch(describeError);
    if (outcome === true) return;
    why = outcome;
    await sleep(between([wait / 2, wait]));
  }
  throw new Error(`${what}: no good answer within ${timeoutMs / 1000} s; the last one: ${why}`);
}

function httpOk(status: number): true | string {
  return status < 500 ? true : `HTTP ${status}`;
}

/** The HTTP status and the card's texts, to say why an answer was not the one hoped for. */
function summary(answer: InvokeAnswer): string {
  return `HTTP ${answer.httpStatus}: ${allTexts(answer.body?.value).join(' | ').slice(0, 600)}`;
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause ? `${error.message} (${cause.code ?? cause.message})` : error.message;
}

interface Chaos {
  faults(): number;
  stop(): Promise<void>;
}

/** Kills the bot at random and injects ARM and connector faults until stopped. */
function startChaos(bot: Supervisor, connector: LocalConnector, emulator: EmulatorControl): Chaos {
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
      if (await injectFault(connector, emulator).catch(() => false)) injected += 1;
    }
  })();
  return {
    faults: () => injected,
    stop: async () => {
      running = false;
      await Promise.all([killing, faulting]);
      await emulator.send('POST', 'reset-faults').catch(() => undefined);
    },
  };
}

const RETRY_SOON = { 'Retry-After': '1' };

/** What can go wrong on the way to Azure; the emulator forgets it when the bot is killed. */
const FAULTS: [string, string, unknown][] = [
  ['POST', 'faults/responses', { method: 'PUT', path: '/gateways/[^/]+$', status: 429, headers: RETRY_SOON }],
  ['POST', 'faults/responses', { method: 'PUT', path: '/workspaces/[^/]+$', status: 503 }],
  ['POST', 'faults/responses', { method: 'GET', path: 'operation', status: 500, count: 2 }],
  ['POST', 'faults/responses', { method: 'PUT', path: 'roleAssignments', status: 429, headers: RETRY_SOON }],
  ['POST', 'faults/responses', { method: 'PUT', path: '/configConnections/', status: 500 }],
  ['POST', 'faults/responses', { method: 'PUT', path: 'diagnosticSettings', status: 503 }],
  ['POST', 'faults/responses', { method: 'GET', path: '/gateways/', status: 503 }],
  ['POST', 'faults/not-found-on-first-poll', undefined],
  ['PUT', 'latency', { ms: 300 }],
  ['PUT', 'latency', { ms: 0 }],
  ['POST', 'faults/operation-failures', { path: '/configConnections/', method: 'PUT', code: 'InjectedFailure', message: 'Injected.' }],
];

async function injectFault(connector: LocalConnector, emulator: EmulatorControl): Promise<boolean> {
  // One time in five, Teams refuses the next message or card update instead.
  if (Math.random() < 0.2) {
    connector.failNext(Math.random() < 0.5 ? { status: 503 } : { status: 429, headers: RETRY_SOON });
    return true;
  }
  const [method, endpoint, body] = FAULTS[Math.floor(Math.random() * FAULTS.length)];
  return (await emulator.send(method, endpoint, body)) < 300;
}

/** The emulator's loopback control API (src/emulator/README.md), trusting its own certificate. */
class EmulatorControl {
  constructor(
    private readonly dataDir: string,
    private readonly port: string,
  ) {}

  send(method: string, endpoint: string, body?: unknown): Promise<number> {
    const ca = fs.readFileSync(path.join(this.dataDir, 'arm-emulator', 'emulator-cert.pem'), 'utf8');
    const payload = body === undefined ? '' : JSON.stringify(body);
    const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) };
    const options = { host: '127.0.0.1', port: Number(this.port), path: `/_emulator/${endpoint}`, method, ca, headers };
    return new Promise((resolve, reject) => {
      const request = https.request(options, (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      });
      request.on('error', reject);
      request.end(payload);
    });
  }
}

interface Outcome {
  ids: string[];
  states: Map<string, Seen>;
  armLog: ArmLogEntry[];
  connector: LocalConnector;
  killedAt: number[];
  faults: number;
  started: number;
}

/** Prints the findings, writes them to bench/results.md, and says whether the goals hold. */
function report(o: Outcome): boolean {
  const final = o.ids.filter((id) => isFinalState(o.states.get(id)));
  const duplicates = duplicateGateways(o.armLog);
  const notices = o.ids.flatMap((id) =>
    NOTICE_CONVERSATIONS.map((to) => ({ id, to, count: readyNotices(o.connector, id, to) })),
  );
  const lost = notices.filter((n) => o.states.get(n.id) === 'succeeded' && n.count === 0);
  const doubled = notices.filter((n) => n.count > 1);
  const armErrors = countBy(o.armLog.filter((e) => e.status >= 400).map((e) => `${e.method} ${e.status}`));
  const states = countBy(o.ids.map((id) => o.states.get(id) ?? 'unknown'));
  const puts = { accepted: gatewayPuts(o.armLog, true).length, all: gatewayPuts(o.armLog, false).length };
  const ok = final.length === o.ids.length && !duplicates.length && !lost.length && !doubled.length;

  const lines = [
    `Soak report (${elapsed(o.started)}, ${o.killedAt.length} SIGKILLs, ${o.faults} faults injected)`,
    `  requests in a final state:  ${final.length} of ${o.ids.length}  (${describeCounts(states)})`,
    `  provisioning failed and retried by an approver: ${retried.size}`,
    `  duplicate gateways:         ${duplicates.length}${listed(duplicates)}`,
    ...(o.armLog.length >= 5000 ? ['  (the emulator keeps its latest 5,000 calls only: older gateway PUTs were not seen)'] : []),
    `  gateway PUTs answered 2xx:  ${puts.accepted}; all gateway PUTs: ${puts.all}`,
    `  ARM calls answered with an error (injected, throttled): ${describeCounts(armErrors)}`,
    `  lost completion notices:    ${lost.length}${listed(lost.map((n) => `${n.id} in ${n.to}`))}`,
    `  doubled completion notices: ${doubled.length}${listed(doubled.map((n) => `${n.id} x${n.count} in ${n.to}`))}`,
    ...doubled.map((n) => `    ${n.id}: ${whenSent(o, n.id, n.to)}`),
    ok ? '  goals met: all final, none duplicated, none lost or doubled' : '  GOALS NOT MET',
  ];
  say('');
  for (const line of lines) say(line);
  writeSoakResults(soakMarkdown(lines, ok));
  return ok;
}

function soakMarkdown(lines: string[], ok: boolean): string {
  const machine = describeMachine();
  return [
    '## Soak',
    '',
    `\`npm run soak\` on ${machine.date}, same machine (${machine.cpu}, ${machine.cores} cores, Node.js ${machine.node}); ` +
      `exit code ${ok ? 0 : 1}.`,
    '',
    '```text',
    ...lines,
    '```',
    '',
    `- ${REQUESTS} requests for a new gateway each, submitted on the form card and approved on the approval card over ` +
      'HTTP, arriving every 0.5-2.5 s, through the bot process started as `npm start` does (SQLite, embedded ARM ' +
      'emulator with 4-second gateway creation, POLL_INTERVAL_SECONDS=0.5, JOB_LEASE_SECONDS=3).',
    `- The bot is killed with SIGKILL every ${seconds(KILL_EVERY_MS)} and started again on the same ports and data folder; ` +
      `activities that fail meanwhile are sent again with the same card id, as Bot Service retries. Every ` +
      `${seconds(FAULT_EVERY_MS)} one fault is injected: through the emulator's control API a 429, 500 or 503 on the ` +
      'next matching ARM call (gateway, workspace, config connection, role assignment, diagnostic setting PUTs, ' +
      'operation polls, gateway reads), 300 ms latency, a 404 on the first poll of the next operation, or a failed ' +
      "config-connection operation (an approver then presses Retry on the failure card); or the local connector " +
      'refuses the next message or card update with 503 or 429.',
    '- Final states are read from the approval card (refresh). A duplicate gateway is a gateway name with more than ' +
      "one PUT answered 2xx in the emulator's request log. A completion notice is a new message (not a card update) " +
      "saying the workspace is ready, counted per request in the requester's chat and in the approvals channel: " +
      'lost when 0, doubled when more than 1.',
    `- Chaos runs for up to ${CHAOS_MS / 1000} s or until every request is final; then the bot gets up to ` +
      `${SETTLE_MS / 1000} s undisturbed to finish and empty its outbox.`,
  ].join('\n');
}

/** When the notices were sent and the bot was last killed before each, relative to the start. */
function whenSent(o: Outcome, requestId: string, conversationId: string): string {
  const at = (ms: number) => `+${((ms - o.started) / 1000).toFixed(2)} s`;
  const sends = o.connector.calls.filter(
    (c) => c.kind !== 'update' && c.conversationId === conversationId && factValue(cardOf(c.activity), 'Request') === requestId,
  );
  return sends
    .map((c) => {
      const killAfter = o.killedAt.find((k) => k >= c.at);
      return `${cardTitle(cardOf(c.activity))} at ${at(c.at)} (next kill ${killAfter ? at(killAfter) : 'none'})`;
    })
    .join('; ');
}

/** Gateway PUTs in the emulator's log; `accepted` keeps those answered 2xx (it created or changed one). */
function gatewayPuts(armLog: ArmLogEntry[], accepted: boolean): ArmLogEntry[] {
  const isPut = (e: ArmLogEntry) => e.method === 'PUT' && /\/gateways\/[^/]+$/i.test(e.path);
  return armLog.filter((e) => isPut(e) && (!accepted || (e.status >= 200 && e.status < 300)));
}

function duplicateGateways(armLog: ArmLogEntry[]): string[] {
  const counts = countBy(gatewayPuts(armLog, true).map((e) => e.path.split('/').pop()?.toLowerCase() ?? ''));
  return [...counts].filter(([, count]) => count > 1).map(([name, count]) => `${name} x${count}`);
}

/** New messages (not card updates) saying the request's workspace is ready, in one conversation. */
function readyNotices(connector: LocalConnector, requestId: string, conversationId: string): number {
  const isNotice = (card: Record<string, unknown> | undefined) =>
    factValue(card, 'Request') === requestId && /is ready$/.test(cardTitle(card));
  const calls = connector.calls.filter((c) => c.kind !== 'update' && c.conversationId === conversationId);
  return calls.filter((c) => isNotice(cardOf(c.activity))).length;
}

function countBy(values: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

function describeCounts(counts: Map<string, number>): string {
  return [...counts].map(([what, count]) => `${what}: ${count}`).join(', ') || 'none';
}

function listed(items: string[]): string {
  return items.length ? `  (${items.join(', ')})` : '';
}

function seconds([low, high]: Range): string {
  return `${low / 1000}-${high / 1000} s`;
}

function elapsed(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(0)} s`;
}

main().then(
  (ok) => process.exit(ok ? 0 : 1),
  (error: unknown) => {
    say(`The soak could not run: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(2);
  },
);
