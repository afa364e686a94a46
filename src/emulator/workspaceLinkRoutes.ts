import { ArmError } from './ArmError';
import type { ArmResponse } from './armHttp';
import { json } from './armHttp';
import type { EmulatorCore } from './EmulatorCore';
import type { WorkspaceRecord } from './EmulatorState';
import { findWorkspace, requireService } from './parents';
import { sameId } from './resourceIds';
import { defineRoute, type Route, type RouteArguments } from './Router';

const SERVICE =
  '/subscriptions/{subscription}/resourceGroups/{group}/providers/Microsoft.ApiManagement/service/{service}';
const COLLECTION = `${SERVICE}/workspaceLinks`;

/**
 * Read-only view of which gateways serve a workspace, derived from the config connections
 * (SDK groups apiManagementWorkspaceLink(s); not in the trimmed spec, so the shape follows the
 * SDK model: workspaceId plus gateways[].id).
 */
function linkView(core: EmulatorCore, workspace: WorkspaceRecord) {
  const gateways = Object.values(core.state.configConnections)
    .filter((connection) => sameId(connection.sourceId, workspace.id))
    .map((connection) => ({ id: connection.gatewayId }));
  return {
    id: `${core.seed.serviceId}/workspaceLinks/${workspace.name}`,
    name: workspace.name,
    type: 'Microsoft.ApiManagement/service/workspaceLinks',
    etag: workspace.etag,
    properties: { workspaceId: workspace.id, gateways },
  };
}

function list({ core, params }: RouteArguments): ArmResponse {
  requireService(core, params);
  const links = Object.values(core.state.workspaces)
    .map((workspace) => linkView(core, workspace))
    .filter((link) => link.properties.gateways.length > 0);
  return json(200, { value: links });
}

function get({ core, params }: RouteArguments): ArmResponse {
  const { record } = findWorkspace(core, params);
  if (record === undefined) {
    throw new ArmError(404, 'ResourceNotFound', `Workspace '${params.workspace ?? ''}' not found.`);
  }
  return json(200, linkView(core, record));
}

export const WORKSPACE_LINK_ROUTES: readonly Route[] = [
  defineRoute('GET', COLLECTION, 'workspaceLinks.list', 'apiManagement', list),
  defineRoute('GET', `${COLLECTION}/{workspace}`, 'workspaceLinks.get', 'apiManagement', get),
];
