/**
 * One bot instance with 1,000 provisionings in flight, each waiting on a gateway that takes
 * three hours. Runs as its own process (see in-flight-runner.ts), so that the resident memory
 * and event-loop delay measured here are the bot's; the ARM emulator and the Bot Connector run
 * in a third process (stand-ins.ts). Sends its figures to the parent over IPC.
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { startApp, type RunningApp } from '../src/app';
import { loadConfig } from '../src/config';
import { readEmulatorLog, type ArmLogEntry } from '../src/local-teams/emulator-log';
import { APPROVALS_CHANNEL, APPROVER, factValue, REQUESTER, REQUESTER_CHAT } from '../src/local-teams/journey';
import { TeamsClient } from '../src/local-teams/teams-client';
import { approveOnCard } from './approve';
import { runLoad } from './load';
import { quietLogger } from './quiet-logger';
import { newGatewayForm } from './request-forms';
import type { StandInsReady, StandInsRequest, StandInsSummary } from './stand-ins';
import { WarpClock } from './warp-clock';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
export const IN_FLIGHT = {
  requests: 1000,
  concurrency: 20,
  gatewayMs: 3 * HOUR,
  windowMs: 60_000,
  /** How far the clock jumps to look at the steady state, and how fast it then runs. */
  laterMs: 55 * MINUTE,
  laterSpeed: 10,
  /** The longest poll cycle looked for; a longer one is cut here, and its rate is then a ceiling. */
  longestCycleMs: 30 * MINUTE,
};

export interface Phase {
  seconds: number;
  /** How long the phase lasted on the bot's clock. */
  clockSeconds: number;
  rssMaxMb: number;
  heapMaxMb: number;
  /** Live heap after a full garbage collection at the end of the phase. */
  heapLiveMb: number;
  eventLoopP99Ms: number;
  eventLoopMaxMs: number;
  /** Resident memory right after that collection. */
  rssAfterGcMb: number;
  /** ARM calls the emulator logged in the phase, per second of the bot's clock. */
  armPerSecond?: number;
  armCalls?: number;
  /** The busiest 10 seconds of the phase, per second. */
  armPeakPerSecond?: number;
  /** The emulator keeps its latest 5,000 calls: when the phase had more, the counts are a floor. */
  armLogTruncated?: boolean;
}

export interface InFlightFigures {
  setupSeconds: number;
  setupFailures: number;
  inFlight: number;
  ramp: Phase;
  firstMinute: Phase;
  cycle: Phase;
  /** The warnings the bot logged, as `count x message`. */
  warnings: string[];
}

