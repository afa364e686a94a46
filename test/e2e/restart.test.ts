import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startBotProcess, type BotProcess } from '../../src/local-teams/bot-process';
import { readEmulatorLog } from '../../src/local-teams/emulator-log';
import { factValue, playJourney, REQUESTER_CHAT } from '../../src/local-teams/journey';
import { cardOf, cardTitle, LocalConnector } from '../../src/local-teams/local-connector';
import { TeamsClient } from '../../src/local-teams/teams-client';
import { freePort } from '../support/ports';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

describe('a bot process killed while the gateway is being created', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'apim-bot-restart-'));
  const connector = new LocalConnector();
  let env: Record<string, string>;
  let bot: BotProcess;
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
    env = {
      ...database.env, PORT: String(await freePort()), ARM_EMULATOR_PORT: String(await freePort()), DATA_DIR: dataDir, EMULATOR_GATEWAY_SECONDS: '4', POLL_INTERVAL_SECONDS: '0.3', LOG_LEVEL: 'warn', JOB_LEASE_SECONDS: '5' };
    await connector.start();
    bot = await startBotProcess(env);
  });
  afterAll(async () => {
    await bot.stop();
    await connector.stop();
    await database.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('resumes after a restart and completes with a single gateway create', async () => {
    const gatewayPuts = async (gatewayName: string) =>
      ((await readEmulatorLog(dataDir, env.ARM_EMULATOR_PORT)) ?? []).filter((e) => e.method === 'PUT' && e.path.endsWith(`/gateways/${gatewayName}`));
    let gatewayName = '';

    const result = await playJourney({
      client: new TeamsClient(bot.url, connector.url),
      connector,
      say: () => undefined,
      timeoutMs: 40_000,
      afterApproval: async (requestId) => {
        gatewayName = await waitForGatewayPut(requestId);
        await bot.stop('SIGKILL');
        bot = await startBotProcess(env);
      },
    });

    expect(await gatewayPuts(result.gatewayName)).toHaveLength(1);
    const notices = connector.calls.filter((c) => c.kind !== 'update' && c.conversationId === REQUESTER_CHAT.id && factValue(cardOf(c.activity), 'Request') === result.requestId && cardTitle(cardOf(c.activity)) === 'Workspace Payments is ready');
    expect(notices).toHaveLength(1);
    expect(gatewayName).toBe(result.gatewayName);

    async function waitForGatewayPut(requestId: string): Promise<string> {
      const deadline = Date.now() + 15_000;
      while (Date.now() < deadline) {
        const log = (await readEmulatorLog(dataDir, env.ARM_EMULATOR_PORT)) ?? [];
        const put = log.find((e) => e.method === 'PUT' && /\/gateways\/gw-payments-[0-9a-f]+$/.test(e.path));
        if (put) return put.path.split('/').pop() ?? '';
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`No gateway PUT for ${requestId} was seen in the emulator log`);
    }
  });
});
