import type { EmulatorCore } from './EmulatorCore';
import type { GatewayRecord } from './EmulatorState';
import { gatewayHostname } from './hostnames';
import { progressOf, runningOperationOn } from './operations';

export interface LiveState {
  provisioningState: string;
  targetProvisioningState: string;
}

/** Share of a creation spent in "Created" before "Activating" (real gateways sit there briefly). */
const CREATED_SHARE = 0.25;

/** Provisioning state right now, derived from the running operation and the clock. */
export function gatewayLiveState(core: EmulatorCore, gateway: GatewayRecord): LiveState {
  const operation = runningOperationOn(core, gateway.id);
  if (operation === undefined) {
    return { provisioningState: gateway.provisioningState, targetProvisioningState: '' };
  }
  switch (operation.kind) {
    case 'gateway.create':
      return progressOf(core, operation) < CREATED_SHARE
        ? { provisioningState: 'Created', targetProvisioningState: 'Activating' }
        : { provisioningState: 'Activating', targetProvisioningState: 'Succeeded' };
    case 'gateway.update':
      return { provisioningState: 'Updating', targetProvisioningState: 'Succeeded' };
    default:
      return { provisioningState: 'Terminating', targetProvisioningState: 'Deleting' };
  }
}

/** Only the non-workspace Standard SKU has a configuration API endpoint. */
function configurationHostname(hostname: string): string {
  return hostname.replace('.gateway.', '.configuration.gateway.');
}

/** The ApiManagementGatewayResource body for a gateway. */
export function gatewayView(core: EmulatorCore, gateway: GatewayRecord, override?: LiveState) {
  const live = override ?? gatewayLiveState(core, gateway);
  const hostname = gatewayHostname(gateway.id, gateway.name, gateway.location);
  const activated = gateway.activated;
  return {
    id: gateway.id,
    name: gateway.name,
    type: 'Microsoft.ApiManagement/gateways',
    ...(gateway.tags ? { tags: gateway.tags } : {}),
    location: gateway.location,
    etag: gateway.etag,
    properties: {
      ...live,
      createdAtUtc: gateway.createdAtUtc,
      ...(activated ? { frontend: { defaultHostname: hostname } } : {}),
      ...(gateway.subnetId ? { backend: { subnet: { id: gateway.subnetId } } } : {}),
      ...(activated && gateway.sku.name === 'Standard'
        ? { configurationApi: { hostname: configurationHostname(hostname) } }
        : {}),
      ...(gateway.virtualNetworkType ? { virtualNetworkType: gateway.virtualNetworkType } : {}),
    },
    sku: { ...gateway.sku },
    systemData: {
      createdBy: gateway.createdBy.id,
      createdByType: gateway.createdBy.type,
      createdAt: gateway.createdAt,
      lastModifiedBy: gateway.lastModifiedBy.id,
      lastModifiedByType: gateway.lastModifiedBy.type,
      lastModifiedAt: gateway.lastModifiedAt,
    },
  };
}
