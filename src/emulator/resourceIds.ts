/** Builders for the ARM resource ids the emulator serves. */

export function resourceGroupId(subscriptionId: string, resourceGroup: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`;
}

export function providerPrefix(subscriptionId: string, resourceGroup: string, namespace: string) {
  return `${resourceGroupId(subscriptionId, resourceGroup)}/providers/${namespace}`;
}

export function serviceId(subscriptionId: string, resourceGroup: string, service: string): string {
  const prefix = providerPrefix(subscriptionId, resourceGroup, 'Microsoft.ApiManagement');
  return `${prefix}/service/${service}`;
}

export function workspaceId(
  subscriptionId: string,
  resourceGroup: string,
  service: string,
  workspace: string,
): string {
  return `${serviceId(subscriptionId, resourceGroup, service)}/workspaces/${workspace}`;
}

export function gatewayId(subscriptionId: string, resourceGroup: string, gateway: string): string {
  const prefix = providerPrefix(subscriptionId, resourceGroup, 'Microsoft.ApiManagement');
  return `${prefix}/gateways/${gateway}`;
}

export function configConnectionId(gateway: string, connection: string): string {
  return `${gateway}/configConnections/${connection}`;
}

export function virtualNetworkId(subscriptionId: string, resourceGroup: string, vnet: string) {
  const prefix = providerPrefix(subscriptionId, resourceGroup, 'Microsoft.Network');
  return `${prefix}/virtualNetworks/${vnet}`;
}

export function logAnalyticsWorkspaceId(
  subscriptionId: string,
  resourceGroup: string,
  name: string,
): string {
  const prefix = providerPrefix(subscriptionId, resourceGroup, 'Microsoft.OperationalInsights');
  return `${prefix}/workspaces/${name}`;
}

export function sameId(left: string | undefined, right: string | undefined): boolean {
  return left !== undefined && right !== undefined && left.toLowerCase() === right.toLowerCase();
}

/** True when `child` is `parent` itself or lies below it in the id hierarchy. */
export function isWithin(child: string, parent: string): boolean {
  const lowerChild = child.toLowerCase();
  const lowerParent = parent.toLowerCase().replace(/\/+$/, '');
  return lowerChild === lowerParent || lowerChild.startsWith(`${lowerParent}/`);
}
