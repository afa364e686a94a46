import type { EmulatorCore } from './EmulatorCore';
import type { OperationRecord } from './EmulatorState';
import { keyOf } from './EmulatorState';
import { nextEtag } from './etags';
import { isWithin } from './resourceIds';

/** What happens to the resource when its long-running operation ends. */
export function finishOperation(core: EmulatorCore, operation: OperationRecord): void {
  const failed = operation.result === 'Failed';
  switch (operation.kind) {
    case 'gateway.create':
    case 'gateway.update':
      setGatewayState(core, operation.resourceId, failed ? 'Failed' : 'Succeeded');
      return;
    case 'gateway.delete':
      if (failed) setGatewayState(core, operation.resourceId, 'TerminationFailed');
      else removeResourceTree(core, operation.resourceId);
      return;
    case 'configConnection.create':
    case 'configConnection.update':
      setConnectionState(core, operation.resourceId, failed ? 'Failed' : 'Succeeded');
      return;
    case 'configConnection.delete':
      if (failed) setConnectionState(core, operation.resourceId, 'Failed');
      else removeResourceTree(core, operation.resourceId);
      return;
  }
}

function setGatewayState(core: EmulatorCore, id: string, provisioningState: string): void {
  const gateway = core.state.gateways[keyOf(id)];
  if (gateway === undefined) return;
  gateway.provisioningState = provisioningState;
  if (provisioningState === 'Succeeded') gateway.activated = true;
  gateway.etag = nextEtag(core.state);
}

function setConnectionState(core: EmulatorCore, id: string, provisioningState: string): void {
  const connection = core.state.configConnections[keyOf(id)];
  if (connection === undefined) return;
  connection.provisioningState = provisioningState;
  if (provisioningState === 'Succeeded') connection.activated = true;
  connection.etag = nextEtag(core.state);
}

/**
 * Deletes a resource with its children and its diagnostic settings (extension resources go
 * with their resource). Role assignments stay behind, orphaned, as they do in Azure.
 */
export function removeResourceTree(core: EmulatorCore, id: string): void {
  const { state } = core;
  for (const collection of [
    state.workspaces,
    state.gateways,
    state.configConnections,
    state.diagnosticSettings,
  ]) {
    for (const key of Object.keys(collection)) {
      if (isWithin(key, id)) delete collection[key];
    }
  }
  core.changed();
}
