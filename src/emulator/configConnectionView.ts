import type { EmulatorCore } from './EmulatorCore';
import type { ConfigConnectionRecord } from './EmulatorState';
import { keyOf } from './EmulatorState';
import { configConnectionHostname } from './hostnames';
import { runningOperationOn } from './operations';

/** Provisioning states shown while an operation runs (names unverified, arm-contract §7.6). */
const LIVE_STATES: Record<string, string> = {
  'configConnection.create': 'Creating',
  'configConnection.update': 'Updating',
  'configConnection.delete': 'Deleting',
};

function liveState(core: EmulatorCore, connection: ConfigConnectionRecord): string {
  const operation = runningOperationOn(core, connection.id);
  if (operation === undefined) return connection.provisioningState;
  return LIVE_STATES[operation.kind] ?? 'Updating';
}

/** The ApiManagementGatewayConfigConnectionResource body; defaultHostname once activated. */
export function configConnectionView(core: EmulatorCore, connection: ConfigConnectionRecord) {
  const gateway = core.state.gateways[keyOf(connection.gatewayId)];
  const gatewayName = gateway?.name ?? connection.gatewayId.split('/').pop() ?? '';
  const location = gateway?.location ?? core.seed.location;
  const hostname = configConnectionHostname(connection.id, connection.name, gatewayName, location);
  return {
    id: connection.id,
    name: connection.name,
    type: 'Microsoft.ApiManagement/gateways/configConnections',
    etag: connection.etag,
    properties: {
      provisioningState: liveState(core, connection),
      sourceId: connection.sourceId,
      ...(connection.activated ? { defaultHostname: hostname } : {}),
      ...(connection.hostnames ? { hostnames: connection.hostnames } : {}),
    },
  };
}
