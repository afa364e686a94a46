import { factValue, REQUESTER, REQUESTER_CHAT } from '../../src/local-teams/journey';
import { allTexts } from '../../src/local-teams/local-connector';
import { expectCardAnswer } from '../support/card-answer';
import { startTestApp, type TestApp } from '../support/test-app';

/** A name another open request has claimed is not in Azure yet, but it is taken all the same. */
describe('names claimed by requests still open', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.stop());

  const form = (workspaceName: string, gatewayName: string) => ({
    workspaceDisplayName: 'Ledger',
    workspaceName,
    gatewayMode: 'new',
    gatewayName,
    gatewayUnits: '1',
    networkMode: 'public',
  });

  it('refuses a second request for a workspace or gateway name an open request asked for, keeping the values', async () => {
    const first = expectCardAnswer(await t.client.invoke(REQUESTER, REQUESTER_CHAT, 'card-a', 'submitRequest', form('ledger', 'gw-ledger')));
    const firstId = factValue(first, 'Request');
    expect(firstId).toMatch(/^WR-/);

    const second = expectCardAnswer(await t.client.invoke(REQUESTER, REQUESTER_CHAT, 'card-b', 'submitRequest', form('Ledger', 'GW-LEDGER')));
    const texts = allTexts(second).join('\n');
    expect(texts).toContain(`Request ${firstId} already asks for a workspace named "Ledger".`);
    expect(texts).toContain(`Request ${firstId} already asks for a gateway named "GW-LEDGER".`);
    expect(JSON.stringify(second)).toContain('"value":"GW-LEDGER"');
    expect(await t.app.store.listRequests({})).toHaveLength(1);
  });

  it('accepts the name again once the open request is cancelled', async () => {
    const [open] = await t.app.store.listRequests({ states: ['pending_approval'] });
    await t.client.message(REQUESTER, REQUESTER_CHAT, `cancel ${open.id}`);
    const again = expectCardAnswer(await t.client.invoke(REQUESTER, REQUESTER_CHAT, 'card-c', 'submitRequest', form('ledger', 'gw-ledger')));
    expect(factValue(again, 'Request')).toMatch(/^WR-/);
  });
});
