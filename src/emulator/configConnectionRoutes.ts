import { ArmError, badRequest, conflict, validationError } from './ArmError';
import type { ArmResponse } from './armHttp';
import { headerValue, isObject, json } from './armHttp';
import type { EmulatorCore } from './EmulatorCore';
import type { ConfigConnectionRecord, GatewayRecord } from './EmulatorState';
import { keyOf } from './EmulatorState';
import { ifMatchAccepts, nextEtag } from './etags';
import { configConnectionHostname } from './hostnames';
import { checkName, NAME_RULES } from './nameRules';
import { lroHeaders, refuseWhileBusy, runningOperationOn, startOperation } from './operations';
import { pageOf } from './paging';
import { requireGateway } from './parents';
import { sameLocation } from './regions';
import { configConnectionId, sameId } from './resourceIds';
import { defineRoute, type Route, type RouteArguments } from './Router';

const GATEWAY = '/subscriptions/{subscription}/resourceGroups/{group}/providers/Microsoft.ApiManagement/gateways/{gateway}';
const COLLECTION = `${GATEWAY}/configConnections`;
const ITEM = `${COLLECTION}/{connection}`;

/** Only gateways created after this date can serve several workspaces (arm-contract §5). */
const MULTI_WORKSPACE_SINCE = Date.parse('2025-04-15T00:00:00Z');
const MAX_WORKSPACES_PER_GATEWAY = 30;
const WORKSPACE_ID =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.ApiManagement\/service\/([^/]+)\/workspaces\/([^/]+)$/i;

const LIVE_STATES: Record<string, string> = {
  'configConnection.create': 'Creating',
  'configConnection.update': 'Updating',
  'configConnection.delete': 'Deleting',
};

export function configConnectionView(core: EmulatorCore, connection: ConfigConnectionRecord) {
  const operation = runningOperationOn(core, connection.id);
  const provisioningState = operation ? (LIVE_STATES[operation.kind] ?? 'Updating') : connection.provisioningState;
  const gateway = core.state.gateways[keyOf(connection.gatewayId)];
  const gatewayName = gateway?.name ?? connection.gatewayId.split('/').pop() ?? '';
  const hostname = configConnectionHostname(connection.id, connection.name, gatewayName, gateway?.location ?? core.seed.location);
  return {
    id: connection.id,
    name: connection.name,
    type: 'Microsoft.ApiManagement/gateways/configConnections',
    etag: connection.etag,
    properties: {
      provisioningState,
      sourceId: connection.sourceId,
      ...(connection.activated ? { defaultHostname: hostname } : {}),
      ...(connection.hostnames ? { hostnames: connection.hostnames } : {}),
    },
  };
}

function findConnection(core: EmulatorCore, params: Record<string, string>) {
  const gateway = requireGateway(core, params);
  const name = params.connection ?? '';
  checkName(NAME_RULES.configConnection, name);
  const id = configConnectionId(gateway.id, name);
  return { gateway, id, name, record: core.state.configConnections[keyOf(id)] };
}

function connectionsOf(core: EmulatorCore, gateway: GatewayRecord): ConfigConnectionRecord[] {
  return Object.values(core.state.configConnections).filter((connection) =>
    sameId(connection.gatewayId, gateway.id),
  );
}

function list({ core, request, params }: RouteArguments): ArmResponse {
  const gateway = requireGateway(core, params);
  const views = connectionsOf(core, gateway).map((connection) => configConnectionView(core, connection));
  return json(200, pageOf(core, request, views));
}

function get({ core, params }: RouteArguments): ArmResponse {
  const { record, name } = findConnection(core, params);
  if (record === undefined) {
    throw new ArmError(404, 'ResourceNotFound', `Config connection '${name}' was not found on gateway '${params.gateway ?? ''}'.`);
  }
  return json(200, configConnectionView(core, record));
}

interface ConnectionInput {
  sourceId: string;
  hostnames: string[] | undefined;
}

function readInput(body: unknown): ConnectionInput {
  if (!isObject(body) || !isObject(body.properties)) throw validationError("'properties' is required.");
  const { sourceId, hostnames } = body.properties;
  if (typeof sourceId !== 'string' || sourceId.trim() === '') {
    throw validationError("'properties.sourceId' is required: the resource id of an API Management workspace.");
  }
  const validHostnames = hostnames === undefined || hostnames === null ||
    (Array.isArray(hostnames) && hostnames.every((hostname) => typeof hostname === 'string'));
  if (!validHostnames) throw validationError("'properties.hostnames' must be an array of strings.");
  return { sourceId, hostnames: Array.isArray(hostnames) ? (hostnames as string[]) : undefined };
}