async function main(): Promise<InFlightFigures> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'apim-bot-bench-inflight-'));
  const clock = new WarpClock(1);
  const standIns = await startStandIns(root, clock);
  const config = loadConfig({
    PORT: '0',
    DATA_DIR: path.join(root, 'bot'),
    ARM_EMULATOR_URL: standIns.emulatorUrl,
    ARM_EMULATOR_CA_FILE: path.join(root, 'arm-emulator', 'emulator-cert.pem'),
    POLL_INTERVAL_SECONDS: '60',
    LOG_LEVEL: 'warn',
  });
  const { log, lines } = quietLogger();
  const app = await startApp(config, log, { clock });
  const armLog = async () => (await readEmulatorLog(root, new URL(standIns.emulatorUrl).port)) ?? [];

  try {
    // Requests pile up with the runner stopped, so all 1,000 start together when it starts.
    await app.runner.stop();
    const client = new TeamsClient(app.url, standIns.connectorUrl);
    await client.message(APPROVER, APPROVALS_CHANNEL, 'approvals here');
    const setupStarted = performance.now();
    const { requests, concurrency } = IN_FLIGHT;
    const setup = await runLoad((i) => submitAndApprove(client, i), { requests, concurrency });
    const setupSeconds = (performance.now() - setupStarted) / 1000;

    app.runner.start();
    const allStarted = async () => (await standIns.summary()).gatewayPuts >= requests;
    const ramp = await observe(clock, armLog, () => waitFor(allStarted, 10 * MINUTE));
    const firstMinute = await observe(clock, armLog, () => sleep(IN_FLIGHT.windowMs));
    const inFlight = await metric(app, /^apim_bot_requests\{state="provisioning"\} (\d+)$/gm);

    await untilQuiet(clock, standIns);
    clock.advance(IN_FLIGHT.laterMs);
    standIns.follow(clock);
    const cycle = await observe(clock, armLog, () => oneCycle(clock, standIns, armLog));

    const warnings = tally(lines.filter((line) => Number(line.level) >= 40).map((line) => String(line.msg)));
    return { setupSeconds, setupFailures: setup.failures, inFlight, ramp, firstMinute, cycle, warnings };
  } finally {
    await app.stop();
    await standIns.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/** A requester submits the form card and an approver approves it, both over HTTP. */
async function submitAndApprove(client: TeamsClient, i: number): Promise<boolean> {
  const form = newGatewayForm(`f${i}`);
  const submitted = await client.invoke(REQUESTER, REQUESTER_CHAT, `form-${i}`, 'submitRequest', form);
  const requestId = factValue(submitted.body?.value, 'Request');
  if (!requestId) return false;
  const approved = await approveOnCard(client, requestId, `approval-${i}`);
  return factValue(approved.body?.value, 'State') !== 'Waiting for approval';
}

/**
 * One poll cycle, whatever its length: the jump has made every gateway's poll due, so they run
 * now (at real speed); the cycle ends when the next round of polls begins (the clock runs faster
 * meanwhile). Returns the cycle's end on the bot's clock.
 */
async function oneCycle(clock: WarpClock, standIns: StandIns, armLog: () => Promise<ArmLogEntry[]>): Promise<number> {
  const start = clock.epochMs();
  await waitFor(async () => (await standIns.summary()).lastCallAt >= start, 10 * MINUTE);
  await untilQuiet(clock, standIns);
  const burstEnd = (await standIns.summary()).lastCallAt;
  clock.setSpeed(IN_FLIGHT.laterSpeed);
  standIns.follow(clock);

  const limit = start + IN_FLIGHT.longestCycleMs;
  const nextRound = async () => (await standIns.summary()).lastCallAt > burstEnd || clock.epochMs() >= limit;
  await waitFor(nextRound, 10 * MINUTE);
  const next = (await armLog()).map((e) => Date.parse(e.at)).find((at) => at > burstEnd);
  return Math.min(next ?? limit, limit);
}

/**
 * Memory, event-loop delay and ARM calls while `during` runs. ARM calls are counted on the bot's
 * clock up to the time `during` returns, or up to the end of the window it names.
 */
async function observe(
  clock: WarpClock,
  armLog: () => Promise<ArmLogEntry[]>,
  during: () => Promise<number | void>,
): Promise<Phase> {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  let rssMax = 0;
  let heapMax = 0;
  const sample = () => {
    const usage = process.memoryUsage();
    rssMax = Math.max(rssMax, usage.rss);
    heapMax = Math.max(heapMax, usage.heapUsed);
  };
  const sampler = setInterval(sample, 250);
  const started = performance.now();
  const simStart = clock.epochMs();
  delay.enable();
  const windowEnd = await during();
  delay.disable();
  clearInterval(sampler);
  sample();
  const simEnd = windowEnd ?? clock.epochMs();
  const heapLive = liveHeap();
  const rssAfterGc = process.memoryUsage().rss;

  const log = (await armLog()).map((e) => Date.parse(e.at));
  const calls = log.filter((at) => at >= simStart && at < simEnd);
  const simSeconds = (simEnd - simStart) / 1000;
  return {
    seconds: (performance.now() - started) / 1000,
    clockSeconds: simSeconds,
    rssMaxMb: rssMax / 1024 ** 2,
    heapMaxMb: heapMax / 1024 ** 2,
    heapLiveMb: heapLive / 1024 ** 2,
    rssAfterGcMb: rssAfterGc / 1024 ** 2,
    eventLoopP99Ms: delay.percentile(99) / 1e6,
    eventLoopMaxMs: delay.max / 1e6,
    armCalls: calls.length,
    armPerSecond: calls.length / simSeconds,
    armPeakPerSecond: peakPerSecond(calls, 10_000),
    armLogTruncated: log.length >= 5000 && log[0] >= simStart,
  };
}

/** The heap still in use after a full collection (the process runs with --expose-gc). */
function liveHeap(): number {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (!collect) return Number.NaN;
  collect();
  return process.memoryUsage().heapUsed;
}

function tally(messages: string[]): string[] {
  const counts = new Map<string, number>();
  for (const message of messages) counts.set(message, (counts.get(message) ?? 0) + 1);
  return [...counts].map(([message, count]) => `${count} x ${message}`);
}

function peakPerSecond(times: number[], bucketMs: number): number {
  const buckets = new Map<number, number>();
  for (const at of times) buckets.set(Math.floor(at / bucketMs), (buckets.get(Math.floor(at / bucketMs)) ?? 0) + 1);
  return Math.max(0, ...buckets.values()) / (bucketMs / 1000);
}

/** Sums the values a Prometheus text line pattern captures, read from the bot's /metrics. */
async function metric(app: RunningApp, pattern: RegExp): Promise<number> {
  const text = await (await fetch(`${app.url}/metrics`)).text();
  return [...text.matchAll(pattern)].reduce((sum, match) => sum + Number(match[1]), 0);
}

/** Waits until the bot has made no ARM call for three seconds (the clock runs at real speed here). */
async function untilQuiet(clock: WarpClock, standIns: StandIns): Promise<void> {
  await waitFor(async () => clock.epochMs() - (await standIns.summary()).lastCallAt >= 3000, 10 * MINUTE);
}

async function waitFor(done: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await done())) {
    if (performance.now() > deadline) throw new Error(`Not done within ${timeoutMs / 1000} s`);
    await sleep(250);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

interface StandIns extends StandInsReady {
  follow(clock: WarpClock): void;
  summary(): Promise<StandInsSummary>;
  stop(): Promise<void>;
}

async function startStandIns(root: string, clock: WarpClock): Promise<StandIns> {
  const child: ChildProcess = fork(path.join(__dirname, 'stand-ins.ts'), [], {
    execArgv: ['--disable-warning=DEP0111', '--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const send = (message: StandInsRequest) => child.send(message);
  const ready = await new Promise<StandInsReady>((resolve, reject) => {
    child.once('message', (message) => resolve(message as StandInsReady));
    child.once('exit', (code) => reject(new Error(`the stand-ins process exited with ${code}`)));
    send({ kind: 'start', dataDir: path.join(root, 'arm-emulator'), gatewayMs: IN_FLIGHT.gatewayMs, clock: clock.snapshot() });
  });
  return {
    ...ready,
    follow: (moved) => send({ kind: 'clock', clock: moved.snapshot() }),
    // One question at a time: the benchmark waits for each answer before asking again.
    summary: () =>
      new Promise((resolve) => {
        const answer = (message: { kind: string }) => {
          if (message.kind !== 'summary') return;
          child.off('message', answer);
          resolve(message as StandInsSummary);
        };
        child.on('message', answer);
        send({ kind: 'summary' });
      }),
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      send({ kind: 'stop' });
      await exited;
    },
  };
}

if (require.main === module) {
  main().then(
    (figures) => process.send?.({ kind: 'figures', figures }, () => process.exit(0)),
    (error: unknown) => {
      process.stderr.write(`in-flight benchmark: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    },
  );
}
