import { EMULATOR_SEED } from '../../src/emulator';
import { factValue, REQUESTER, REQUESTER_CHAT } from '../../src/local-teams/journey';
import { allTexts, cardOf } from '../../src/local-teams/local-connector';
import type { TeamsUser } from '../../src/local-teams/teams-client';
import { expectCardAnswer } from '../support/card-answer';
import { validateAdaptiveCard } from '../support/adaptive-card-schema';
import { startTestApp, type TestApp } from '../support/test-app';
import { openStore } from '../../src/store/open-store';
import { withoutTeamsExtensions } from '../cards/card-catalogue';

const COLLEAGUE: TeamsUser = { id: '29:grace', aadObjectId: 'c7777777-7777-4777-8777-777777777777', name: 'Grace Hopper' };

type Card = Record<string, unknown>;

/** Every element of a card with an id (the inputs), by id. */
function inputsOf(card: Card | undefined): Record<string, Card> {
  const inputs: Record<string, Card> = {};
  const visit = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const element = node as Card;
    if (typeof element.id === 'string' && String(element.type).startsWith('Input.')) inputs[element.id] = element;
    Object.values(element).forEach(visit);
  };
  visit(card);
  return inputs;
}

/** The error shown right under an input (the next element, in red); '' when there is none. */
function errorUnder(card: Card | undefined, inputId: string): string {
  let found = '';
  const visit = (node: unknown) => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      const at = node.findIndex((element) => (element as Card)?.id === inputId);
      const next = node[at + 1] as Card | undefined;
      if (at >= 0 && next?.type === 'TextBlock' && next.color === 'Attention') found = String(next.text);
    }
    Object.values(node).forEach(visit);
  };
  visit(card);
  return found;
}

