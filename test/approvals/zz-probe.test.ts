import { REQUESTER, REQUESTER_CHAT } from '../../src/local-teams/journey';
import { startTestApp } from '../support/test-app';
it('probe', async () => {
  const t = await startTestApp();
  try {
    const form = { workspaceDisplayName: 'Fraud checks', workspaceName: `fraud-${Date.now()}`, gatewayMode: 'existing', existingGateway: 'gw-shared-eastus' };
    const answer = await t.client.invoke(REQUESTER, REQUESTER_CHAT, 'form-card', 'submitRequest', form);
    console.log(JSON.stringify(answer.body?.value).slice(0, 6000));
  } finally { await t.stop(); }
});
