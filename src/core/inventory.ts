/**
 * What the requester can choose from, read live from Azure before a form is shown
 * and again when it is submitted. The Azure adapter fills it; the core only reads it.
 */

export interface GatewayOption {
  name: string;
  sku: string;
  units: number;
  createdAt: string;
  workspaceCount: number;
  /** Why this gateway cannot take another workspace; absent when it can. */
  ineligibleReason?: string;
}

export interface SubnetOption {
  id: string;
  name: string;
  virtualNetwork: string;
  location: string;
  addressPrefix: string;
  delegations: string[];
  /** Name of the gateway already placed in this subnet, if any. */
  usedBy?: string;
}

export interface UnitRange {
  min: number;
  max: number;
}

/** A Log Analytics workspace that can receive the gateway logs. */
export interface LogAnalyticsOption {
  id: string;
  name: string;
  location: string;
}

export interface AzureInventory {
  serviceLocation(): Promise<string>;
  listGateways(): Promise<GatewayOption[]>;
  listWorkspaceNames(): Promise<string[]>;
  listSubnets(): Promise<SubnetOption[]>;
  unitRange(): Promise<UnitRange>;
  /** Log Analytics workspaces of the APIM instance's resource group. */
  listLogAnalyticsWorkspaces(): Promise<LogAnalyticsOption[]>;
  /** Where the service-level diagnostic setting sends gateway logs today; '' when nowhere. */
  serviceLogDestination(): Promise<string>;
}

/** A snapshot of the inventory, taken once per form so that validation stays pure. */
export interface InventorySnapshot {
  location: string;
  gateways: GatewayOption[];
  workspaceNames: string[];
  subnets: SubnetOption[];
  units: UnitRange;
  logAnalyticsWorkspaces: LogAnalyticsOption[];
  /** Resource id of the Log Analytics workspace the service already logs to; '' when none. */
  serviceLogDestination: string;
}

export async function takeSnapshot(inventory: AzureInventory): Promise<InventorySnapshot> {
  const [location, gateways, workspaceNames, subnets, units, logAnalyticsWorkspaces, serviceLogDestination] =
    await Promise.all([
      inventory.serviceLocation(),
      inventory.listGateways(),
      inventory.listWorkspaceNames(),
      inventory.listSubnets(),
      inventory.unitRange(),
      inventory.listLogAnalyticsWorkspaces(),
      inventory.serviceLogDestination(),
    ]);
  return {
    location,
    gateways,
    workspaceNames,
    subnets,
    units,
    logAnalyticsWorkspaces: withDestination(logAnalyticsWorkspaces, serviceLogDestination),
    serviceLogDestination,
  };
}

/** The service may already log to a workspace in another resource group; it is a choice too. */
function withDestination(workspaces: LogAnalyticsOption[], destination: string): LogAnalyticsOption[] {
  if (!destination || workspaces.some((w) => w.id.toLowerCase() === destination.toLowerCase())) return workspaces;
  return [{ id: destination, name: destination.split('/').pop() ?? destination, location: '' }, ...workspaces];
}

/** Only gateways created after this date can host several workspaces. */
export const SHARED_GATEWAY_CUTOFF = '2025-04-15T00:00:00Z';
export const MAX_WORKSPACES_PER_GATEWAY = 30;

export function gatewayIneligibility(gateway: Omit<GatewayOption, 'ineligibleReason'>): string | undefined {
  if (gateway.workspaceCount >= MAX_WORKSPACES_PER_GATEWAY) {
    return `already hosts ${gateway.workspaceCount} workspaces, the most a gateway can take`;
  }
  if (gateway.workspaceCount > 0 && gateway.createdAt < SHARED_GATEWAY_CUTOFF) {
    return 'was created before 15 April 2025, so it can host only the workspace it has';
  }
  return undefined;
}
