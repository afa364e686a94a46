import { ArmError, parentNotFound } from './ArmError';
import type { EmulatorCore } from './EmulatorCore';
import type { GatewayRecord, WorkspaceRecord } from './EmulatorState';
import { keyOf } from './EmulatorState';
import { checkName, NAME_RULES } from './nameRules';
import { gatewayId, serviceId, workspaceId } from './resourceIds';

export function requireSubscription(core: EmulatorCore, subscription: string): void {
  if (subscription.toLowerCase() === core.seed.subscriptionId) return;
  const message = `The subscription '${subscription}' could not be found.`;
  throw new ArmError(404, 'SubscriptionNotFound', message);
}

/** 404 unless the subscription and resource group are the seeded ones. */
export function requireResourceGroup(core: EmulatorCore, subscription: string, group: string) {
  requireSubscription(core, subscription);
  checkName(NAME_RULES.resourceGroup, group);
  if (group.toLowerCase() !== core.seed.resourceGroup) {
    const message = `Resource group '${group}' could not be found.`;
    throw new ArmError(404, 'ResourceGroupNotFound', message);
  }
}

/** The APIM instance as the parent of a workspace request; returns its canonical id. */
export function requireService(
  core: EmulatorCore,
  params: Record<string, string>,
): string {
  const { subscription = '', group = '', service = '' } = params;
  requireResourceGroup(core, subscription, group);
  checkName(NAME_RULES.service, service);
  if (service.toLowerCase() !== core.seed.serviceName) {
    throw parentNotFound('Microsoft.ApiManagement/service', service);
  }
  return serviceId(core.seed.subscriptionId, core.seed.resourceGroup, core.seed.serviceName);
}

export function findWorkspace(core: EmulatorCore, params: Record<string, string>) {
  const parent = requireService(core, params);
  const name = params.workspace ?? '';
  checkName(NAME_RULES.workspace, name);
  const id = `${parent}/workspaces/${name}`;
  return { id, record: core.state.workspaces[keyOf(id)] as WorkspaceRecord | undefined };
}

export function findGateway(core: EmulatorCore, params: Record<string, string>) {
  const { subscription = '', group = '', gateway = '' } = params;
  requireResourceGroup(core, subscription, group);
  checkName(NAME_RULES.gateway, gateway);
  const id = gatewayId(core.seed.subscriptionId, core.seed.resourceGroup, gateway);
  return { id, record: core.state.gateways[keyOf(id)] as GatewayRecord | undefined };
}

/** The gateway as the parent of a config connection request. */
export function requireGateway(core: EmulatorCore, params: Record<string, string>) {
  const { record } = findGateway(core, params);
  if (record === undefined) {
    throw parentNotFound('Microsoft.ApiManagement/gateways', params.gateway ?? '');
  }
  return record;
}

export function workspaceIdFor(core: EmulatorCore, name: string): string {
  const { subscriptionId, resourceGroup, serviceName } = core.seed;
  return workspaceId(subscriptionId, resourceGroup, serviceName, name);
}
