import { actionsOf, cardOf, type ConnectorCall } from '../../src/local-teams/local-connector';
import { startTestApp, type TestApp } from '../support/test-app';
import {
  APPROVALS_CHANNEL,
  APPROVER,
  BYSTANDER,
  history,
  openApprovalsChannel,
  press,
  REQUESTER,
  REQUESTER_CHAT,
  sentAbout,
  sharedGatewayForm,
  stateOf,
  submit,
  textOf,
  updatesOf,
} from './approvals-fixture';

/** The value of each input of a card, by id. */
function inputValues(card: Record<string, unknown> | undefined): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  const visit = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const item = node as Record<string, unknown>;
    if (typeof item.type === 'string' && item.type.startsWith('Input.') && typeof item.id === 'string') values[item.id] = item.value;
    Object.values(item).forEach(visit);
  };
  visit(card?.body);
  return values;
}

describe('sending a request back for changes', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    await openApprovalsChannel(t);
  });
  afterAll(async () => t.stop());

  it('needs a comment, and keeps what the approver typed when it is missing', async () => {
    const { requestId } = await submit(t);

    const card = await press(t, APPROVER, 'requestChanges', { requestId, version: 1, reason: '' });

    expect(textOf(card)).toMatch(/Say what should change/);
    expect(stateOf(card)).toBe('Waiting for approval');
    expect(actionsOf(card).map((a) => a.verb)).toContain('requestChanges');
  });

  it('keeps a refused rejection\u2019s reason in the box', async () => {
    const { requestId } = await submit(t);

    const card = await press(t, APPROVER, 'reject', { requestId, version: 7, reason: 'Too many units for a trial' });

    expect(textOf(card)).toMatch(/older version of the request/);
    expect(inputValues(card).reason).toBe('Too many units for a trial');
  });

  it('sends the requester the form again with their values, and takes it back for approval', async () => {
    const form = sharedGatewayForm({ workspaceDescription: 'First draft' });
    const { requestId, formCardId } = await submit(t, form);
    const approval = await t.connector.waitFor((c) => sentAbout(t, APPROVALS_CHANNEL, requestId).includes(c), 15_000, 'the approval card');

    const sentBack = await press(t, APPROVER, 'requestChanges', { requestId, version: 1, reason: 'Describe which APIs go here' }, APPROVALS_CHANNEL, approval.activityId);
    expect(textOf(sentBack)).toMatch(/You sent the request back/);
    expect(stateOf(sentBack)).toBe('Draft');

    const formMessage = await t.connector.waitFor((c) => c.kind !== 'update' && c.conversationId.startsWith(REQUESTER_CHAT.id) && actionsOf(cardOf(c.activity)).some((a) => a.verb === 'resubmitRequest'), 15_000, 'the form sent back');
    const sentForm = cardOf(formMessage.activity);
    expect(textOf(sentForm)).toMatch(/Bo Platform asked for changes: "Describe which APIs go here"/);
    expect(inputValues(sentForm)).toMatchObject({ workspaceDisplayName: form.workspaceDisplayName, workspaceName: form.workspaceName, workspaceDescription: 'First draft', existingGateway: 'gw-shared-eastus' });

    // The requester's status card and the channel's copy both say what happened.
    await t.connector.waitFor((c) => updatesOf(t, formCardId).includes(c) && /Changes requested by Bo Platform/.test(textOf(cardOf(c.activity))), 15_000, 'the status card update');
    await t.connector.waitFor((c) => updatesOf(t, approval.activityId).includes(c) && stateOf(cardOf(c.activity)) === 'Draft', 15_000, 'the channel card update');

    const resubmit = actionsOf(sentForm).find((a) => a.verb === 'resubmitRequest');
    expect(resubmit).toBeDefined();
    const values = { ...inputValues(sentForm), workspaceDescription: 'Orders, returns and refunds APIs' };
    const again = await press(t, REQUESTER, 'resubmitRequest', { ...values, requestId, version: 2 }, REQUESTER_CHAT, formMessage.activityId);
    expect(textOf(again)).toMatch(/Sent to the platform approvers again/);
    expect(stateOf(again)).toBe('Waiting for approval');
    expect(textOf(again)).toMatch(/Orders, returns and refunds APIs/);

    // A card from the first round cannot approve what was changed since.
    const stale = await press(t, APPROVER, 'approve', { requestId, version: 1 });
    expect(textOf(stale)).toMatch(/older version of the request/);
    expect(stateOf(stale)).toBe('Waiting for approval');

    const approved = await press(t, APPROVER, 'approve', { requestId, version: 3 });
    expect(textOf(approved)).toMatch(/You approved this request/);
    expect(await history(t, requestId)).toEqual(expect.arrayContaining([
      expect.stringMatching(/Bo Platform asked for changes, Waiting for approval \u2192 Draft: "Describe which APIs go here"/),
      expect.stringMatching(/Ada Lovelace submitted it, Draft \u2192 Waiting for approval/),
      expect.stringMatching(/Bo Platform tried: approved, refused \(from an outdated card\)/),
    ]));
  });

  it('shows the form again with the values kept when the resubmitted form has an error', async () => {
    const { requestId } = await submit(t);
    await press(t, APPROVER, 'requestChanges', { requestId, version: 1, reason: 'Pick a better name' });

    const card = await press(t, REQUESTER, 'resubmitRequest', { ...sharedGatewayForm({ workspaceName: 'bad*name', workspaceDescription: 'kept' }), requestId, version: 2 }, REQUESTER_CHAT);

    expect(inputValues(card)).toMatchObject({ workspaceName: 'bad*name', workspaceDescription: 'kept' });
    expect(actionsOf(card).map((a) => a.verb)).toContain('resubmitRequest');
    expect(textOf(card)).toMatch(/Leave out the characters/);
  });

  it('lets only the requester submit it again', async () => {
    const { requestId } = await submit(t);
    await press(t, APPROVER, 'requestChanges', { requestId, version: 1, reason: 'More detail' });

    const card = await press(t, BYSTANDER, 'resubmitRequest', { ...sharedGatewayForm(), requestId, version: 2 }, REQUESTER_CHAT);

    expect(textOf(card)).toMatch(/Only the person who asked for this workspace can submit it again/);
    expect(stateOf(card)).toBe('Draft');
  });
});

