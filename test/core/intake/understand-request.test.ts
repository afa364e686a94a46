import { understandRequest, type IntakeMessage } from '../../../src/core/intake/understand-request';
import type { RequestForm } from '../../../src/core/request-form';

const ADA = { id: 'a1111111-1111-4111-8111-111111111111', name: 'Ada Lovelace' };
const BO = { id: 'b2222222-2222-4222-8222-222222222222', name: 'Bo Platform' };
const GROUP = 'c3333333-3333-4333-8333-333333333333';
const ME = { id: 'F6666666-6666-4666-8666-666666666666', name: 'Fay Requester' };
const GATEWAYS = [
  { name: 'gw-shared-eastus' },
  { name: 'gw-legacy-eastus', ineligibleReason: 'was created before 15 April 2025, so it can host only the workspace it has' },
];

function draftOf(text: string, extra: Partial<IntakeMessage> = {}) {
  return understandRequest({ text, mentions: [ADA, BO], requester: ME, gateways: GATEWAYS, ...extra });
}

/** The form a message becomes, without the names map (checked separately). */
function formOf(text: string, extra: Partial<IntakeMessage> = {}): RequestForm {
  const { principalNames: _names, ...form } = draftOf(text, extra).form;
  return form;
}

const PAYMENTS_NEW = { workspaceDisplayName: 'Payments', workspaceName: 'payments', gatewayMode: 'new', gatewayName: 'gw-payments' };

