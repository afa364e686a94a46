/**
 * `npm run demo`: plays the whole journey against the bot's public HTTP interface, the way Teams
 * would, and prints a transcript. Starts the bot (on a throwaway data folder, with gateway
 * creation shortened to seconds) unless one already answers on PORT.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readEmulatorLog } from '../src/local-teams/emulator-log';
import { isUp, startBotProcess, type BotProcess } from '../src/local-teams/bot-process';
import { playJourney } from '../src/local-teams/journey';
import { LocalConnector } from '../src/local-teams/local-connector';
import { TeamsClient } from '../src/local-teams/teams-client';

const port = process.env.PORT ?? '3978';
const armPort = process.env.ARM_EMULATOR_PORT ?? '3979';
const say = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<number> {
  const botUrl = `http://127.0.0.1:${port}`;
  let bot: BotProcess | undefined;
  let dataDir = path.resolve(process.env.DATA_DIR ?? './data');

  if (await isUp(botUrl)) {
    say(`Using the bot already running at ${botUrl}.`);
  } else {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'apim-bot-demo-'));
    say(`Starting the bot at ${botUrl} with a throwaway data folder ${dataDir} ...`);
    bot = await startBotProcess({ PORT: port, ARM_EMULATOR_PORT: armPort, DATA_DIR: dataDir, EMULATOR_GATEWAY_SECONDS: process.env.EMULATOR_GATEWAY_SECONDS ?? '6', LOG_LEVEL: 'warn' });
  }

  const connector = new LocalConnector();
  await connector.start();
  say(`Local Bot Connector listening at ${connector.url}\n`);

  try {
    const result = await playJourney({ client: new TeamsClient(botUrl, connector.url), connector, say, timeoutMs: Number(process.env.DEMO_TIMEOUT_SECONDS ?? 180) * 1000 });
    say('');
    await printArmLog(dataDir, result.workspaceName, result.gatewayName);
    say(`\nDone: ${result.requestId} completed and the completion notice arrived.`);
    return 0;
  } catch (error) {
    say(`\nThe demo failed: ${error instanceof Error ? error.message : String(error)}`);
    if (bot) say(`\nBot output:\n${bot.output()}`);
    return 1;
  } finally {
    await connector.stop();
    await bot?.stop();
  }
}

/** What the bot sent to Azure Resource Manager for this request, from the emulator's request log. */
async function printArmLog(dataDir: string, workspaceName: string, gatewayName: string): Promise<void> {
  const entries = await readEmulatorLog(dataDir, armPort);
  if (!entries) {
    say("(The ARM emulator's request log is not readable from here: its certificate was not found.)");
    return;
  }
  const first = entries.findIndex((e) => e.method === 'PUT' && e.path.endsWith(`/workspaces/${workspaceName}`));
  const ours = (path: string) => path.includes(workspaceName) || path.includes(gatewayName) || /roleAssignments|diagnosticSettings/.test(path);
  const mine = first < 0 ? [] : entries.slice(first).filter((e) => ours(e.path));
  say(`Azure Resource Manager calls for this request (emulator request log, ${mine.length} entries):`);
  for (const e of mine) say(`  ${e.at.slice(11, 19)} ${e.method.padEnd(6)} ${e.status} ${shorten(e.path)}`);
}

/** Paths without the subscription and resource group prefix, which are the same on every line. */
function shorten(resourcePath: string): string {
  return resourcePath.replace(/^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\//, '…/');
}

main().then((code) => process.exit(code));