describe('cancelling from the status card', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    await openApprovalsChannel(t);
  });
  afterAll(async () => t.stop());

  it('offers Cancel to the requester only, and updates the channel card in place', async () => {
    const { requestId, card: status, formCardId } = await submit(t);
    expect(actionsOf(status).map((a) => a.verb)).toContain('cancelRequest');
    const approval: ConnectorCall = await t.connector.waitFor((c) => sentAbout(t, APPROVALS_CHANNEL, requestId).includes(c), 15_000, 'the approval card');
    expect(actionsOf(cardOf(approval.activity)).map((a) => a.verb)).not.toContain('cancelRequest');

    const refused = await press(t, BYSTANDER, 'cancelRequest', { requestId, version: 1 }, REQUESTER_CHAT, formCardId);
    expect(textOf(refused)).toMatch(/Only the person who asked for this workspace can cancel/);

    const cancelled = await press(t, REQUESTER, 'cancelRequest', { requestId, version: 1 }, REQUESTER_CHAT, formCardId);
    expect(textOf(cancelled)).toMatch(/You cancelled this request/);
    expect(stateOf(cancelled)).toBe('Cancelled');
    expect(actionsOf(cancelled).map((a) => a.verb)).not.toContain('cancelRequest');

    const update = await t.connector.waitFor((c) => updatesOf(t, approval.activityId).includes(c) && stateOf(cardOf(c.activity)) === 'Cancelled', 15_000, 'the channel card update');
    expect(cardOf(update.activity)?.refresh).toBeUndefined();
  });
});
