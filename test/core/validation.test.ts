import { formFromSpec, suggestResourceName, validateRequestForm, type RequestForm } from '../../src/core/validation';
import { inventoryFixture, SUBNET_ID } from './inventory-fixture';

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
        diagnostics: { logAnalyticsWorkspaceId: '' },
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