describe('understanding plain-language requests', () => {
  it.each<[string, string, RequestForm]>([
    [
      'the example from the issue',
      'Can we get a workspace for the payments team with its own gateway, two units, private outbound only?',
      { ...PAYMENTS_NEW, gatewayUnits: '2', networkMode: 'vnet_integration' },
    ],
    [
      'typos in workspace, gateway and integration, units as a misspelt word',
      'worksapce for payments, own gatway with thre units and vnet integraton',
      { ...PAYMENTS_NEW, gatewayUnits: '3', networkMode: 'vnet_integration' },
    ],
    [
      'shouting in capitals',
      'REQUEST A WORKSPACE FOR THE PAYMENTS TEAM, OWN GATEWAY, FOUR UNITS, PUBLIC',
      { ...PAYMENTS_NEW, gatewayUnits: '4', networkMode: 'public' },
    ],
    [
      'mixed case and digits',
      'New WorkSpace for the Payments Team, Dedicated Gateway, 6 Units, Fully Private',
      { ...PAYMENTS_NEW, gatewayUnits: '6', networkMode: 'vnet_injection' },
    ],
    [
      'a quoted name with a space',
      'new workspace called "Payments Hub" on a dedicated gateway, one unit, vnet injection',
      { workspaceDisplayName: 'Payments Hub', workspaceName: 'payments-hub', gatewayMode: 'new', gatewayName: 'gw-payments-hub', gatewayUnits: '1', networkMode: 'vnet_injection' },
    ],
    [
      'curly quotes from a phone keyboard',
      'a workspace called \u201cRisk Engine\u201d please',
      { workspaceDisplayName: 'Risk Engine', workspaceName: 'risk-engine' },
    ],
    [
      'a name before the word workspace',
      'I need a loyalty workspace with its own gateway',
      { workspaceDisplayName: 'Loyalty', workspaceName: 'loyalty', gatewayMode: 'new', gatewayName: 'gw-loyalty' },
    ],
    [
      'an existing gateway by name, with typos',
      'I need a worksapce for fraud checks on the shared gatway gw-shared-eastus',
      { workspaceDisplayName: 'Fraud Checks', workspaceName: 'fraud-checks', gatewayMode: 'existing', existingGateway: 'gw-shared-eastus' },
    ],
    [
      'a known gateway named without saying existing',
      'workspace for orders on gw-shared-eastus',
      { workspaceDisplayName: 'Orders', workspaceName: 'orders', gatewayMode: 'existing', existingGateway: 'gw-shared-eastus' },
    ],
    [
      'a new gateway with a name of its own',
      'workspace for billing, new gateway called gw-billing-01, 2 units, public',
      { workspaceDisplayName: 'Billing', workspaceName: 'billing', gatewayMode: 'new', gatewayName: 'gw-billing-01', gatewayUnits: '2', networkMode: 'public' },
    ],
    [
      'units and network without saying new: a new gateway is implied',
      'workspace for search, 3 scale units, private inbound and outbound',
      { workspaceDisplayName: 'Search', workspaceName: 'search', gatewayMode: 'new', gatewayName: 'gw-search', gatewayUnits: '3', networkMode: 'vnet_injection' },
    ],
    [
      'public inbound with private outbound is VNet integration',
      'workspace for tax with its own gateway: public inbound, private outbound',
      { workspaceDisplayName: 'Tax', workspaceName: 'tax', gatewayMode: 'new', gatewayName: 'gw-tax', networkMode: 'vnet_integration' },
    ],
    [
      'capacity instead of units, internal instead of injection',
      'workspace for hr, own gateway, capacity of 5, internal',
      { workspaceDisplayName: 'Hr', workspaceName: 'hr', gatewayMode: 'new', gatewayName: 'gw-hr', gatewayUnits: '5', networkMode: 'vnet_injection' },
    ],
    [
      'a single unit written as words',
      'workspace for maps, own gateway with a single unit',
      { workspaceDisplayName: 'Maps', workspaceName: 'maps', gatewayMode: 'new', gatewayName: 'gw-maps', gatewayUnits: '1' },
    ],
    [
      'an explicit resource name and a description',
      'workspace for the claims team, resource name claims-api. Description: Claims intake and payout APIs',
      { workspaceDisplayName: 'Claims', workspaceName: 'claims-api', workspaceDescription: 'Claims intake and payout APIs' },
    ],
    [
      'only a workspace, nothing else',
      'I need a workspace',
      {},
    ],
    [
      'nothing at all about gateways or names',
      'hello, can you help me get set up?',
      {},
    ],
    [
      'a typo in units and the words seperate and egress',
      'workspace for pricing, seperate gateway, 2 untis, private egress',
      { workspaceDisplayName: 'Pricing', workspaceName: 'pricing', gatewayMode: 'new', gatewayName: 'gw-pricing', gatewayUnits: '2', networkMode: 'vnet_integration' },
    ],
  ])('%s', (_, text, expected) => {
    expect(formOf(text)).toEqual(expected);
  });

  it('marks every value it fills and says where it came from', () => {
    const draft = draftOf('Can we get a workspace for the payments team with its own gateway, two units, private outbound only?');

    expect(draft.understood.map((u) => u.text)).toEqual([
      'display name "Payments"',
      'resource name "payments" (suggested from the display name)',
      'a new gateway (from "own gateway")',
      'gateway name "gw-payments" (suggested from the resource name)',
      '2 units (from "two units")',
      'network: VNet integration (inbound public, outbound private) (from "private outbound")',
    ]);
    const filled = draft.understood.flatMap((u) => u.fields).sort();
    expect(filled).toEqual(Object.keys(draft.form).sort());
    expect(draft.understood.filter((u) => u.suggested).flatMap((u) => u.fields)).toEqual(['workspaceName', 'gatewayName']);
  });

  it('does not guess a network from "private" alone, and says so', () => {
    const draft = draftOf('workspace for tax, own gateway, private');

    expect(draft.form.networkMode).toBeUndefined();
    expect(draft.notes).toEqual([expect.stringMatching(/"private" could mean VNet integration .* or VNet injection/)]);
  });

  it('does not offer an ineligible gateway, and explains why', () => {
    const draft = draftOf('workspace for tax on the existing gateway gw-legacy-eastus');

    expect(draft.form).toEqual({ workspaceDisplayName: 'Tax', workspaceName: 'tax', gatewayMode: 'existing' });
    expect(draft.notes).toEqual(['gw-legacy-eastus was created before 15 April 2025, so it can host only the workspace it has, so it is not offered.']);
  });

  it('says when a named gateway does not exist', () => {
    const draft = draftOf('workspace for tax on the shared gateway gw-nowhere');

    expect(draft.form.existingGateway).toBeUndefined();
    expect(draft.notes).toEqual(['There is no gateway named "gw-nowhere"; choose one from the list.']);
  });
});

