import { actionsOf } from '../../src/local-teams/local-connector';
import { startTestApp, type TestApp } from '../support/test-app';
import { APPROVER, history, press, SECOND_APPROVER, stateOf, submit, textOf, workspacePuts } from './approvals-fixture';

describe('a policy that needs two approvals', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ APPROVALS_REQUIRED: '2' });
  });
  afterAll(async () => t.stop());

  it('counts the first approval, shows 1 of 2, and creates nothing yet', async () => {
    const { requestId, form } = await submit(t);

    const card = await press(t, APPROVER, 'approve', { requestId, version: 1 });

    expect(textOf(card)).toMatch(/Your approval is counted/);
    expect(textOf(card)).toMatch(/1 of 2 approvals: approved by Bo Platform/);
    expect(stateOf(card)).toBe('Waiting for approval');
    expect(workspacePuts(t, form.workspaceName)).toBe(0);
  });

  it('counts the same approver once, however often they press Approve', async () => {
    const { requestId } = await submit(t);
    await press(t, APPROVER, 'approve', { requestId, version: 1 });

    const again = await press(t, APPROVER, 'approve', { requestId, version: 1 });
    const concurrent = await Promise.all([1, 2].map(() => press(t, APPROVER, 'approve', { requestId, version: 1 })));

    for (const card of [again, ...concurrent]) {
      expect(textOf(card)).toMatch(/Your approval is already counted \(1 of 2\)/);
      expect(stateOf(card)).toBe('Waiting for approval');
      expect(actionsOf(card).map((a) => a.verb)).toContain('approve');
    }
    expect((await history(t, requestId)).filter((line) => /refused \(already counted\)/.test(line))).toHaveLength(3);
  });

  it('is approved when a second, different approver approves', async () => {
    const { requestId } = await submit(t);
    await press(t, APPROVER, 'approve', { requestId, version: 1 });

    const card = await press(t, SECOND_APPROVER, 'approve', { requestId, version: 1 });

    expect(textOf(card)).toMatch(/You approved this request/);
    expect(stateOf(card)).not.toBe('Waiting for approval');
    const lines = await history(t, requestId);
    expect(lines).toContainEqual(expect.stringMatching(/Bo Platform approved: "1 of 2 approvals"/));
    expect(lines).toContainEqual(expect.stringMatching(/Dee Platform approved, Waiting for approval \u2192 Approved/));
  });

  it('completes once when the two approvers approve at the same moment', async () => {
    const { requestId, form } = await submit(t);

    const cards = await Promise.all([APPROVER, SECOND_APPROVER].map((who) => press(t, who, 'approve', { requestId, version: 1 })));

    // The one whose approval landed first may answer before the other finishes: it shows 1 of 2.
    expect(cards.some((card) => stateOf(card) !== 'Waiting for approval')).toBe(true);
    const lines = await history(t, requestId);
    expect(lines.filter((line) => /Waiting for approval \u2192 Approved/.test(line))).toHaveLength(1);
    // Both approvals are on record, whichever of them completed the request.
    for (const name of ['Bo', 'Dee']) expect(lines).toContainEqual(expect.stringMatching(new RegExp(`${name} Platform approved[,:]`)));
    await t.connector.waitFor(() => workspacePuts(t, form.workspaceName) > 0, 20_000, 'the workspace to be created');
    expect(workspacePuts(t, form.workspaceName)).toBe(1);
  });
});
