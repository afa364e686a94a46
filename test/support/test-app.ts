import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { startApp, type AppOptions, type RunningApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { LocalConnector } from '../../src/local-teams/local-connector';
import { TeamsClient } from '../../src/local-teams/teams-client';
import { createLogger } from '../../src/logging';
import { freePort } from './ports';
import { createTestDatabase } from './test-database';

export interface TestApp {
  app: RunningApp;
  connector: LocalConnector;
  client: TeamsClient;
  dataDir: string;
  /** Every log line the app wrote, parsed. */
  logs: Record<string, unknown>[];
  /** `DATABASE_URL` when the test runs on PostgreSQL, for tools that open the same store. */
  databaseEnv: Record<string, string>;
  stop(): Promise<void>;
}

/** The real app in this process: real HTTP, SQLite, the ARM emulator over HTTPS, a local connector. */
export async function startTestApp(env: Record<string, string> = {}, options: AppOptions = {}): Promise<TestApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'apim-bot-test-'));
  const database = await createTestDatabase();
  const config = loadConfig({
    ...database.env,
    PORT: '0',
    ARM_EMULATOR_PORT: String(await freePort()),
    DATA_DIR: dataDir,
    EMULATOR_GATEWAY_SECONDS: '1',
    POLL_INTERVAL_SECONDS: '0.2',
    LOG_LEVEL: 'debug',
    ...env,
  });
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) logs.push(JSON.parse(line));
      done();
    },
  });
  const app = await startApp(config, createLogger('debug', sink), options);
  const connector = new LocalConnector();
  await connector.start();
  return {
    app,
    connector,
    client: new TeamsClient(app.url, connector.url),
    dataDir,
    logs,
    databaseEnv: database.env,
    stop: async () => {
      await app.stop();
      await connector.stop();
      await database.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
