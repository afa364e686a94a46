import { ArmError } from './ArmError';
import type { EmulatorCore } from './EmulatorCore';
import { keyOf } from './EmulatorState';
import { SEED_VIRTUAL_NETWORKS } from './networkSeed';
import { resourceGroupId } from './resourceIds';

export interface ExistingResource {
  /** Canonical id (the case it was created with). */
  id: string;
  /** ARM resource type, or "subscription" / "resourceGroup" for those scopes. */
  type: string;
}

function seededIds(core: EmulatorCore): ExistingResource[] {
  const { subscriptionId, resourceGroup, serviceId } = core.seed;
  const networks = SEED_VIRTUAL_NETWORKS.flatMap((network) => [
    { id: network.id, type: 'Microsoft.Network/virtualNetworks' },
    ...network.subnets.map((subnet) => ({
      id: `${network.id}/subnets/${subnet.name}`,
      type: 'Microsoft.Network/virtualNetworks/subnets',
    })),
  ]);
  return [
    { id: `/subscriptions/${subscriptionId}`, type: 'subscription' },
    { id: resourceGroupId(subscriptionId, resourceGroup), type: 'resourceGroup' },
    { id: serviceId, type: 'Microsoft.ApiManagement/service' },
    ...networks,
  ];
}

/** Looks up any resource the emulator knows by id, case-insensitively. */
export function findResource(core: EmulatorCore, id: string): ExistingResource | undefined {
  const trimmed = id.replace(/\/+$/, '');
  const key = keyOf(trimmed);
  const { state } = core;
  const stored: Array<[Record<string, { id: string }>, string]> = [
    [state.workspaces, 'Microsoft.ApiManagement/service/workspaces'],
    [state.gateways, 'Microsoft.ApiManagement/gateways'],
    [state.configConnections, 'Microsoft.ApiManagement/gateways/configConnections'],
    [state.logAnalyticsWorkspaces, 'Microsoft.OperationalInsights/workspaces'],
  ];
  for (const [collection, type] of stored) {
    const record = collection[key];
    if (record !== undefined) return { id: record.id, type };
  }
  return seededIds(core).find((resource) => keyOf(resource.id) === key);
}

/** 404 (in ARM's words) unless the id names an existing resource or scope. */
export function requireResource(core: EmulatorCore, id: string): ExistingResource {
  const found = findResource(core, id);
  if (found !== undefined) return found;
  const subscription = /^\/subscriptions\/([^/]+)/i.exec(id)?.[1];
  if (subscription === undefined || subscription.toLowerCase() !== core.seed.subscriptionId) {
    const message = `The subscription '${subscription ?? ''}' could not be found.`;
    throw new ArmError(404, 'SubscriptionNotFound', message);
  }
  const group = /^\/subscriptions\/[^/]+\/resourceGroups\/([^/]+)/i.exec(id)?.[1];
  if (group !== undefined && group.toLowerCase() !== core.seed.resourceGroup) {
    const message = `Resource group '${group}' could not be found.`;
    throw new ArmError(404, 'ResourceGroupNotFound', message);
  }
  throw new ArmError(404, 'ResourceNotFound', `The Resource '${id}' was not found.`);
}