describe('asking for a workspace in plain words, over HTTP', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.stop());

  async function ask(text: string, mentions: TeamsUser[] = []): Promise<Card | undefined> {
    const before = t.connector.calls.length;
    await t.client.message(REQUESTER, REQUESTER_CHAT, text, mentions);
    const reply = await t.connector.waitFor((c) => t.connector.calls.indexOf(c) >= before && c.conversationId === REQUESTER_CHAT.id, 15_000, 'the form');
    return cardOf(reply.activity);
  }

  it('answers with the form pre-filled from the message, each value marked, people from the @mention', async () => {
    const form = await ask(
      'Can we get a workspace for the payments team with its own gateway, two units, private outbound only? <at>Grace Hopper</at> as API developer',
      [COLLEAGUE],
    );
    const inputs = inputsOf(form);

    expect(validateAdaptiveCard(withoutTeamsExtensions(form))).toEqual([]);
    expect(Object.fromEntries(['workspaceDisplayName', 'workspaceName', 'gatewayMode', 'gatewayName', 'gatewayUnits', 'networkMode', 'member1People', 'member1ServiceRole', 'member1WorkspaceRole'].map((id) => [id, inputs[id]?.value]))).toEqual({
      workspaceDisplayName: 'Payments',
      workspaceName: 'payments',
      gatewayMode: 'new',
      gatewayName: 'gw-payments',
      gatewayUnits: 2,
      networkMode: 'vnet_integration',
      member1People: COLLEAGUE.aadObjectId,
      member1ServiceRole: 'service_api_developer',
      member1WorkspaceRole: 'workspace_api_developer',
    });
    expect(inputs.workspaceDisplayName.label).toBe('Display name (from your message)');
    expect(inputs.workspaceName.label).toBe('Resource name (suggested)');
    expect(inputs.member1People.choices).toEqual([{ title: 'Grace Hopper', value: COLLEAGUE.aadObjectId }]);
    expect(allTexts(form)).toEqual(expect.arrayContaining([
      'Understood from your message (check before you submit):',
      '\u2022 2 units (from "two units")',
    ]));
    expect(inputs.logAnalyticsWorkspaceId.value).toBe('');
    expect(inputs.logAnalyticsWorkspaceId.choices).toEqual([{ title: expect.stringContaining('law-apim-platform'), value: EMULATOR_SEED.logAnalyticsWorkspaceId }]);
  });

  it('shows each error next to its field and keeps every value that was typed', async () => {
    const typed = {
      workspaceDisplayName: 'Orders again',
      workspaceName: 'orders',
      workspaceDescription: 'Keep **this** "text", \\ and ${this}',
      gatewayMode: 'new',
      gatewayName: 'gw-orders-2',
      gatewayUnits: '40',
      networkMode: 'public',
      member1People: '29:grace',
      member1ServiceRole: 'service_api_developer',
      member1WorkspaceRole: 'workspace_reader',
      member2GroupIds: EMULATOR_SEED.principals.paymentsDevelopers,
      manager1People: COLLEAGUE.aadObjectId,
      manager1Role: 'user_access_administrator',
      logAnalyticsWorkspaceId: '/subscriptions/x/resourceGroups/y/providers/Microsoft.OperationalInsights/workspaces/ghost',
    };
    const card = expectCardAnswer(await t.client.invoke(REQUESTER, REQUESTER_CHAT, 'form-card', 'submitRequest', typed));
    const inputs = inputsOf(card);

    expect(validateAdaptiveCard(withoutTeamsExtensions(card))).toEqual([]);
    expect(allTexts(card)).toContain('Some values need fixing before the request can go to approval.');
    expect({
      workspaceName: errorUnder(card, 'workspaceName'),
      gatewayUnits: errorUnder(card, 'gatewayUnits'),
      member1People: errorUnder(card, 'member1People'),
      member2ServiceRole: errorUnder(card, 'member2ServiceRole'),
      manager1Role: errorUnder(card, 'manager1Role'),
      logAnalyticsWorkspaceId: errorUnder(card, 'logAnalyticsWorkspaceId'),
    }).toEqual({
      workspaceName: 'A workspace named "orders" already exists in this instance.',
      gatewayUnits: expect.stringMatching(/from 1 to \d+/),
      member1People: '"29:grace" is not an Entra object id; pick the person with the people picker.',
      member2ServiceRole: 'Choose a service-scoped role for this row: API developer or API product manager.',
      manager1Role: 'Choose Reader, Contributor or Owner for the gateway.',
      logAnalyticsWorkspaceId: 'That Log Analytics workspace was not found; choose one from the list.',
    });
    expect(errorUnder(card, 'workspaceDisplayName')).toBe('');

    const kept = Object.fromEntries(Object.keys(typed).map((id) => [id, String(inputs[id]?.value)]));
    expect(kept).toEqual({ ...typed, workspaceDescription: 'Keep **this** "text", \\ and $\u2060{this}' });
  });

  it('accepts the corrected form and stores members, gateway managers and the log destination', async () => {
    const typed = {
      workspaceDisplayName: 'Payments',
      workspaceName: `payments-${Date.now()}`,
      gatewayMode: 'new',
      gatewayName: `gw-pay-${Date.now()}`,
      gatewayUnits: '2',
      networkMode: 'public',
      member1People: COLLEAGUE.aadObjectId,
      member1ServiceRole: 'service_api_developer',
      member1WorkspaceRole: 'workspace_contributor',
      manager1People: COLLEAGUE.aadObjectId,
      manager1Role: 'owner',
      principalNames: JSON.stringify({ [COLLEAGUE.aadObjectId]: COLLEAGUE.name }),
      logAnalyticsWorkspaceId: EMULATOR_SEED.logAnalyticsWorkspaceId,
    };
    const card = expectCardAnswer(await t.client.invoke(REQUESTER, REQUESTER_CHAT, 'form-card-2', 'submitRequest', typed));
    const requestId = factValue(card, 'Request');

    expect(requestId).toMatch(/^WR-/);
    expect(validateAdaptiveCard(withoutTeamsExtensions(card))).toEqual([]);

    const { store } = await openStore({ dataDir: t.dataDir, databaseUrl: t.databaseEnv.DATABASE_URL });
    const saved = await store.getRequest(requestId);
    await store.close();
    expect(saved?.spec).toMatchObject({
      members: [{ principalId: COLLEAGUE.aadObjectId, principalType: 'User', displayName: 'Grace Hopper', serviceRole: 'service_api_developer', workspaceRole: 'workspace_contributor' }],
      gatewayManagers: [{ principalId: COLLEAGUE.aadObjectId, principalType: 'User', displayName: 'Grace Hopper', role: 'owner' }],
      diagnostics: { logAnalyticsWorkspaceId: EMULATOR_SEED.logAnalyticsWorkspaceId },
    });
  });

  it('answers the other commands with valid cards', async () => {
    for (const command of ['help', 'gateways', 'my requests', 'pending', 'hello']) {
      const card = await ask(command);
      expect({ command, problems: validateAdaptiveCard(withoutTeamsExtensions(card)) }).toEqual({ command, problems: [] });
    }
  });
});
