import { actionsOf, cardOf, cardTitle } from '../../src/local-teams/local-connector';
import { ManualClock } from '../support/manual-clock';
import { startTestApp, type TestApp } from '../support/test-app';
import {
  APPROVALS_CHANNEL,
  APPROVER,
  DAY_MS,
  drainJobs,
  FALLBACK_APPROVER,
  FAY_CHAT,
  history,
  press,
  REQUESTER_CHAT,
  say,
  sentAbout,
  stateOf,
  submit,
  textOf,
  updatesOf,
} from './approvals-fixture';

const MINUTE_MS = 60_000;

/** Reminders and expiry on a clock the test moves; the job runner runs only when the test says. */
describe('approval deadlines', () => {
  let t: TestApp;
  const clock = new ManualClock();

  beforeEach(async () => {
    t = await startTestApp({ FALLBACK_APPROVERS: FALLBACK_APPROVER.aadObjectId }, { clock });
    await t.app.runner.stop();
    await say(t, APPROVER, APPROVALS_CHANNEL, 'approvals here');
    await say(t, FALLBACK_APPROVER, FAY_CHAT, 'help');
  });
  afterEach(async () => t.stop());

  const reminders = () => t.connector.calls.filter((c) => c.kind !== 'update' && /^Reminder/.test(cardTitle(cardOf(c.activity))));

  it('reminds the approvers halfway, and then lets the fallback approvers decide', async () => {
    const { requestId } = await submit(t);
    await drainJobs(t);
    const early = await press(t, FALLBACK_APPROVER, 'approve', { requestId, version: 1 });
    expect(textOf(early)).toMatch(/Only the configured platform approvers/);

    clock.advance(3 * DAY_MS);
    await drainJobs(t);
    expect(reminders()).toHaveLength(0);

    clock.advance(12 * 60 * MINUTE_MS + MINUTE_MS);
    await drainJobs(t);
    const [channel, personal] = [APPROVALS_CHANNEL, FAY_CHAT].map((conversation) => reminders().find((c) => c.conversationId.startsWith(conversation.id)));
    expect(textOf(cardOf(channel!.activity))).toMatch(new RegExp(`${requestId} .* has waited 3 d 12 h for a decision`));
    expect(actionsOf(cardOf(personal!.activity))).toEqual([{ title: `Open ${requestId}`, type: 'Action.Execute', verb: 'refresh' }]);
    expect(await history(t, requestId)).toContainEqual(expect.stringMatching(/reminded the approvers: "reminder sent; 1 fallback approver\(s\) may now decide"/));

    const opened = await press(t, FALLBACK_APPROVER, 'refresh', { requestId }, FAY_CHAT);
    expect(actionsOf(opened).map((a) => a.verb)).toContain('approve');
    const approved = await press(t, FALLBACK_APPROVER, 'approve', { requestId, version: 1 });
    expect(textOf(approved)).toMatch(/You approved this request/);
  });

  it('expires a request nobody decided on, tells the requester and updates the cards', async () => {
    const { requestId, formCardId } = await submit(t);
    await drainJobs(t);
    const approval = sentAbout(t, APPROVALS_CHANNEL, requestId)[0];

    clock.advance(7 * DAY_MS - MINUTE_MS);
    await drainJobs(t);
    expect(stateOf(await press(t, APPROVER, 'refresh', { requestId }))).toBe('Waiting for approval');

    clock.advance(2 * MINUTE_MS);
    await drainJobs(t);

    const notice = sentAbout(t, REQUESTER_CHAT, requestId).find((c) => stateOf(cardOf(c.activity)) === 'Expired');
    expect(textOf(cardOf(notice!.activity))).toMatch(/Nobody decided on this request in time, so it expired/);
    expect(updatesOf(t, approval.activityId).map((c) => stateOf(cardOf(c.activity)))).toContain('Expired');
    expect(updatesOf(t, formCardId).map((c) => stateOf(cardOf(c.activity)))).toContain('Expired');

    const late = await press(t, APPROVER, 'approve', { requestId, version: 1 });
    expect(textOf(late)).toMatch(/it is expired/);
    expect(await history(t, requestId)).toContainEqual(expect.stringMatching(/APIM workspace bot expired it, Waiting for approval \u2192 Expired/));
  });

  it('keeps no reminder or expiry for a request that was decided', async () => {
    const { requestId } = await submit(t);
    await press(t, APPROVER, 'reject', { requestId, version: 1, reason: 'Duplicate of WR-000000' });

    clock.advance(8 * DAY_MS);
    await drainJobs(t);

    expect(reminders()).toHaveLength(0);
    expect(stateOf(await press(t, APPROVER, 'refresh', { requestId }))).toBe('Rejected');
  });
});
