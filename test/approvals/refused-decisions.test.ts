import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { actionsOf } from '../../src/local-teams/local-connector';
import { BOT, TENANT_ID } from '../../src/local-teams/teams-client';
import { expectCardAnswer } from '../support/card-answer';
import { startTestApp, type TestApp } from '../support/test-app';
import { APPROVALS_CHANNEL, APPROVER, BYSTANDER, history, press, REQUESTER, stateOf, submit, textOf, workspacePuts } from './approvals-fixture';

describe('decisions the bot refuses', () => {
  let t: TestApp;
  let requestId = '';
  let workspaceName = '';

  beforeAll(async () => {
    t = await startTestApp();
    const submitted = await submit(t);
    requestId = submitted.requestId;
    workspaceName = submitted.form.workspaceName;
  });
  afterAll(async () => t.stop());

  /** The request is untouched: still waiting, nothing created in Azure. */
  function expectNothingChanged(card: Record<string, unknown>) {
    expect(stateOf(card)).toBe('Waiting for approval');
    expect(actionsOf(card).map((a) => a.verb)).not.toContain('approve');
    expect(workspacePuts(t, workspaceName)).toBe(0);
  }

  it('refuses someone who is not an approver, says why, and records the attempt', async () => {
    const card = await press(t, BYSTANDER, 'approve', { requestId, version: 1 });

    expect(textOf(card)).toMatch(/Only the configured platform approvers can decide/);
    expectNothingChanged(card);
    expect(await history(t, requestId)).toContainEqual(expect.stringMatching(/Eve Bystander tried: approved, refused \(not an approver\)/));
  });

  it('refuses the requester approving their own request', async () => {
    const card = await press(t, REQUESTER, 'approve', { requestId, version: 1 });

    expect(textOf(card)).toMatch(/Only the configured platform approvers/);
    expectNothingChanged(card);
    expect(await history(t, requestId)).toContainEqual(expect.stringMatching(/Ada Lovelace tried: approved, refused/));
  });

  it('refuses an approver deciding on a request they made themselves', async () => {
    const own = await submit(t, undefined, APPROVER, { id: 'a:personal-bo', conversationType: 'personal' });
    expect(actionsOf(own.card).map((a) => a.verb)).not.toContain('approve');

    const card = await press(t, APPROVER, 'approve', { requestId: own.requestId, version: 1 });

    expect(textOf(card)).toMatch(/You asked for this workspace, so someone else has to approve it/);
    expect(stateOf(card)).toBe('Waiting for approval');
    expect(await history(t, own.requestId, APPROVER, { id: 'a:personal-bo', conversationType: 'personal' })).toContainEqual(
      expect.stringMatching(/Bo Platform tried: approved, refused \(own request\)/),
    );
  });

  it('refuses an action that carries no Entra identity', async () => {
    const answer = await t.client.sendInvoke({
      type: 'invoke',
      name: 'adaptiveCard/action',
      id: 'act-in-no-aad',
      channelId: 'msteams',
      serviceUrl: t.connector.url,
      from: { id: '29:someone', name: 'Someone Anonymous' },
      recipient: BOT,
      conversation: { id: APPROVALS_CHANNEL.id, conversationType: 'channel', tenantId: TENANT_ID, isGroup: true },
      channelData: { tenant: { id: TENANT_ID } },
      replyToId: 'approval-card',
      value: { action: { type: 'Action.Execute', verb: 'approve', data: { requestId, version: 1 } }, trigger: 'manual' },
    });
    const card = expectCardAnswer(answer);

    expect(textOf(card)).toMatch(/Microsoft Entra identity was not sent/);
    expectNothingChanged(card);
    expect(await history(t, requestId)).toContainEqual(expect.stringMatching(/Someone Anonymous tried: approved, refused \(no Entra identity sent\)/));
  });

  it('refuses a rejection without a reason and keeps the card as it was', async () => {
    const card = await press(t, APPROVER, 'reject', { requestId, version: 1, reason: '   ' });

    expect(textOf(card)).toMatch(/Give a reason for the rejection/);
    expect(stateOf(card)).toBe('Waiting for approval');
    expect(actionsOf(card).map((a) => a.verb)).toEqual(expect.arrayContaining(['approve', 'reject', 'requestChanges']));
  });
});

describe('an empty approval policy', () => {
  let t: TestApp;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apim-policy-'));

  beforeAll(async () => {
    const file = path.join(dir, 'approval-policy.json');
    fs.writeFileSync(file, JSON.stringify({ approvers: { users: [], groups: [] } }));
    t = await startTestApp({ APPROVAL_POLICY_FILE: file });
  });
  afterAll(async () => {
    await t.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('says loudly at start that nobody can approve', () => {
    const errors = t.logs.filter((line) => line.level === 50 && String(line.msg).includes('nobody can approve'));
    expect(errors).toHaveLength(1);
    expect(errors[0].file).toMatch(/approval-policy\.json$/);
  });

  it('lets not even a seeded approver decide, and records the attempt', async () => {
    const { requestId, form } = await submit(t);

    const card = await press(t, APPROVER, 'approve', { requestId, version: 1 });

    expect(textOf(card)).toMatch(/No approvers are configured/);
    expect(stateOf(card)).toBe('Waiting for approval');
    expect(workspacePuts(t, form.workspaceName)).toBe(0);
    expect(await history(t, requestId)).toHaveLength(2);
  });
});
