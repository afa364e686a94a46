import { APPROVALS_CHANNEL, APPROVER, factValue, REQUESTER, REQUESTER_CHAT } from '../../src/local-teams/journey';
import { actionsOf, allTexts, cardOf } from '../../src/local-teams/local-connector';
import type { TeamsUser } from '../../src/local-teams/teams-client';
import { ANNOUNCEMENTS_CHANNEL, HOUR, MINUTE, paymentsSpec, World } from './world';

const BYSTANDER: TeamsUser = { id: '29:eve', aadObjectId: 'f6666666-6666-4666-8666-666666666666', name: 'Eve Bystander' };

describe('a failed provisioning, recovered by approvers', () => {
  let world: World;
  let spec: ReturnType<typeof paymentsSpec>;
  let requestId: string;
  let approvalCard: string;

  beforeEach(async () => {
    world = await World.start({ gatewayMs: 20 * MINUTE });
    await world.meetEveryone();
    spec = paymentsSpec();
    world.emulator.faults.failOperation({ method: 'PUT', path: `/gateways/${spec.gateway.name}$`, code: 'GatewayActivationFailed', message: 'The gateway could not be activated.' });
    requestId = (await world.approvedRequest(spec)).id;
    expect((await world.runUntilState(requestId, ['failed', 'succeeded'], HOUR)).state).toBe('failed');
    approvalCard = world.connector.calls.find((c) => c.conversationId === APPROVALS_CHANNEL.id && factValue(cardOf(c.activity), 'Request') === requestId)!.activityId;
  });
  afterEach(async () => world.stop());

  const press = (who: TeamsUser, verb: string) => world.client.invoke(who, APPROVALS_CHANNEL, approvalCard, verb, { requestId });
  const verbs = (answer: Awaited<ReturnType<typeof press>>) => actionsOf(answer.body?.value).map((a) => a.verb);
  const puts = (pattern: RegExp) => world.armCalls().filter((e) => e.method === 'PUT' && pattern.test(e.path));

  it('offers Retry and Abandon to approvers only, and says what exists in Azure', async () => {
    const forApprover = await world.client.invoke(APPROVER, APPROVALS_CHANNEL, approvalCard, 'refresh', { requestId }, 'automatic');
    expect(verbs(forApprover)).toEqual(expect.arrayContaining(['retryProvisioning', 'abandonRequest']));
    const text = allTexts(forApprover.body?.value).join('\n');
    expect(text).toMatch(/Nothing is deleted automatically\. In Azure now: workspace payments-\w+; gateway gw-payments-\w+, possibly, in a failed state\./);

    const forRequester = await world.client.invoke(REQUESTER, REQUESTER_CHAT, 'status-card', 'refresh', { requestId }, 'automatic');
    expect(verbs(forRequester)).not.toContain('retryProvisioning');
    expect(verbs(forRequester)).not.toContain('abandonRequest');
  });

  it('refuses Retry from someone who is not an approver, and audits it', async () => {
    const answer = await press(BYSTANDER, 'retryProvisioning');

    expect(allTexts(answer.body?.value).join('\n')).toMatch(/Only the configured platform approvers can retry or abandon/);
    expect((await world.request(requestId)).state).toBe('failed');
    expect(await world.store.listAudit(requestId)).toContainEqual(expect.objectContaining({ action: 'retry', accepted: false, actor: { id: BYSTANDER.aadObjectId, name: BYSTANDER.name } }));
  });

  it('retries from the failed step: the workspace is not made again, the gateway is', async () => {
    const answer = await press(APPROVER, 'retryProvisioning');
    expect(allTexts(answer.body?.value).join('\n')).toMatch(/starts again from the step that failed/);

    expect((await world.runUntilState(requestId, ['failed', 'succeeded'], HOUR)).state).toBe('succeeded');
    expect(puts(new RegExp(`/workspaces/${spec.workspace.name}$`))).toHaveLength(1);
    expect(puts(new RegExp(`/gateways/${spec.gateway.name}$`))).toHaveLength(2);
    for (const conversation of [REQUESTER_CHAT, APPROVALS_CHANNEL, ANNOUNCEMENTS_CHANNEL]) {
      expect(world.noticesIn(conversation, requestId, /failed/)).toHaveLength(1);
      expect(world.noticesIn(conversation, requestId, /is ready/)).toHaveLength(1);
    }
    expect(await world.store.listAudit(requestId)).toContainEqual(expect.objectContaining({ action: 'retry', accepted: true, fromState: 'failed', toState: 'provisioning' }));
  });

  it('abandons the request without deleting anything in Azure', async () => {
    const answer = await press(APPROVER, 'abandonRequest');

    expect((await world.request(requestId)).state).toBe('cancelled');
    const text = allTexts(answer.body?.value).join('\n');
    expect(text).toMatch(/Nothing in Azure was deleted/);
    expect(text).toMatch(/\u2714 Workspace: done/);
    world.clock.advance(HOUR);
    await world.runDue();
    expect(world.armCalls().filter((e) => e.method === 'DELETE')).toHaveLength(0);
    expect(await press(APPROVER, 'retryProvisioning').then((a) => allTexts(a.body?.value).join('\n'))).toMatch(/nothing to retry/);
  });
});