describe('members and their roles from @mentions', () => {
  it('gives the people mentioned before a role that role, in one row', () => {
    const draft = draftOf('Please create a billing workspace. <at>Ada Lovelace</at> and <at>Bo Platform</at> as API developers.');

    expect(draft.form).toMatchObject({
      member1People: `${ADA.id},${BO.id}`,
      member1ServiceRole: 'service_api_developer',
      member1WorkspaceRole: 'workspace_api_developer',
    });
    expect(JSON.parse(draft.form.principalNames ?? '{}')).toEqual({ [ADA.id]: ADA.name, [BO.id]: BO.name });
    expect(draft.understood.map((u) => u.text)).toContain(
      'members row 1: @Ada Lovelace, @Bo Platform with service role API developer and workspace role API developer',
    );
  });

  it('reads a role given before the people ("product managers: @Ada") and a gateway owner', () => {
    const draft = draftOf('workspace for search. API product managers: <at>Ada Lovelace</at>. <at>Bo Platform</at> is gateway owner. Own gateway, 1 unit, public');

    expect(draft.form).toMatchObject({
      gatewayMode: 'new',
      member1People: ADA.id,
      member1ServiceRole: 'service_api_product_manager',
      member1WorkspaceRole: 'workspace_api_product_manager',
      manager1People: BO.id,
      manager1Role: 'owner',
    });
    expect(draft.form.member2People).toBeUndefined();
  });

  it('puts different role pairs in different rows and takes Entra group ids typed in', () => {
    const draft = draftOf(`workspace for shipping; group ${GROUP} as readers; <at>Ada Lovelace</at> contributor and api developer`);

    expect(draft.form).toMatchObject({
      member1GroupIds: GROUP,
      member1WorkspaceRole: 'workspace_reader',
      member2People: ADA.id,
      member2ServiceRole: 'service_api_developer',
      member2WorkspaceRole: 'workspace_contributor',
    });
    expect(draft.form.member1ServiceRole).toBeUndefined();
    expect(draft.understood.map((u) => u.text)).toContain(`members row 1: group ${GROUP} with no service role said and workspace role Reader`);
  });

  it('understands "me" as the requester, with typos in the role', () => {
    const draft = draftOf('new workspace called Tax Engine, make me a contributer');

    expect(draft.form).toMatchObject({ member1People: ME.id.toLowerCase(), member1WorkspaceRole: 'workspace_contributor' });
    expect(JSON.parse(draft.form.principalNames ?? '{}')).toEqual({ [ME.id.toLowerCase()]: ME.name });
  });

  it('keeps someone mentioned without a role, with the roles left to choose', () => {
    const draft = draftOf('workspace for maps, add <at>Bo Platform</at> please');

    expect(draft.form).toMatchObject({ member1People: BO.id });
    expect(draft.form.member1ServiceRole).toBeUndefined();
    expect(draft.form.member1WorkspaceRole).toBeUndefined();
  });

  it('leaves out people Teams gave only a Teams id for, and says to pick them', () => {
    const draft = draftOf('workspace for maps, <at>Cy Guest</at> as reader', { mentions: [{ id: '29:cy-guest', name: 'Cy Guest' }] });

    expect(draft.form.member1People).toBeUndefined();
    expect(draft.notes).toEqual(['Teams did not tell the bot who @Cy Guest is; pick them with the people picker.']);
  });

  it('finds @Name mentions written as plain text when Teams sent the mention entity', () => {
    const draft = draftOf('workspace for maps with @Ada Lovelace as reader');

    expect(draft.form).toMatchObject({ member1People: ADA.id, member1WorkspaceRole: 'workspace_reader' });
  });
});
