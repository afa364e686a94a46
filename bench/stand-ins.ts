/**
 * What the bot talks to during the in-flight benchmark, in a process of its own so that their
 * work does not count as the bot's: the ARM emulator (on a clock following the benchmark's) and
 * a Bot Connector that accepts every message and card update and keeps nothing.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { startEmulator, type RunningEmulator } from '../src/emulator';
import { WarpClock, type WarpState } from './warp-clock';

export type StandInsRequest =
  | { kind: 'start'; dataDir: string; gatewayMs: number; clock: WarpState }
  | { kind: 'clock'; clock: WarpState }
  | { kind: 'summary' }
  | { kind: 'stop' };

export interface StandInsReady {
  kind: 'ready';
  emulatorUrl: string;
  connectorUrl: string;
}

/** What the emulator has seen, worked out here so that the bot's process does no such work. */
export interface StandInsSummary {
  kind: 'summary';
  /** Gateway PUTs answered 2xx among the emulator's latest 5,000 calls. */
  gatewayPuts: number;
  calls: number;
  /** Emulator-clock time of its latest call (epoch ms), 0 when none. */
  lastCallAt: number;
}

const clock = new WarpClock(1);
let emulator: RunningEmulator | undefined;
let connector: http.Server | undefined;

process.on('message', (message: StandInsRequest) => {
  void handle(message).catch((error: unknown) => {
    process.stderr.write(`stand-ins: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
});

async function handle(message: StandInsRequest): Promise<void> {
  if (message.kind === 'clock') clock.follow(message.clock);
  if (message.kind === 'start') {
    clock.follow(message.clock);
    // ARM's write limit would pace the 2,000 creates to ten a second; the bot's side is measured here.
    emulator = await startEmulator({
      dataDir: message.dataDir,
      clock: { now: () => clock.epochMs() },
      gatewayProvisioningMs: message.gatewayMs,
      throttling: false,
    });
    connector = await startSink();
    const connectorUrl = `http://127.0.0.1:${(connector.address() as AddressInfo).port}`;
    const ready: StandInsReady = { kind: 'ready', emulatorUrl: emulator.url, connectorUrl };
    process.send?.(ready);
  }
  if (message.kind === 'summary') process.send?.(summary());
  if (message.kind === 'stop') {
    await emulator?.close();
    connector?.close();
    process.exit(0);
  }
}

function summary(): StandInsSummary {
  const log = emulator?.requestLog() ?? [];
  const gatewayPuts = log.filter((e) => e.method === 'PUT' && e.operation === 'gateways.put' && e.status < 300).length;
  const last = log[log.length - 1];
  return { kind: 'summary', gatewayPuts, calls: log.length, lastCallAt: last ? Date.parse(last.at) : 0 };
}

function startSink(): Promise<http.Server> {
  const server = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ id: `act-${randomUUID().slice(0, 12)}` }));
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
