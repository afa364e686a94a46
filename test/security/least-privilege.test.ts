import { APPROVALS_CHANNEL, APPROVER, factValue, REQUESTER, REQUESTER_CHAT } from '../../src/local-teams/journey';
import { allTexts, cardOf, cardTitle } from '../../src/local-teams/local-connector';
import { expectCardAnswer } from '../support/card-answer';
import { startTestApp, type TestApp } from '../support/test-app';

const OWNER = '8e3af657-a8ff-443c-a75c-2fe8c4bcb635';
const SUBSCRIPTION = '/subscriptions/6b1c3f9e-2d4a-4e8b-9c7f-1a2b3c4d5e6f';
const MALLORY = 'e5555555-5555-4555-8555-555555555555';
const forgedGrant = {
  roleDefinitionId: `${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/${OWNER}`,
  scope: SUBSCRIPTION,
  principalId: MALLORY,
  members: [{ principalId: MALLORY, serviceRole: 'owner', workspaceRole: 'owner', scope: SUBSCRIPTION }],
};

/** Card data is trusted for nothing but the request id; roles come from the stored, approved request. */
describe('a forged card action asking for Owner on the subscription', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    await t.client.message(APPROVER, APPROVALS_CHANNEL, 'approvals here');
  });
  afterAll(async () => t.stop());

  const roleAssignments = () => t.app.emulator!.requestLog().filter((e) => e.method === 'PUT' && /roleAssignments/.test(e.path));

  it('is refused on the form when it names a role outside the nine', async () => {
    const form = { workspaceDisplayName: 'Sneaky', workspaceName: 'sneaky', gatewayMode: 'existing', existingGateway: 'gw-shared-eastus', member1People: MALLORY, member1ServiceRole: 'owner', member1WorkspaceRole: 'workspace_contributor', ...forgedGrant };
    const card = expectCardAnswer(await t.client.invoke(REQUESTER, REQUESTER_CHAT, 'forged-form', 'submitRequest', form));

    expect(cardTitle(card)).toBe('Request an API Management workspace');
    expect(allTexts(card).join('\n')).toMatch(/service-scoped role/i);
    expect(await t.app.store.listRequests({})).toHaveLength(0);
  });

  it('is refused and audited when someone who is not an approver sends it as an approval', async () => {
    const form = { workspaceDisplayName: 'Honest', workspaceName: 'honest', gatewayMode: 'existing', existingGateway: 'gw-shared-eastus' };
    const requestId = factValue(expectCardAnswer(await t.client.invoke(REQUESTER, REQUESTER_CHAT, 'honest-form', 'submitRequest', form)), 'Request');

    const card = expectCardAnswer(await t.client.invoke(REQUESTER, APPROVALS_CHANNEL, 'approval-card', 'approve', { requestId, version: 1, ...forgedGrant }));
    expect(allTexts(card).join('\n')).toMatch(/someone else has to approve it|Only the configured platform approvers/);

    const audit = await t.app.store.listAudit(requestId);
    expect(audit.some((e) => e.action === 'approve' && !e.accepted && e.actor.id === REQUESTER.aadObjectId)).toBe(true);
    expect((await t.app.store.getRequest(requestId))?.state).toBe('pending_approval');
  });

  it('changes nothing that is granted when an approver approves with the forged data attached', async () => {
    const pending = await t.app.store.listRequests({ states: ['pending_approval'] });
    const requestId = pending[0].id;
    expectCardAnswer(await t.client.invoke(APPROVER, APPROVALS_CHANNEL, 'approval-card', 'approve', { requestId, version: pending[0].version, ...forgedGrant }));

    await t.connector.waitFor((c) => c.conversationId === REQUESTER_CHAT.id && c.kind !== 'update' && factValue(cardOf(c.activity), 'Request') === requestId && /is ready/.test(cardTitle(cardOf(c.activity))));
    const assignments = roleAssignments();
    expect(assignments.filter((e) => e.path.startsWith(`${SUBSCRIPTION}/providers/`))).toHaveLength(0);
    expect(assignments).toHaveLength(0);
  });

  it('shows a request looked up by id only to its requester and the approvers', async () => {
    const [request] = await t.app.store.listRequests({});
    const asked = t.connector.calls.length;
    await t.client.message({ id: '29:mallory', aadObjectId: MALLORY, name: 'Mallory' }, { id: 'a:personal-mallory', conversationType: 'personal' }, `status ${request.id}`);
    await t.client.message(REQUESTER, REQUESTER_CHAT, `status ${request.id}`);

    const replies = t.connector.calls.slice(asked).filter((c) => c.kind === 'reply');
    const toMallory = cardOf(replies.find((c) => c.conversationId === 'a:personal-mallory')?.activity ?? {});
    const toRequester = cardOf(replies.find((c) => c.conversationId === REQUESTER_CHAT.id)?.activity ?? {});
    expect(allTexts(toMallory).join('\n')).toMatch(/Only the requester and the platform approvers/);
    expect(factValue(toMallory, 'Request')).toBe('');
    expect(factValue(toRequester, 'Request')).toBe(request.id);
  });
});
