import { playJourney, REQUESTER, REQUESTER_CHAT, APPROVER, APPROVALS_CHANNEL, factValue } from '../../src/local-teams/journey';
import { actionsOf, allTexts, cardOf, cardTitle } from '../../src/local-teams/local-connector';
import type { TeamsUser } from '../../src/local-teams/teams-client';
import { startTestApp, type TestApp } from '../support/test-app';

const BYSTANDER: TeamsUser = { id: '29:eve', aadObjectId: 'e5555555-5555-4555-8555-555555555555', name: 'Eve Bystander' };

describe('the whole journey over HTTP', () => {
  let t: TestApp;
  const transcript: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.stop());

  it('takes a request from chat to a ready workspace and tells both conversations', async () => {
    const result = await playJourney({ client: t.client, connector: t.connector, say: (line) => transcript.push(line), timeoutMs: 30_000 });

    expect(cardTitle(result.completion)).toBe('Workspace Payments is ready');
    expect(factValue(result.completion, 'Runtime hostname')).toMatch(/azure-api\.net$/);
    expect(actionsOf(result.completion)).toContainEqual({ title: 'Open in the Azure portal', type: 'Action.OpenUrl', verb: undefined });
    expect(allTexts(result.completion).join('\n')).toMatch(/APIs: import or create/);

    const log = t.app.emulator!.requestLog();
    const calls = (method: string, pattern: RegExp) => log.filter((e) => e.method === method && pattern.test(e.path));
    expect(calls('PUT', new RegExp(`/workspaces/${result.workspaceName}$`))).toHaveLength(1);
    expect(calls('PUT', new RegExp(`/gateways/${result.gatewayName}$`))).toHaveLength(1);
    expect(calls('PUT', new RegExp(`/gateways/${result.gatewayName}/configConnections/`))).toHaveLength(1);
    expect(calls('GET', /operationresults/).length).toBeGreaterThan(0);
  });

  it('updates the requester\'s status card in place as the request moves on', async () => {
    const isUpdate = (c: { kind: string; conversationId: string }) => c.kind === 'update' && c.conversationId === REQUESTER_CHAT.id;
    await t.connector.waitFor((c) => isUpdate(c) && cardTitle(cardOf(c.activity)) === 'Workspace Payments is ready');

    const titles = t.connector.calls.filter(isUpdate).map((c) => cardTitle(cardOf(c.activity)));
    expect(titles).toContain('Workspace Payments is being provisioned');
    expect(titles[titles.length - 1]).toBe('Workspace Payments is ready');
  });

  describe('refused decisions', () => {
    let requestId = '';
    let approvalActivityId = '';

    beforeAll(async () => {
      const form = { workspaceDisplayName: 'Fraud checks', workspaceName: `fraud-${Date.now()}`, gatewayMode: 'existing', existingGateway: 'gw-shared-eastus' };
      const answer = await t.client.invoke(REQUESTER, REQUESTER_CHAT, 'form-card', 'submitRequest', form);
      requestId = factValue(answer.body?.value, 'Request');
      const approval = await t.connector.waitFor((c) => c.conversationId === APPROVALS_CHANNEL.id && factValue(cardOf(c.activity), 'Request') === requestId);
      approvalActivityId = approval.activityId;
    });

    it('refuses an approval forged by someone who is not an approver, and says why', async () => {
      const answer = await t.client.invoke(BYSTANDER, APPROVALS_CHANNEL, approvalActivityId, 'approve', { requestId, version: 1 });
      expect(answer.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
      expect(allTexts(answer.body?.value).join('\n')).toMatch(/Only the configured platform approvers/);
      expect(factValue(answer.body?.value, 'State')).toBe('Waiting for approval');
      expect(actionsOf(answer.body?.value).map((a) => a.verb)).not.toContain('approve');
    });

    it('refuses an approver deciding on a request they made themselves', async () => {
      const form = { workspaceDisplayName: 'Platform tools', workspaceName: `tools-${Date.now()}`, gatewayMode: 'existing', existingGateway: 'gw-shared-eastus' };
      const submitted = await t.client.invoke(APPROVER, { id: 'a:personal-bo', conversationType: 'personal' }, 'form-card', 'submitRequest', form);
      const ownId = factValue(submitted.body?.value, 'Request');
      expect(actionsOf(submitted.body?.value).map((a) => a.verb)).not.toContain('approve');

      const answer = await t.client.invoke(APPROVER, APPROVALS_CHANNEL, 'whatever', 'approve', { requestId: ownId, version: 1 });
      expect(allTexts(answer.body?.value).join('\n')).toMatch(/You asked for this workspace, so someone else has to approve it/);
      expect(factValue(answer.body?.value, 'State')).toBe('Waiting for approval');
    });
  });
});
