import { formFromSpec, suggestResourceName, validateRequestForm, type RequestForm } from '../../src/core/validation';
import { inventoryFixture, LAW_ID, SUBNET_ID } from './inventory-fixture';

const validNew: RequestForm = {
  workspaceDisplayName: 'Payments',
  workspaceName: 'payments',
  workspaceDescription: 'Payment APIs',
  gatewayMode: 'new',
  gatewayName: 'gw-payments',
  gatewayUnits: '2',
  networkMode: 'public',
};

function errorsOf(form: RequestForm) {
  const result = validateRequestForm(form, inventoryFixture());
  return result.ok ? {} : result.errors;
}

describe('request form validation', () => {
  it('accepts a complete request for a new public gateway and trims the values', () => {
    const result = validateRequestForm({ ...validNew, workspaceDisplayName: '  Payments ' }, inventoryFixture());
    expect(result).toEqual({
      ok: true,
      spec: {
        workspace: { displayName: 'Payments', name: 'payments', description: 'Payment APIs' },
        gateway: { kind: 'new', name: 'gw-payments', units: 2, network: 'public' },
        members: [],
        gatewayManagers: [],
        diagnostics: { logAnalyticsWorkspaceId: LAW_ID('law-platform') },
      },
    });
  });

  it.each([
    ['workspaceDisplayName', { workspaceDisplayName: '' }, /display name/],
    ['workspaceName', { workspaceName: '' }, /resource name/],
    ['workspaceName', { workspaceName: 'pay#ments' }, /\* # & \+ : < > \?/],
    ['workspaceName', { workspaceName: 'x'.repeat(81) }, /80 characters/],
    ['workspaceName', { workspaceName: 'Orders' }, /already exists/],
    ['gatewayMode', { gatewayMode: '' }, /new gateway or use an existing/],
    ['gatewayName', { gatewayName: '9gateway' }, /Start with a letter/],
    ['gatewayName', { gatewayName: 'gw-' }, /end with a letter or digit/],
    ['gatewayName', { gatewayName: 'g'.repeat(46) }, /45 characters/],
    ['gatewayName', { gatewayName: 'GW-SHARED' }, /already exists/],
    ['gatewayUnits', { gatewayUnits: '0' }, /from 1 to 12/],
    ['gatewayUnits', { gatewayUnits: '13' }, /from 1 to 12/],
    ['gatewayUnits', { gatewayUnits: 'two' }, /whole number/],
    ['networkMode', { networkMode: 'private' }, /network configuration/],
  ] as const)('reports %s next to the field (%j)', (field, change, message) => {
    const errors = errorsOf({ ...validNew, ...change });
    expect(Object.keys(errors)).toEqual([field]);
    expect(errors[field]).toMatch(message);
  });

  describe('subnets for VNet gateways', () => {
    const vnet = (networkMode: string, subnetId: string) => errorsOf({ ...validNew, networkMode, subnetId }).subnetId;

    it('accepts a /27 delegated to serverFarms for VNet integration', () => {
      expect(vnet('vnet_integration', SUBNET_ID('vnet-east', 'integration'))).toBeUndefined();
    });
    it('accepts a /26 delegated to hostingEnvironments for VNet injection', () => {
      expect(vnet('vnet_injection', SUBNET_ID('vnet-east', 'injection'))).toBeUndefined();
    });
    it('requires a subnet', () => expect(vnet('vnet_integration', '')).toMatch(/Choose the subnet/));
    it('refuses an unknown subnet', () => expect(vnet('vnet_integration', SUBNET_ID('vnet-east', 'nope'))).toMatch(/not found/));
    it('refuses the wrong delegation', () => {
      expect(vnet('vnet_injection', SUBNET_ID('vnet-east', 'integration'))).toMatch(/Microsoft.Web\/hostingEnvironments/);
    });
    it('refuses a subnet smaller than /27', () => expect(vnet('vnet_integration', SUBNET_ID('vnet-east', 'small'))).toMatch(/\/27 to \/24/));
    it('refuses another region', () => expect(vnet('vnet_integration', SUBNET_ID('vnet-west', 'west'))).toMatch(/westus.*eastus/));
    it('refuses a subnet another gateway uses', () => expect(vnet('vnet_integration', SUBNET_ID('vnet-east', 'taken'))).toMatch(/gw-other/));
  });

  describe('existing gateways', () => {
    const existing = (existingGateway: string) => validateRequestForm({ ...validNew, gatewayMode: 'existing', existingGateway }, inventoryFixture());

    it('accepts a gateway that can take another workspace', () => {
      const result = existing('gw-shared');
      expect(result.ok && result.spec.gateway).toEqual({ kind: 'existing', name: 'gw-shared' });
    });
    it('explains why an old gateway cannot be shared', () => {
      const result = existing('gw-legacy');
      expect(!result.ok && result.errors.existingGateway).toMatch(/before 15 April 2025/);
    });
    it('refuses an unknown gateway', () => {
      const result = existing('gw-nope');
      expect(!result.ok && result.errors.existingGateway).toMatch(/no gateway named/);
    });
  });

  it('round-trips a spec through the form values', () => {
    const result = validateRequestForm(validNew, inventoryFixture());
    if (!result.ok) throw new Error('expected a valid form');
    expect(validateRequestForm(formFromSpec(result.spec), inventoryFixture())).toEqual(result);
  });

  it('suggests an Azure-safe resource name from a display name', () => {
    expect(suggestResourceName('  Payments & Billing Team! ')).toBe('payments-billing-team');
    expect(suggestResourceName('Zahlungsverkehr Ä')).toBe('zahlungsverkehr-a');
  });
});

const ADA = 'a1111111-1111-4111-8111-111111111111';
const BO = 'b2222222-2222-4222-8222-222222222222';
const DEVS = 'c3333333-3333-4333-8333-333333333333';

describe('members, gateway managers and diagnostics', () => {
  const developers: RequestForm = {
    member1People: ADA,
    member1GroupIds: DEVS,
    member1ServiceRole: 'service_api_developer',
    member1WorkspaceRole: 'workspace_api_developer',
    principalNames: JSON.stringify({ [ADA]: 'Ada Lovelace' }),
  };
  const spec = (form: RequestForm) => {
    const result = validateRequestForm({ ...validNew, ...form }, inventoryFixture());
    if (!result.ok) throw new Error(`expected a valid form, got ${JSON.stringify(result.errors)}`);
    return result.spec;
  };

  it('gives everyone in a row both of the row\'s roles, people as users and typed ids as groups', () => {
    expect(spec(developers).members).toEqual([
      { principalId: ADA, principalType: 'User', displayName: 'Ada Lovelace', serviceRole: 'service_api_developer', workspaceRole: 'workspace_api_developer' },
      { principalId: DEVS, principalType: 'Group', displayName: DEVS, serviceRole: 'service_api_developer', workspaceRole: 'workspace_api_developer' },
    ]);
  });

  it('accepts gateway managers with Reader, Contributor or Owner on a new gateway', () => {
    const managers = spec({ manager1People: BO, manager1Role: 'owner', manager2GroupIds: DEVS, manager2Role: 'reader' }).gatewayManagers;
    expect(managers.map((m) => [m.principalId, m.principalType, m.role])).toEqual([
      [BO, 'User', 'owner'],
      [DEVS, 'Group', 'reader'],
    ]);
  });

  it.each([
    ['a row without a service-scoped role', { ...developers, member1ServiceRole: '' }, 'member1ServiceRole', /service-scoped role/],
    ['a row without a workspace-scoped role', { ...developers, member1WorkspaceRole: '' }, 'member1WorkspaceRole', /workspace-scoped role/],
    ['a service role that is not one of the two', { ...developers, member1ServiceRole: 'owner' }, 'member1ServiceRole', /service-scoped role/],
    ['a workspace role that is not one of the four', { ...developers, member1WorkspaceRole: 'workspace_owner' }, 'member1WorkspaceRole', /workspace-scoped role/],
    ['roles chosen for nobody', { member2ServiceRole: 'service_api_developer' }, 'member2People', /Pick the people/],
    ['a Teams id instead of an object id', { ...developers, member1People: '29:ada-lovelace' }, 'member1People', /"29:ada-lovelace" is not an Entra object id; pick the person/],
    ['a group name instead of its object id', { ...developers, member1GroupIds: 'payments-devs' }, 'member1GroupIds', /"payments-devs" is not an Entra object id; copy the group's object id/],
    ['the same person in two rows', { ...developers, member2People: ADA, member2ServiceRole: 'service_api_product_manager', member2WorkspaceRole: 'workspace_reader' }, 'member2People', /Ada Lovelace is already in row 1/],
    ['a gateway role other than Reader, Contributor or Owner', { manager1People: BO, manager1Role: 'user_access_administrator' }, 'manager1Role', /Reader, Contributor or Owner/],
    ['a gateway manager without a role', { manager1People: BO }, 'manager1Role', /Reader, Contributor or Owner/],
    ['an unknown Log Analytics workspace', { logAnalyticsWorkspaceId: LAW_ID('law-ghost') }, 'logAnalyticsWorkspaceId', /not found/],
  ] as const)('reports %s next to its field', (_, change, field, message) => {
    const result = validateRequestForm({ ...validNew, ...change }, inventoryFixture());
    const errors = result.ok ? {} : result.errors;
    expect(Object.keys(errors)).toEqual([field]);
    expect(errors[field]).toMatch(message);
  });

  it('refuses gateway managers for an existing gateway: the platform team manages shared ones', () => {
    const form = { ...validNew, gatewayMode: 'existing', existingGateway: 'gw-shared', manager1People: BO, manager1Role: 'owner' };
    const result = validateRequestForm(form, inventoryFixture());
    expect(!result.ok && result.errors).toEqual({ manager1People: expect.stringMatching(/only for a new gateway/) });
  });

  it('refuses more than 50 members: a team that large belongs in an Entra group', () => {
    const ids = Array.from({ length: 51 }, (_, i) => `0000${String(i).padStart(4, '0')}-0000-4000-8000-000000000000`);
    const result = validateRequestForm({ ...validNew, ...developers, member1GroupIds: ids.join(',') }, inventoryFixture());
    expect(!result.ok && result.errors.member1People).toMatch(/at most 50 members/);
  });

  it('sends gateway logs where the service already does when none is chosen', () => {
    expect(spec({ logAnalyticsWorkspaceId: '' }).diagnostics).toEqual({ logAnalyticsWorkspaceId: LAW_ID('law-platform') });
    expect(spec({ logAnalyticsWorkspaceId: LAW_ID('LAW-PAYMENTS') }).diagnostics).toEqual({ logAnalyticsWorkspaceId: LAW_ID('law-payments') });
  });

  it('leaves the destination to the platform default when the service logs nowhere and none is chosen', () => {
    const noDestination = { ...inventoryFixture(), serviceLogDestination: '' };
    const result = validateRequestForm(validNew, noDestination);
    expect(result.ok && result.spec.diagnostics).toEqual({ logAnalyticsWorkspaceId: '' });

    const chosen = validateRequestForm({ ...validNew, logAnalyticsWorkspaceId: LAW_ID('law-payments') }, noDestination);
    expect(chosen.ok && chosen.spec.diagnostics).toEqual({ logAnalyticsWorkspaceId: LAW_ID('law-payments') });
  });

  it('keeps every problem of a form at once, each on its own field', () => {
    const form = { ...validNew, workspaceName: 'pay#ments', gatewayUnits: '40', member1People: 'nobody', member1ServiceRole: 'x', member1WorkspaceRole: 'workspace_reader' };
    const result = validateRequestForm(form, inventoryFixture());
    expect(Object.keys(!result.ok ? result.errors : {}).sort()).toEqual(['gatewayUnits', 'member1People', 'workspaceName']);
  });

  it('round-trips members and managers through the form values', () => {
    const form = { ...validNew, ...developers, manager1People: BO, manager1Role: 'contributor', principalNames: JSON.stringify({ [ADA]: 'Ada Lovelace', [BO]: 'Bo Platform' }) };
    const result = validateRequestForm(form, inventoryFixture());
    if (!result.ok) throw new Error('expected a valid form');
    expect(validateRequestForm(formFromSpec(result.spec), inventoryFixture())).toEqual(result);
  });

  it('ignores a damaged names map and shows ids instead', () => {
    expect(spec({ ...developers, principalNames: '{not json' }).members[0].displayName).toBe(ADA);
    expect(spec({ ...developers, principalNames: '["Ada"]' }).members[0].displayName).toBe(ADA);
  });
});
