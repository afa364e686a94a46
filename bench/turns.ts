import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { startBotProcess, type BotProcess } from '../src/local-teams/bot-process';
import { APPROVALS_CHANNEL, APPROVER, factValue, REQUESTER, REQUESTER_CHAT } from '../src/local-teams/journey';
import { cardOf, LocalConnector } from '../src/local-teams/local-connector';
import { TeamsClient } from '../src/local-teams/teams-client';
import { freePort } from '../test/support/ports';
import { POSTGRES_URL } from '../test/support/test-database';
import { combine, runLoad, type LoadResult } from './load';
import { spawnScript, stopProcess, waitForOk } from './processes';
import { fixed, type Section } from './report';
import { sharedGatewayForm } from './request-forms';

const LOAD = { requests: 2000, concurrency: 20 };
const WARM_UP = { requests: 200, concurrency: 20 };
/** Each pair of workloads runs in alternating rounds, so that other work on the machine weighs on both alike. */
const ROUNDS = 4;
/** Linux counts process CPU time in ticks of 1/100 s (USER_HZ) on every common build. */
const CLOCK_TICKS_PER_SECOND = 100;

type Send = (index: number) => Promise<boolean>;
type Stops = (() => Promise<unknown>)[];

/** A workload: how to send one turn, and the process (by pid) whose CPU time it costs. */
interface Workload {
  send: Send;
  pid: number;
}

/** A load result with the CPU time the bot's process spent on it, per turn. */
type TurnResult = LoadResult & { cpuMsPerTurn: number };

/**
 * Our bot's `status <id>` messages and `refresh` card actions against a bare botbuilder echo bot's
 * messages and card actions: each bot in its own process, the load from this one, the same
 * request count and concurrency. Then the same card actions on PostgreSQL.
 */
export async function measureTurns(): Promise<Section[]> {
  const connector = new LocalConnector();
  await connector.start();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'apim-bot-bench-turns-'));
  const stops: Stops = [() => connector.stop()];

  try {
    const echoBot = await startEchoBot(stops);
    const ourBot = await startOurBot(path.join(root, 'sqlite'), {}, stops);
    const echo = new TeamsClient(echoBot.url, connector.url);
    const ours = new TeamsClient(ourBot.url, connector.url);
    const requestId = await pendingRequest(ours);
    const on = (bot: { pid?: number }, send: Send): Workload => ({ send, pid: bot.pid ?? 0 });

    const echoCard: Send = (i) => cardAction(echo, `echo-card-${i}`, { n: i });
    const [echoMessage, status] = await measurePair(
      on(echoBot, echoTurn(echo)),
      on(ourBot.child, statusTurn(ours, requestId)),
    );
    const [echoAction, refresh] = await measurePair(on(echoBot, echoCard), on(ourBot.child, refreshTurn(ours, requestId)));
    const replies = countReplies(connector, requestId);

    const postgres = await measurePostgres(root, connector, stops);
    return [turnSection({ echoMessage, status, echoAction, refresh }, replies), postgresSection(refresh, postgres)];
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    fs.rmSync(root, { recursive: true, force: true });
  }
}

async function measure(workload: Workload): Promise<TurnResult> {
  await runLoad(workload.send, WARM_UP);
  return withCpu([await timed(workload, LOAD)]);
}

/** Two workloads after their warm-ups, in rounds of a quarter each: A B, B A, A B, B A. */
async function measurePair(a: Workload, b: Workload): Promise<[TurnResult, TurnResult]> {
  await runLoad(a.send, WARM_UP);
  await runLoad(b.send, WARM_UP);
  const round = { requests: LOAD.requests / ROUNDS, concurrency: LOAD.concurrency };
  const results: [Timed[], Timed[]] = [[], []];
  for (let i = 0; i < ROUNDS; i += 1) {
    const order = i % 2 === 0 ? [0, 1] : [1, 0];
    for (const which of order) results[which].push(await timed(which === 0 ? a : b, round));
  }
  return [withCpu(results[0]), withCpu(results[1])];
}

interface Timed {
  load: LoadResult;
  cpuSeconds: number;
}

async function timed(workload: Workload, options: { requests: number; concurrency: number }): Promise<Timed> {
  const before = cpuSeconds(workload.pid);
  const load = await runLoad(workload.send, options);
  return { load, cpuSeconds: cpuSeconds(workload.pid) - before };
}

