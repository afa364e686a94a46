/** The fixed world the emulator starts with. Other modules and tests refer to these names. */
export interface EmulatorSeed {
  subscriptionId: string;
  tenantId: string;
  resourceGroup: string;
  location: string;
  serviceName: string;
  serviceId: string;
  workspaces: readonly string[];
  gateways: { shared: string; legacy: string; full: string };
  /** The 30 workspaces attached to the full gateway. */
  fullGatewayWorkspaces: readonly string[];
  virtualNetworks: { eastus: string; westus: string };
  subnets: {
    integration: string;
    injection: string;
    tooSmall: string;
    tooLarge: string;
    undelegated: string;
    west: string;
  };
  logAnalyticsWorkspace: string;
  logAnalyticsWorkspaceId: string;
  principals: {
    requester: string;
    approver: string;
    secondApprover: string;
    paymentsDevelopers: string;
    /** The identity createEmulatorCredential() signs tokens for by default. */
    bot: string;
  };
  roleDefinitions: {
    serviceWorkspaceApiDeveloper: string;
    serviceWorkspaceApiProductManager: string;
    workspaceReader: string;
    workspaceContributor: string;
    workspaceApiDeveloper: string;
    workspaceApiProductManager: string;
    owner: string;
    contributor: string;
    reader: string;
  };
}

const subscriptionId = '6b1c3f9e-2d4a-4e8b-9c7f-1a2b3c4d5e6f';
const resourceGroup = 'rg-api-platform';
const groupPrefix = `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers`;
const logAnalytics = 'law-apim-platform';
const logAnalyticsId = `${groupPrefix}/Microsoft.OperationalInsights/workspaces/${logAnalytics}`;

function teamNames(): string[] {
  return Array.from({ length: 30 }, (_, index) => `team-${String(index + 1).padStart(2, '0')}`);
}

export const EMULATOR_SEED: EmulatorSeed = {
  subscriptionId,
  tenantId: '72f988bf-0000-4000-8000-00000000e0e0',
  resourceGroup,
  location: 'eastus',
  serviceName: 'apim-contoso',
  serviceId: `${groupPrefix}/Microsoft.ApiManagement/service/apim-contoso`,
  workspaces: ['orders', 'inventory', 'billing'],
  gateways: { shared: 'gw-shared-eastus', legacy: 'gw-legacy-eastus', full: 'gw-full-eastus' },
  fullGatewayWorkspaces: teamNames(),
  virtualNetworks: { eastus: 'vnet-apim-eastus', westus: 'vnet-apim-westus' },
  subnets: {
    integration: 'snet-gw-integration',
    injection: 'snet-gw-injection',
    tooSmall: 'snet-too-small',
    tooLarge: 'snet-too-large',
    undelegated: 'snet-undelegated',
    west: 'snet-gw-west',
  },
  logAnalyticsWorkspace: logAnalytics,
  logAnalyticsWorkspaceId: logAnalyticsId,
  principals: {
    requester: 'a1111111-1111-4111-8111-111111111111',
    approver: 'b2222222-2222-4222-8222-222222222222',
    secondApprover: 'd4444444-4444-4444-8444-444444444444',
    paymentsDevelopers: 'c3333333-3333-4333-8333-333333333333',
    bot: 'e5555555-5555-4555-8555-555555555555',
  },
  roleDefinitions: {
    serviceWorkspaceApiDeveloper: '9565a273-41b9-4368-97d2-aeb0c976a9b3',
    serviceWorkspaceApiProductManager: 'd59a3e9c-6d52-4a5a-aeed-6bf3cf0e31da',
    workspaceReader: 'ef1c2c96-4a77-49e8-b9a4-6179fe1d2fd2',
    workspaceContributor: '0c34c906-8d99-4cb7-8bb7-33f5b0a1a799',
    workspaceApiDeveloper: '56328988-075d-4c6a-8766-d93edd6725b6',
    workspaceApiProductManager: '73c2c328-d004-4c5e-938c-35c6f5679a1f',
    owner: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
    contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
    reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
  },
};