/** sourceId must name an existing workspace of an instance in the gateway's subscription and region. */
function checkSource(core: EmulatorCore, gateway: GatewayRecord, sourceId: string): string {
  const parts = WORKSPACE_ID.exec(sourceId);
  if (parts === null) {
    throw badRequest('InvalidSourceId', `'${sourceId}' is not the resource id of a Microsoft.ApiManagement/service/workspaces resource.`);
  }
  const workspace = core.state.workspaces[keyOf(sourceId)];
  if (workspace === undefined) {
    throw badRequest('InvalidSourceId', `Workspace '${sourceId}' was not found.`);
  }
  if (!sameLocation(gateway.location, core.seed.location)) {
    throw badRequest(
      'GatewayLocationMismatch',
      `Gateway '${gateway.name}' is in '${gateway.location}'; a workspace gateway must be in the primary region '${core.seed.location}' of API Management instance '${parts[3] ?? ''}'.`,
    );
  }
  return workspace.id;
}

/** One workspace per gateway created before 2025-04-15, at most 30 on newer ones, one instance. */
function checkCapacity(core: EmulatorCore, gateway: GatewayRecord, connectionId: string, sourceId: string) {
  const others = connectionsOf(core, gateway).filter((connection) => !sameId(connection.id, connectionId));
  const workspaces = new Set(others.map((connection) => connection.sourceId.toLowerCase()));
  if (workspaces.has(sourceId.toLowerCase())) return;
  const service = sourceId.toLowerCase().split('/workspaces/')[0];
  if ([...workspaces].some((workspace) => !workspace.startsWith(`${service}/`))) {
    throw badRequest('WorkspaceFromAnotherInstance', `All workspaces on gateway '${gateway.name}' must belong to the same API Management instance.`);
  }
  if (workspaces.size >= 1 && Date.parse(gateway.createdAtUtc) < MULTI_WORKSPACE_SINCE) {
    throw badRequest(
      'GatewayDoesNotSupportMultipleWorkspaces',
      `Gateway '${gateway.name}' was created before 2025-04-15 and can serve only one workspace.`,
    );
  }
  if (workspaces.size >= MAX_WORKSPACES_PER_GATEWAY) {
    throw badRequest(
      'GatewayWorkspaceLimitReached',
      `Gateway '${gateway.name}' already serves ${MAX_WORKSPACES_PER_GATEWAY} workspaces, the maximum.`,
    );
  }
}

function put({ core, request, params }: RouteArguments): ArmResponse {
  const { gateway, id, name, record } = findConnection(core, params);
  const input = readInput(request.body);
  refuseWhileBusy(core, id);
  if (gateway.provisioningState !== 'Succeeded') {
    throw conflict('GatewayNotReady', `Gateway '${gateway.name}' is in state '${gateway.provisioningState}'; it must be Succeeded.`);
  }
  const sourceId = checkSource(core, gateway, input.sourceId);
  if (record !== undefined && !sameId(record.sourceId, sourceId)) {
    throw badRequest('PropertyChangeNotAllowed', "Changing 'properties.sourceId' of a config connection is not allowed.");
  }
  checkCapacity(core, gateway, id, sourceId);
  const connection: ConfigConnectionRecord = {
    id: record?.id ?? id,
    name: record?.name ?? name,
    gatewayId: gateway.id,
    sourceId,
    ...(input.hostnames ? { hostnames: input.hostnames } : {}),
    provisioningState: record?.provisioningState ?? 'Creating',
    activated: record?.activated ?? false,
    etag: nextEtag(core.state),
  };
  core.state.configConnections[keyOf(connection.id)] = connection;
  const operation = startOperation(core, {
    kind: record ? 'configConnection.update' : 'configConnection.create',
    method: 'PUT',
    resourceId: connection.id,
    gatewayId: gateway.id,
    durationMs: core.settings.configConnectionProvisioningMs,
  });
  return json(record ? 200 : 201, configConnectionView(core, connection), lroHeaders(core, operation));
}

function remove({ core, request, params }: RouteArguments): ArmResponse {
  const ifMatch = headerValue(request.headers, 'if-match');
  if (ifMatch === undefined || ifMatch.trim() === '') {
    throw badRequest('MissingIfMatchHeader', "The 'If-Match' header is required for this operation.");
  }
  const { gateway, record } = findConnection(core, params);
  if (record === undefined) return { status: 204 };
  if (!ifMatchAccepts(ifMatch, record.etag)) {
    throw new ArmError(412, 'PreconditionFailed', 'The If-Match header does not match the current entity tag of the config connection.');
  }
  refuseWhileBusy(core, record.id);
  const operation = startOperation(core, {
    kind: 'configConnection.delete',
    method: 'DELETE',
    resourceId: record.id,
    gatewayId: gateway.id,
    durationMs: core.settings.configConnectionProvisioningMs,
  });
  return { status: 202, headers: lroHeaders(core, operation) };
}

export const CONFIG_CONNECTION_ROUTES: readonly Route[] = [
  defineRoute('GET', COLLECTION, 'configConnections.list', 'apiManagement', list),
  defineRoute('GET', ITEM, 'configConnections.get', 'apiManagement', get),
  defineRoute('PUT', ITEM, 'configConnections.put', 'apiManagement', put),
  defineRoute('DELETE', ITEM, 'configConnections.delete', 'apiManagement', remove),
];