function withCpu(runs: Timed[]): TurnResult {
  const load = combine(runs.map((run) => run.load));
  const cpu = runs.reduce((sum, run) => sum + run.cpuSeconds, 0);
  return { ...load, cpuMsPerTurn: (cpu * 1000) / load.requests };
}

/**
 * CPU time (user and system) a process has used, from /proc on Linux, in seconds; unlike
 * throughput it does not depend on what else the machine is doing. NaN elsewhere.
 */
function cpuSeconds(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at the state, field 3.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return ticks / CLOCK_TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

async function startEchoBot(stops: Stops): Promise<{ url: string; pid?: number }> {
  const port = await freePort();
  const child = spawnScript('bench/echo-bot.ts', { PORT: String(port) });
  stops.push(() => stopProcess(child));
  const url = `http://127.0.0.1:${port}`;
  await waitForOk(`${url}/healthz`, performance.now(), child);
  return { url, pid: child.pid };
}

/** Our bot exactly as `npm start` runs it, at the production log level. */
async function startOurBot(dataDir: string, env: Record<string, string>, stops: Stops): Promise<BotProcess> {
  const bot = await startBotProcess({
    PORT: String(await freePort()),
    ARM_EMULATOR_PORT: String(await freePort()),
    DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
    ...env,
  });
  stops.push(() => bot.stop());
  return bot;
}

/** A request waiting for approval: the approval card is the one approvers' Teams refreshes. */
async function pendingRequest(client: TeamsClient): Promise<string> {
  await client.message(APPROVER, APPROVALS_CHANNEL, 'approvals here');
  const suffix = randomBytes(3).toString('hex');
  const answer = await client.invoke(REQUESTER, REQUESTER_CHAT, `form-${suffix}`, 'submitRequest', sharedGatewayForm(suffix));
  const requestId = factValue(answer.body?.value, 'Request');
  if (!requestId) throw new Error(`The benchmark request was not accepted: ${JSON.stringify(answer.body).slice(0, 500)}`);
  return requestId;
}

function echoTurn(client: TeamsClient): Send {
  return async (i) => (await client.message(REQUESTER, REQUESTER_CHAT, `hello ${i}`)) === 200;
}

function statusTurn(client: TeamsClient, requestId: string): Send {
  return async () => (await client.message(REQUESTER, REQUESTER_CHAT, `status ${requestId}`)) === 200;
}

function refreshTurn(client: TeamsClient, requestId: string): Send {
  return (i) => cardAction(client, `approval-card-${i % 50}`, { requestId }, 'automatic');
}

async function cardAction(client: TeamsClient, replyToId: string, data: Record<string, unknown>, trigger = 'manual'): Promise<boolean> {
  const answer = await client.invoke(APPROVER, APPROVALS_CHANNEL, replyToId, 'refresh', data, trigger);
  return answer.httpStatus === 200 && answer.body?.statusCode === 200 && answer.body.value?.type === 'AdaptiveCard';
}

/** Replies to `status` that carried the request's card: every status turn must have produced one. */
function countReplies(connector: LocalConnector, requestId: string): number {
  const isStatusCard = (activity: Record<string, unknown>) => factValue(cardOf(activity), 'Request') === requestId;
  return connector.calls.filter((c) => c.conversationId === REQUESTER_CHAT.id && isStatusCard(c.activity)).length;
}

async function measurePostgres(root: string, connector: LocalConnector, stops: Stops): Promise<TurnResult | string> {
  const schema = `bench_${randomBytes(6).toString('hex')}`;
  try {
    await withPostgres((client) => client.query(`create schema ${schema}`));
  } catch (error) {
    return `skipped: PostgreSQL is not reachable at ${POSTGRES_URL} (${error instanceof Error ? error.message : String(error)})`;
  }
  stops.push(() => withPostgres((client) => client.query(`drop schema if exists ${schema} cascade`)));

  const url = new URL(POSTGRES_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const bot = await startOurBot(path.join(root, 'postgres'), { DATABASE_URL: url.toString() }, stops);
  const client = new TeamsClient(bot.url, connector.url);
  return measure({ send: refreshTurn(client, await pendingRequest(client)), pid: bot.child.pid ?? 0 });
}

async function withPostgres<T>(action: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return await action(client);
  } finally {
    await client.end();
  }
}

interface TurnResults {
  echoMessage: TurnResult;
  status: TurnResult;
  echoAction: TurnResult;
  refresh: TurnResult;
}

function turnSection(r: TurnResults, replies: number): Section {
  const throughput = (ours: LoadResult, echo: LoadResult) => ours.perSecond / echo.perSecond;
  const latency = (ours: LoadResult, echo: LoadResult) => ours.p99Ms / echo.p99Ms;
  const cpu = (ours: TurnResult, echo: TurnResult) => ({ value: `${fixed(ours.cpuMsPerTurn / echo.cpuMsPerTurn, 2)}x` });
  const atLeast = (name: string, ratio: number) => ({ name, value: `${fixed(ratio, 2)}x`, goal: '>= 0.8x', met: ratio >= 0.8 });
  const atMost = (name: string, ratio: number) => ({ name, value: `${fixed(ratio, 2)}x`, goal: '<= 1.5x', met: ratio <= 1.5 });

  return {
    title: 'Turns against a bare botbuilder echo bot',
    measures: [
      atLeast('`status <id>` throughput vs echo message turns', throughput(r.status, r.echoMessage)),
      atMost('`status <id>` p99 vs echo message turns', latency(r.status, r.echoMessage)),
      atLeast('`refresh` card action throughput vs echo card actions', throughput(r.refresh, r.echoAction)),
      atMost('`refresh` card action p99 vs echo card actions', latency(r.refresh, r.echoAction)),
      { name: 'CPU time per `status <id>` turn vs per echo message turn', ...cpu(r.status, r.echoMessage) },
      { name: 'CPU time per `refresh` card action vs per echo card action', ...cpu(r.refresh, r.echoAction) },
    ],
    table: [
      ['workload', 'requests', 'failed', 'turns/s', 'p50 ms', 'p99 ms', 'bot CPU ms/turn'],
      loadRow('echo bot: message turns (text echo)', r.echoMessage),
      loadRow('our bot: `status <id>` (request card)', r.status),
      loadRow('echo bot: `adaptiveCard/action` (static card)', r.echoAction),
      loadRow('our bot: `refresh` on the approval card', r.refresh),
    ],
    notes: [
      `${LOAD.requests} requests at concurrency ${LOAD.concurrency} per workload, after ${WARM_UP.requests} warm-up ` +
        `requests. Each echo workload and ours are measured in ${ROUNDS} alternating rounds (A B, B A, ...) so that ` +
        'other work on the machine weighs on both alike; one workload runs at a time.',
      'Each bot runs in its own process (ours exactly as `npm start`: SQLite, the embedded ARM emulator, job runner ' +
        'idle, LOG_LEVEL=info); the load generator (plain `fetch`, a bounded pool) and the local Bot Connector that ' +
        'receives message replies share this process.',
      'A message turn ends when the bot has posted its reply to the connector and answered the POST; ' +
        `${replies} status cards arrived for ${LOAD.requests + WARM_UP.requests} status turns.`,
      "The card action is an approver's automatic refresh of a request waiting for approval: the bot reads the " +
        'request, its approvals and steps, checks the approver and renders the approval card with its actions.',
      "Bot CPU is the user and system time the bot's process used during the workload (/proc), per turn: unlike " +
        'throughput and latency, it hardly depends on what else the machine is doing.',
    ],
  };
}

function postgresSection(sqlite: TurnResult, postgres: TurnResult | string): Section {
  const title = 'Card actions on PostgreSQL next to SQLite';
  if (typeof postgres === 'string') return { title, measures: [{ name: 'PostgreSQL', value: postgres }], notes: [] };
  return {
    title,
    measures: [
      { name: '`refresh` throughput, PostgreSQL / SQLite', value: `${fixed(postgres.perSecond / sqlite.perSecond, 2)}x` },
      { name: '`refresh` p99, PostgreSQL / SQLite', value: `${fixed(postgres.p99Ms / sqlite.p99Ms, 2)}x` },
    ],
    table: [
      ['store', 'requests', 'failed', 'turns/s', 'p50 ms', 'p99 ms', 'bot CPU ms/turn'],
      loadRow('SQLite (file in DATA_DIR)', sqlite),
      loadRow('PostgreSQL (local server, fresh schema)', postgres),
    ],
    notes: [
      `The same \`refresh\` card action and load as above, on a second bot process with DATABASE_URL=${POSTGRES_URL} ` +
        "and a schema of its own (search_path), dropped afterwards. Bot CPU leaves out the PostgreSQL server's own.",
    ],
  };
}

function loadRow(name: string, x: TurnResult): string[] {
  const figures = [x.requests, x.failures].map(String);
  return [name, ...figures, fixed(x.perSecond, 0), fixed(x.p50Ms), fixed(x.p99Ms), fixed(x.cpuMsPerTurn, 2)];
}
