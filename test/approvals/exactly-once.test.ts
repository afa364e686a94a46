import { setTimeout as sleep } from 'node:timers/promises';
import { cardOf, cardTitle } from '../../src/local-teams/local-connector';
import { expectCardAnswer } from '../support/card-answer';
import { startTestApp, type TestApp } from '../support/test-app';
import {
  APPROVALS_CHANNEL,
  APPROVER,
  history,
  REQUESTER_CHAT,
  SECOND_APPROVER,
  stateOf,
  submit,
  textOf,
  workspacePuts,
} from './approvals-fixture';

/** Each click or delivery gets one card; exactly one of them may say the decision was taken. */
describe('exactly-once decisions', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.stop());

  /** Waits until provisioning has finished, so every PUT it would ever send is in the log. */
  async function provisioned(requestId: string) {
    await t.connector.waitFor((c) => c.conversationId.startsWith(REQUESTER_CHAT.id) && textOf(cardOf(c.activity)).includes(requestId) && /is ready|failed/.test(cardTitle(cardOf(c.activity))), 30_000, 'the end of provisioning');
  }

  function decisionsIn(lines: string[]): string[] {
    return lines.filter((line) => /(approved|rejected), Waiting for approval \u2192/.test(line));
  }

  it('takes the same invoke delivered twice as one approval', async () => {
    const { requestId, form } = await submit(t);
    const invoke = () => t.client.invoke(APPROVER, APPROVALS_CHANNEL, 'approval-card', 'approve', { requestId, version: 1 });

    const first = expectCardAnswer(await invoke());
    const second = expectCardAnswer(await invoke());

    expect(textOf(first)).toMatch(/You approved this request/);
    expect(textOf(second)).toMatch(/You already decided on this request: it is approved/);
    expect(stateOf(second)).not.toBe('Waiting for approval');
    await provisioned(requestId);
    expect(workspacePuts(t, form.workspaceName)).toBe(1);
    expect(decisionsIn(await history(t, requestId))).toHaveLength(1);
  });

  it('takes two approvals 50 ms apart as one decision', async () => {
    const { requestId, form } = await submit(t);

    const answers = await Promise.all([
      t.client.invoke(APPROVER, APPROVALS_CHANNEL, 'approval-card', 'approve', { requestId, version: 1 }),
      sleep(50).then(() => t.client.invoke(SECOND_APPROVER, APPROVALS_CHANNEL, 'approval-card', 'approve', { requestId, version: 1 })),
    ]);
    const cards = answers.map(expectCardAnswer);

    expect(cards.filter((card) => /You approved this request/.test(textOf(card)))).toHaveLength(1);
    expect(cards.filter((card) => /already decided by (Bo|Dee) Platform: it is approved/.test(textOf(card)))).toHaveLength(1);
    await provisioned(requestId);
    expect(workspacePuts(t, form.workspaceName)).toBe(1);
    expect(decisionsIn(await history(t, requestId))).toHaveLength(1);
  });

  it('lets one of an approve and a reject sent together win, and tells the other who decided', async () => {
    const { requestId, form } = await submit(t);

    const answers = await Promise.all([
      t.client.invoke(APPROVER, APPROVALS_CHANNEL, 'approval-card', 'approve', { requestId, version: 1 }),
      t.client.invoke(SECOND_APPROVER, APPROVALS_CHANNEL, 'approval-card', 'reject', { requestId, version: 1, reason: 'Use the shared gateway in West Europe' }),
    ]);
    const cards = answers.map(expectCardAnswer);

    const winners = cards.filter((card) => /You (approved|rejected) this request/.test(textOf(card)));
    const losers = cards.filter((card) => /This request was already decided by/.test(textOf(card)));
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(1);
    const approved = /approved/.test(textOf(winners[0]).match(/You (approved|rejected)/)?.[0] ?? '');
    if (approved) await provisioned(requestId);
    expect(workspacePuts(t, form.workspaceName)).toBe(approved ? 1 : 0);

    const lines = await history(t, requestId);
    expect(decisionsIn(lines)).toHaveLength(1);
    expect(lines.filter((line) => /refused \(already decided\)/.test(line))).toHaveLength(1);
  });
});
