import { actionsOf, cardOf } from '../../src/local-teams/local-connector';
import { BOT, TENANT_ID } from '../../src/local-teams/teams-client';
import { validateAdaptiveCard } from '../support/adaptive-card-schema';
import { expectCardAnswer } from '../support/card-answer';
import { startTestApp, type TestApp } from '../support/test-app';
import { APPROVALS_CHANNEL, APPROVER, BYSTANDER, openApprovalsChannel, press, REQUESTER, sentAbout, stateOf, submit, textOf } from './approvals-fixture';

describe('every card action is answered with a card that shows the current state', () => {
  let t: TestApp;
  let requestId = '';

  beforeAll(async () => {
    t = await startTestApp();
    await openApprovalsChannel(t);
    requestId = (await submit(t)).requestId;
  });
  afterAll(async () => t.stop());

  function invokeWithValue(value: unknown) {
    return t.client.sendInvoke({
      type: 'invoke',
      name: 'adaptiveCard/action',
      id: 'act-in-raw',
      channelId: 'msteams',
      serviceUrl: t.connector.url,
      from: { id: BYSTANDER.id, aadObjectId: BYSTANDER.aadObjectId, name: BYSTANDER.name },
      recipient: BOT,
      conversation: { id: APPROVALS_CHANNEL.id, conversationType: 'channel', tenantId: TENANT_ID, isGroup: true },
      channelData: { tenant: { id: TENANT_ID } },
      replyToId: 'approval-card',
      value,
    });
  }

  it('posts the approval card read-only, refreshed with actions for the approvers', async () => {
    const posted = await t.connector.waitFor((c) => sentAbout(t, APPROVALS_CHANNEL, requestId).includes(c), 15_000, 'the approval card');
    const shared = cardOf(posted.activity) as Record<string, unknown> & { refresh?: { userIds?: string[]; action?: { verb?: string } } };

    expect(validateAdaptiveCard(shared)).toEqual([]);
    expect(actionsOf(shared)).toEqual([]);
    expect(shared.refresh?.action?.verb).toBe('refresh');
    expect(shared.refresh?.userIds).toEqual(expect.arrayContaining([APPROVER.aadObjectId, 'd4444444-4444-4444-8444-444444444444']));
    expect(textOf(shared)).toMatch(/What will be created/);
    expect(textOf(shared)).toMatch(/Gateway cost: none, the workspace shares gateway gw-shared-eastus/);
    expect(textOf(shared)).toMatch(/0 of 1 approvals/);
  });

  it('answers an approver\u2019s refresh with the actions and a bystander\u2019s with a read-only card', async () => {
    const approverView = await press(t, APPROVER, 'refresh', { requestId, version: 1 });
    const bystanderView = await press(t, BYSTANDER, 'refresh', { requestId, version: 1 });

    expect(validateAdaptiveCard(approverView)).toEqual([]);
    expect(actionsOf(approverView).map((a) => a.verb)).toEqual(['approve', 'requestChanges', 'reject']);
    expect(actionsOf(bystanderView)).toEqual([]);
    expect(stateOf(bystanderView)).toBe('Waiting for approval');
  });

  it.each([
    ['an unknown verb', { action: { type: 'Action.Execute', verb: 'launchMissiles', data: { requestId: '' } } }],
    ['a missing verb', { action: { type: 'Action.Execute', data: {} } }],
    ['a verb that is not text', { action: { type: 'Action.Execute', verb: 42, data: { requestId: '' } } }],
    ['no action at all', {}],
    ['no value at all', undefined],
    ['data that is not an object', { action: { type: 'Action.Execute', verb: 'approve', data: 'approve everything' } }],
    ['an approve naming no request', { action: { type: 'Action.Execute', verb: 'approve', data: { version: 1 } } }],
    ['an approve naming an unknown request', { action: { type: 'Action.Execute', verb: 'approve', data: { requestId: 'WR-ZZZZZZ', version: 1 } } }],
  ])('answers %s with a card that explains it', async (_what, value) => {
    const card = expectCardAnswer(await invokeWithValue(value));

    expect(validateAdaptiveCard(card)).toEqual([]);
    expect(textOf(card)).toMatch(/not available any more|does not name a request|There is no request|Nothing to do/);
  });

  it('answers an unknown verb on a request card with the request as it stands', async () => {
    const card = expectCardAnswer(await invokeWithValue({ action: { type: 'Action.Execute', verb: 'approveV0', data: { requestId, version: 1 } } }));

    expect(textOf(card)).toMatch(/not available any more; this is where the request stands now/);
    expect(stateOf(card)).toBe('Waiting for approval');
  });

  it('answers a decision from a stale card, or with a version that is not a number, with the current card', async () => {
    for (const version of [0, 'one', undefined]) {
      const card = await press(t, APPROVER, 'approve', { requestId, version });
      expect(textOf(card)).toMatch(/older version of the request/);
      expect(stateOf(card)).toBe('Waiting for approval');
      expect(actionsOf(card).map((a) => a.verb)).toContain('approve');
    }
  });

  it('answers clicks on a decided request with who decided, for everyone', async () => {
    await press(t, APPROVER, 'reject', { requestId, version: 1, reason: 'Not this quarter' });

    for (const who of [APPROVER, BYSTANDER, REQUESTER]) {
      const card = await press(t, who, who === APPROVER ? 'approve' : 'refresh', { requestId, version: 1 });
      expect(stateOf(card)).toBe('Rejected');
      expect(textOf(card)).toMatch(/Rejected by Bo Platform: Not this quarter/);
      expect(actionsOf(card).map((a) => a.verb)).not.toContain('approve');
    }
  });
});

describe('the refresh list on a card', () => {
  let t: TestApp;
  const many = Array.from({ length: 70 }, (_, i) => `${String(i).padStart(8, '0')}-0000-4000-8000-000000000000`);

  beforeAll(async () => {
    t = await startTestApp({ APPROVERS: [...many, 'b2222222-2222-4222-8222-222222222222'].join(',') });
  });
  afterAll(async () => t.stop());

  it('names at most 60 approvers, as Teams allows', async () => {
    const { requestId } = await submit(t);
    const card = await press(t, APPROVER, 'refresh', { requestId, version: 1 });

    expect((card.refresh as { userIds: string[] }).userIds).toHaveLength(60);
  });
});
