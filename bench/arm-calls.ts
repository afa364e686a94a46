import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startApp } from '../src/app';
import { loadConfig } from '../src/config';
import { startEmulator, type RequestLogEntry } from '../src/emulator';
import { APPROVALS_CHANNEL, APPROVER, factValue, REQUESTER, REQUESTER_CHAT } from '../src/local-teams/journey';
import { cardOf, cardTitle, LocalConnector, type ConnectorCall } from '../src/local-teams/local-connector';
import { TeamsClient } from '../src/local-teams/teams-client';
import { approveOnCard } from './approve';
import { quietLogger } from './quiet-logger';
import type { Section } from './report';
import { newGatewayForm } from './request-forms';
import { WarpClock } from './warp-clock';

const HOUR = 3_600_000;
const GATEWAY_MS = 3 * HOUR;
const STEP_MS = 5_000;
const GOAL = 40;

/**
 * Every ARM call one request costs, with gateway creation taking three hours: the real app and
 * the emulator on one clock that this function moves in 5-second steps, running due jobs at each.
 */
export async function measureArmCalls(): Promise<Section> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'apim-bot-bench-arm-'));
  const clock = new WarpClock(0);
  const emulator = await startEmulator({
    dataDir: path.join(dataDir, 'arm-emulator'),
    clock: { now: () => clock.epochMs() },
    gatewayProvisioningMs: GATEWAY_MS,
  });
  const config = loadConfig({ PORT: '0', DATA_DIR: dataDir, POLL_INTERVAL_SECONDS: '60', LOG_LEVEL: 'warn' });
  const { log } = quietLogger();
  const app = await startApp(config, log, { clock, emulator });
  await app.runner.stop();
  const connector = new LocalConnector();
  await connector.start();

  try {
    const client = new TeamsClient(app.url, connector.url);
    const runDue = async () => {
      while ((await app.runner.runDue()) > 0);
    };
    await client.message(APPROVER, APPROVALS_CHANNEL, 'approvals here');

    const beforeForm = emulator.requestLog().length;
    await client.message(REQUESTER, REQUESTER_CHAT, 'I need a workspace for the payments team');
    const form = connector.calls[connector.calls.length - 1];
    const beforeSubmit = emulator.requestLog().length;
    const answer = await client.invoke(REQUESTER, REQUESTER_CHAT, form.activityId, 'submitRequest', newGatewayForm('bench'));
    const requestId = factValue(answer.body?.value, 'Request');
    if (!requestId) throw new Error(`Not accepted: ${JSON.stringify(answer.body).slice(0, 500)}`);
    const afterSubmit = emulator.requestLog().length;

    await runDue();
    const about = (c: ConnectorCall) => factValue(cardOf(c.activity), 'Request') === requestId;
    const inApprovals = (c: ConnectorCall) => c.conversationId === APPROVALS_CHANNEL.id && about(c);
    const approval = await connector.waitFor(inApprovals, 5000, 'the approval card');
    const approvedAt = clock.epochMs();
    const beforeApproval = emulator.requestLog().length;
    await approveOnCard(client, requestId, approval.activityId);

    const isNotice = (c: ConnectorCall) => c.kind !== 'update' && /is ready/.test(cardTitle(cardOf(c.activity)));
    const isReady = () => connector.calls.some((c) => c.conversationId === REQUESTER_CHAT.id && about(c) && isNotice(c));
    while (!isReady() && clock.epochMs() - approvedAt < 2 * GATEWAY_MS) {
      await runDue();
      clock.advance(STEP_MS);
    }
    if (!isReady()) throw new Error(`${requestId} did not complete within ${(2 * GATEWAY_MS) / HOUR} h of clock time`);

    const log = emulator.requestLog();
    const provisioning = log.slice(beforeApproval);
    const hours = (clock.epochMs() - approvedAt) / HOUR;
    return section(provisioning, afterSubmit - beforeSubmit, beforeSubmit - beforeForm, hours);
  } finally {
    await app.stop();
    await connector.stop();
    await emulator.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

function section(calls: ReadonlyArray<RequestLogEntry>, submitReads: number, formReads: number, hours: number): Section {
  const byOperation = new Map<string, number>();
  for (const { method, operation } of calls) {
    byOperation.set(`${method} ${operation}`, (byOperation.get(`${method} ${operation}`) ?? 0) + 1);
  }
  const rows = [...byOperation].sort((a, b) => b[1] - a[1]).map(([operation, count]) => [operation, String(count)]);
  const failed = calls.filter((c) => c.status >= 400).length;

  return {
    title: 'ARM calls per completed provisioning (gateway creation takes 3 hours)',
    measures: [
      {
        name: 'ARM calls from the approval to the completion notice',
        value: String(calls.length),
        goal: `<= ${GOAL}`,
        met: calls.length <= GOAL,
      },
      { name: 'of which answered with an error', value: String(failed) },
      { name: 'ARM reads to show the form / to validate the submitted form', value: `${formReads} / ${submitReads}` },
      { name: 'clock time from approval to completion', value: `${hours.toFixed(2)} h` },
    ],
    table: [['operation (emulator request log)', 'calls'], ...rows],
    notes: [
      'One request for a new gateway with one member group and one gateway manager, typed into the form card and ' +
        'approved on the approval card over HTTP; the emulator takes 3 hours to create the gateway.',
      'The app runs in this process on a clock shared with the emulator; the benchmark moves it in 5-second steps ' +
        'and runs the due jobs at each step, so every wait the bot chooses is kept (rounded up to the step).',
      'POLL_INTERVAL_SECONDS=60, the default against Azure (the emulator default of 2 s is for demos); the emulator ' +
        "sends Retry-After: 1, so the bot's own schedule decides. Counted from the emulator's request log: every " +
        'call it received, polls included.',
      'The form and submit reads are counted apart: they happen before approval, whatever provisioning costs.',
    ],
  };
}
