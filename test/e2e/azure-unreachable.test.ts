import { REQUESTER, REQUESTER_CHAT } from '../../src/local-teams/journey';
import { allTexts, cardTitle } from '../../src/local-teams/local-connector';
import { expectCardAnswer } from '../support/card-answer';
import { startTestApp, type TestApp } from '../support/test-app';

/** When Azure cannot be asked, a submitted form comes back as typed, saying why; nothing is saved. */
describe('submitting while Azure Resource Manager does not answer', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.stop());

  it('gives the form back with the values kept and nothing saved', async () => {
    t.app.emulator!.faults.injectResponse({ method: 'GET', path: '.', status: 503, count: 500 });
    const form = { workspaceDisplayName: 'Billing v2', workspaceName: 'billing-v2', workspaceDescription: 'Invoices', gatewayMode: 'existing', existingGateway: 'gw-shared-eastus' };

    const card = expectCardAnswer(await t.client.invoke(REQUESTER, REQUESTER_CHAT, 'form-1', 'submitRequest', form));
    t.app.emulator!.faults.reset();

    expect(cardTitle(card)).toBe('Request an API Management workspace');
    expect(allTexts(card).join('\n')).toMatch(/Azure could not be reached to check this request, so nothing was saved/);
    const json = JSON.stringify(card);
    for (const value of ['Billing v2', 'billing-v2', 'Invoices', 'gw-shared-eastus']) expect(json).toContain(`"value":"${value}"`);
    expect(await t.app.store.listRequests({})).toHaveLength(0);
  });
});
