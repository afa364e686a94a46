import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { freePort } from '../test/support/ports';
import { median } from './load';
import { spawnScript, stopProcess, waitForOk } from './processes';
import { fixed, type Section } from './report';

const STARTS = 5;

/**
 * From spawning `node --import tsx src/main.ts` (what `npm start` runs) to the first 200 from
 * /readyz (store and ARM answering): once on an empty data folder, then five restarts on it.
 */
export async function measureStartToReady(): Promise<Section> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'apim-bot-bench-start-'));
  const env = {
    PORT: String(await freePort()),
    ARM_EMULATOR_PORT: String(await freePort()),
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
  };
  try {
    const first = await timeOneStart(env);
    const restarts: number[] = [];
    for (let i = 0; i < STARTS; i += 1) restarts.push(await timeOneStart(env));
    return {
      title: 'Time from process start to ready',
      measures: [
        { name: `start to /readyz 200, median of ${STARTS} restarts`, value: `${fixed(median(restarts), 0)} ms` },
        { name: 'first start on an empty data folder', value: `${fixed(first, 0)} ms` },
      ],
      table: [
        ['start', 'ms'],
        ['first (empty data folder)', fixed(first, 0)],
        ...restarts.map((ms, i) => [`restart ${i + 1}`, fixed(ms, 0)]),
      ],
      notes: [
        'Measured from spawn to the first 200 of GET /readyz, polled every 10 ms; it includes loading TypeScript ' +
          'through tsx (as `npm start` does), opening SQLite and migrating, starting the embedded ARM emulator and ' +
          'its first answer.',
        "The first start also creates the SQLite file and the emulator's certificate and seeded state; restarts " +
          'find them. Each start is stopped with SIGTERM before the next.',
      ],
    };
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function timeOneStart(env: Record<string, string>): Promise<number> {
  const started = performance.now();
  const child = spawnScript('src/main.ts', env);
  try {
    return await waitForOk(`http://127.0.0.1:${env.PORT}/readyz`, started, child);
  } finally {
    await stopProcess(child);
  }
}
