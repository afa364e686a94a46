import { ArmError, badRequest } from './ArmError';
import type { ArmResponse } from './armHttp';
import { headerValue, json } from './armHttp';
import {
  checkCapacity,
  checkSource,
  connectionsOf,
  readConnectionInput,
  requireReadyGateway,
} from './configConnectionRules';
import { configConnectionView } from './configConnectionView';
import type { EmulatorCore } from './EmulatorCore';
import type { ConfigConnectionRecord } from './EmulatorState';
import { keyOf } from './EmulatorState';
import { ifMatchAccepts, nextEtag } from './etags';
import { checkName, NAME_RULES } from './nameRules';
import { lroHeaders, refuseWhileBusy, startOperation } from './operations';
import { pageOf } from './paging';
import { requireGateway } from './parents';
import { configConnectionId, sameId } from './resourceIds';
import { defineRoute, type Route, type RouteArguments } from './Router';

const GATEWAY =
  '/subscriptions/{subscription}/resourceGroups/{group}/providers/Microsoft.ApiManagement/gateways/{gateway}';
const COLLECTION = `${GATEWAY}/configConnections`;
const ITEM = `${COLLECTION}/{connection}`;

function findConnection(core: EmulatorCore, params: Record<string, string>) {
  const gateway = requireGateway(core, params);
  const name = params.connection ?? '';
  checkName(NAME_RULES.configConnection, name);
  const id = configConnectionId(gateway.id, name);
  return { gateway, id, name, record: core.state.configConnections[keyOf(id)] };
}

function list({ core, request, params }: RouteArguments): ArmResponse {
  const gateway = requireGateway(core, params);
  const views = connectionsOf(core, gateway).map((each) => configConnectionView(core, each));
  return json(200, pageOf(core, request, views));
}

function get({ core, params }: RouteArguments): ArmResponse {
  const { record, name, gateway } = findConnection(core, params);
  if (record === undefined) {
    const message = `Config connection '${name}' was not found on gateway '${gateway.name}'.`;
    throw new ArmError(404, 'ResourceNotFound', message);
  }
  return json(200, configConnectionView(core, record));
}

function put({ core, request, params }: RouteArguments): ArmResponse {
  const { gateway, id, name, record } = findConnection(core, params);
  const input = readConnectionInput(request.body);
  refuseWhileBusy(core, id);
  requireReadyGateway(gateway);
  const sourceId = checkSource(core, gateway, input.sourceId);
  if (record !== undefined && !sameId(record.sourceId, sourceId)) {
    const message = "Changing 'properties.sourceId' of a config connection is not allowed.";
    throw badRequest('PropertyChangeNotAllowed', message);
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
  const view = configConnectionView(core, connection);
  return json(record ? 200 : 201, view, lroHeaders(core, operation));
}

/** DELETE requires If-Match (spec IfMatchRequiredParameter), even for a missing connection. */
function remove({ core, request, params }: RouteArguments): ArmResponse {
  const ifMatch = headerValue(request.headers, 'if-match');
  if (ifMatch === undefined || ifMatch.trim() === '') {
    const message = "The 'If-Match' header is required for this operation.";
    throw badRequest('MissingIfMatchHeader', message);
  }
  const { gateway, record } = findConnection(core, params);
  if (record === undefined) return { status: 204 };
  if (!ifMatchAccepts(ifMatch, record.etag)) {
    const message = 'The If-Match header does not match the current entity tag.';
    throw new ArmError(412, 'PreconditionFailed', message);
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
