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

type Send = (index: number) => Promise<boolean>;
type Stops = (() => Promise<unknown>)[];

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
    const echo = new TeamsClient(await startEchoBot(stops), connector.url);
    const ours = new TeamsClient((await startOurBot(path.join(root, 'sqlite'), {}, stops)).url, connector.url);
    const requestId = await pendingRequest(ours);

    const [echoMessage, status] = await measurePair(echoTurn(echo), statusTurn(ours, requestId));
    const echoCard: Send = (i) => cardAction(echo, `echo-card-${i}`, { n: i });
    const [echoAction, refresh] = await measurePair(echoCard, refreshTurn(ours, requestId));
    const replies = countReplies(connector, requestId);

    const postgres = await measurePostgres(root, connector, stops);
    return [turnSection({ echoMessage, status, echoAction, refresh }, replies), postgresSection(refresh, postgres)];
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    fs.rmSync(root, { recursive: true, force: true });
  }
}

async function measure(send: Send): Promise<LoadResult> {
  await runLoad(send, WARM_UP);
  return runLoad(send, LOAD);
}

/** Two workloads after their warm-ups, in rounds of a quarter each: A B, B A, A B, B A. */
async function measurePair(a: Send, b: Send): Promise<[LoadResult, LoadResult]> {
  await runLoad(a, WARM_UP);
  await runLoad(b, WARM_UP);
  const round = { requests: LOAD.requests / ROUNDS, concurrency: LOAD.concurrency };
  const results: [LoadResult[], LoadResult[]] = [[], []];
  for (let i = 0; i < ROUNDS; i += 1) {
    const order = i % 2 === 0 ? [0, 1] : [1, 0];
    for (const which of order) results[which].push(await runLoad(which === 0 ? a : b, round));
  }
  return [combine(results[0]), combine(results[1])];
}

async function startEchoBot(stops: Stops): Promise<string> {
  const port = await freePort();
  const child = spawnScript('bench/echo-bot.ts', { PORT: String(port) });
  stops.push(() => stopProcess(child));
  const url = `http://127.0.0.1:${port}`;
  await waitForOk(`${url}/healthz`, performance.now(), child);
  return url;
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

async function measurePostgres(root: string, connector: LocalConnector, stops: Stops): Promise<LoadResult | string> {
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
  return measure(refreshTurn(client, await pendingRequest(client)));
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
  echoMessage: LoadResult;
  status: LoadResult;
  echoAction: LoadResult;
  refresh: LoadResult;
}

function turnSection(r: TurnResults, replies: number): Section {
  const throughput = (ours: LoadResult, echo: LoadResult) => ours.perSecond / echo.perSecond;
  const latency = (ours: LoadResult, echo: LoadResult) => ours.p99Ms / echo.p99Ms;
  const atLeast = (name: string, ratio: number) => ({ name, value: `${fixed(ratio, 2)}x`, goal: '>= 0.8x', met: ratio >= 0.8 });
  const atMost = (name: string, ratio: number) => ({ name, value: `${fixed(ratio, 2)}x`, goal: '<= 1.5x', met: ratio <= 1.5 });

  return {
    title: 'Turns against a bare botbuilder echo bot',
    measures: [
      atLeast('`status <id>` throughput vs echo message turns', throughput(r.status, r.echoMessage)),
      atMost('`status <id>` p99 vs echo message turns', latency(r.status, r.echoMessage)),
      atLeast('`refresh` card action throughput vs echo card actions', throughput(r.refresh, r.echoAction)),
      atMost('`refresh` card action p99 vs echo card actions', latency(r.refresh, r.echoAction)),
    ],
    table: [
      ['workload', 'requests', 'failed', 'turns/s', 'p50 ms', 'p99 ms'],
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
    ],
  };
}

function postgresSection(sqlite: LoadResult, postgres: LoadResult | string): Section {
  const title = 'Card actions on PostgreSQL next to SQLite';
  if (typeof postgres === 'string') return { title, measures: [{ name: 'PostgreSQL', value: postgres }], notes: [] };
  return {
    title,
    measures: [
      { name: '`refresh` throughput, PostgreSQL / SQLite', value: `${fixed(postgres.perSecond / sqlite.perSecond, 2)}x` },
      { name: '`refresh` p99, PostgreSQL / SQLite', value: `${fixed(postgres.p99Ms / sqlite.p99Ms, 2)}x` },
    ],
    table: [
      ['store', 'requests', 'failed', 'turns/s', 'p50 ms', 'p99 ms'],
      loadRow('SQLite (file in DATA_DIR)', sqlite),
      loadRow('PostgreSQL (local server, fresh schema)', postgres),
    ],
    notes: [
      `The same \`refresh\` card action and load as above, on a second bot process with DATABASE_URL=${POSTGRES_URL} ` +
        'and a schema of its own (search_path), dropped afterwards.',
    ],
  };
}

function loadRow(name: string, x: LoadResult): string[] {
  return [name, String(x.requests), String(x.failures), fixed(x.perSecond, 0), fixed(x.p50Ms), fixed(x.p99Ms)];
}
