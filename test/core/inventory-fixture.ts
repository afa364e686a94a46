import type { InventorySnapshot } from '../../src/core/inventory';

const SUBNETS = '/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks';
const LOG_ANALYTICS = '/subscriptions/sub/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces';

/** A small inventory like the emulator's seed, for validation tests that need no Azure. */
export function inventoryFixture(): InventorySnapshot {
  return {
    location: 'eastus',
    workspaceNames: ['orders', 'inventory'],
    units: { min: 1, max: 12 },
    logAnalyticsWorkspaces: [
      { id: `${LOG_ANALYTICS}/law-platform`, name: 'law-platform', location: 'eastus' },
      { id: `${LOG_ANALYTICS}/law-payments`, name: 'law-payments', location: 'eastus' },
    ],
    serviceLogDestination: `${LOG_ANALYTICS}/law-platform`,
    gateways: [
      { name: 'gw-shared', sku: 'WorkspaceGatewayPremium', units: 2, createdAt: '2025-06-02T09:00:00.000Z', workspaceCount: 2 },
      { name: 'gw-legacy', sku: 'WorkspaceGatewayStandard', units: 1, createdAt: '2025-02-10T09:00:00.000Z', workspaceCount: 1, ineligibleReason: 'was created before 15 April 2025, so it can host only the workspace it has' },
    ],
    subnets: [
      { id: `${SUBNETS}/vnet-east/subnets/integration`, name: 'integration', virtualNetwork: 'vnet-east', location: 'eastus', addressPrefix: '10.0.1.0/27', delegations: ['Microsoft.Web/serverFarms'] },
      { id: `${SUBNETS}/vnet-east/subnets/injection`, name: 'injection', virtualNetwork: 'vnet-east', location: 'eastus', addressPrefix: '10.0.2.0/26', delegations: ['Microsoft.Web/hostingEnvironments'] },
      { id: `${SUBNETS}/vnet-east/subnets/small`, name: 'small', virtualNetwork: 'vnet-east', location: 'eastus', addressPrefix: '10.0.3.0/28', delegations: ['Microsoft.Web/serverFarms'] },
      { id: `${SUBNETS}/vnet-east/subnets/taken`, name: 'taken', virtualNetwork: 'vnet-east', location: 'eastus', addressPrefix: '10.0.4.0/27', delegations: ['Microsoft.Web/serverFarms'], usedBy: 'gw-other' },
      { id: `${SUBNETS}/vnet-west/subnets/west`, name: 'west', virtualNetwork: 'vnet-west', location: 'westus', addressPrefix: '10.1.1.0/27', delegations: ['Microsoft.Web/serverFarms'] },
    ],
  };
}

export const SUBNET_ID = (vnet: string, name: string) => `${SUBNETS}/${vnet}/subnets/${name}`;

export const LAW_ID = (name: string) => `${LOG_ANALYTICS}/${name}`;
