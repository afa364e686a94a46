import { badRequest, resourceNotFound, validationError } from './ArmError';
import type { ArmResponse } from './armHttp';
import { isObject, json } from './armHttp';
import type { EmulatorCore } from './EmulatorCore';
import type { Actor, GatewayRecord } from './EmulatorState';
import { keyOf } from './EmulatorState';
import { nextEtag } from './etags';
import {
  checkNetwork,
  readCapacity,
  readLocation,
  readNetworkType,
  readSkuName,
  readSubnetId,
  WORKSPACE_GATEWAY_SKUS,
} from './gatewayRules';
import { gatewayView } from './gatewayView';
import { lroHeaders, refuseWhileBusy, startOperation } from './operations';
import { pageOf } from './paging';
import { findGateway, requireResourceGroup, requireSubscription } from './parents';
import { sameLocation } from './regions';
import { sameId } from './resourceIds';
import { defineRoute, type Route, type RouteArguments } from './Router';

const GROUP = '/subscriptions/{subscription}/resourceGroups/{group}';
const COLLECTION = `${GROUP}/providers/Microsoft.ApiManagement/gateways`;
const ITEM = `${COLLECTION}/{gateway}`;

/** Scaling and deletion are quicker than creation; both scale with the configured time. */
const UPDATE_SHARE = 0.5;
const DELETE_SHARE = 0.25;

export function actorOf(core: EmulatorCore, principalId: string): Actor {
  return { id: principalId, type: core.state.principals[principalId] === 'User' ? 'User' : 'Application' };
}

function readTags(value: unknown): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined;
  const valid = isObject(value) && Object.values(value).every((tag) => typeof tag === 'string');
  if (!valid) throw validationError("'tags' must be an object of string values.");
  return value as Record<string, string>;
}

function requireGatewayRecord(core: EmulatorCore, params: Record<string, string>) {
  const { record } = findGateway(core, params);
  if (record === undefined) {
    throw resourceNotFound('Microsoft.ApiManagement/gateways', params.gateway ?? '', params.group ?? '');
  }
  return record;
}

function immutable(property: string): never {
  throw badRequest(
    'PropertyChangeNotAllowed',
    `Changing property '${property}' is not allowed: it can only be set when the gateway is created.`,
  );
}

function get({ core, params }: RouteArguments): ArmResponse {
  return json(200, gatewayView(core, requireGatewayRecord(core, params)));
}

function listByGroup({ core, request, params }: RouteArguments): ArmResponse {
  requireResourceGroup(core, params.subscription ?? '', params.group ?? '');
  return json(200, pageOf(core, request, Object.values(core.state.gateways).map((gateway) => gatewayView(core, gateway))));
}

function listBySubscription({ core, request, params }: RouteArguments): ArmResponse {
  requireSubscription(core, params.subscription ?? '');
  return json(200, pageOf(core, request, Object.values(core.state.gateways).map((gateway) => gatewayView(core, gateway))));
}

function skus({ core, params }: RouteArguments): ArmResponse {
  requireGatewayRecord(core, params);
  const value = WORKSPACE_GATEWAY_SKUS.map((sku) => ({
    resourceType: 'Microsoft.ApiManagement/gateways',
    sku: { name: sku.name },
    capacity: { minimum: sku.minimum, maximum: sku.maximum, default: sku.default, scaleType: 'Manual' },
  }));
  return json(200, { value });
}

function put(args: RouteArguments): ArmResponse {
  const { core, request, params } = args;
  const { id, record } = findGateway(core, params);
  const body = request.body;
  if (!isObject(body)) throw validationError('The request body must be a JSON object.');
  if (!isObject(body.properties)) throw validationError("'properties' is required.");
  if (!isObject(body.sku)) throw validationError("'sku' is required.");
  const location = readLocation(body.location);
  const sku = readSkuName(body.sku.name);
  const capacity = readCapacity(body.sku.capacity, sku);
  const type = readNetworkType(body.properties.virtualNetworkType);
  const subnetId = readSubnetId(body.properties);
  const tags = readTags(body.tags);
  if (record !== undefined && record.activated) {
    return replace(args, record, { location, sku, capacity, type, subnetId, tags });
  }
  if (record !== undefined) refuseWhileBusy(core, record.id);
  checkNetwork(core, { gatewayId: id, location, sku, type, subnetId });
  return create(args, id, record, { location, sku, capacity, type, subnetId, tags });
}

interface GatewayInput {
  location: string;
  sku: GatewayRecord['sku']['name'];
  capacity: number;
  type: GatewayRecord['virtualNetworkType'];
  subnetId: string | undefined;
  tags: Record<string, string> | undefined;
}

/** New gateway (or a retry of one whose creation failed): 201 + LRO headers, state Created. */
function create(
  { core, request, params }: RouteArguments,
  id: string,
  failed: GatewayRecord | undefined,
  input: GatewayInput,
): ArmResponse {
  const actor = actorOf(core, request.principalId);
  const now = core.nowIso();
  const gateway: GatewayRecord = {
    id: failed?.id ?? id,
    name: failed?.name ?? params.gateway ?? '',
    location: input.location,
    ...(input.tags ? { tags: input.tags } : {}),
    sku: { name: input.sku, capacity: input.capacity },
    ...(input.type ? { virtualNetworkType: input.type } : {}),
    ...(input.subnetId ? { subnetId: input.subnetId } : {}),
    provisioningState: 'Created',
    activated: false,
    createdAtUtc: failed?.createdAtUtc ?? now.replace(/\.\d{3}Z$/, 'Z'),
    createdBy: failed?.createdBy ?? actor,
    createdAt: failed?.createdAt ?? now,
    lastModifiedBy: actor,
    lastModifiedAt: now,
    etag: nextEtag(core.state),
  };
  core.state.gateways[keyOf(gateway.id)] = gateway;
  const operation = startOperation(core, {
    kind: 'gateway.create',
    method: 'PUT',
    resourceId: gateway.id,
    gatewayId: gateway.id,
    durationMs: core.settings.gatewayProvisioningMs,
  });
  const view = gatewayView(core, gateway, {
    provisioningState: 'Created',
    targetProvisioningState: 'Activating',
  });
  return json(failed ? 200 : 201, view, lroHeaders(core, operation));
}

/** PUT on an existing gateway: network settings are immutable, capacity changes are an LRO. */
function replace(
  { core, request }: RouteArguments,
  gateway: GatewayRecord,
  input: GatewayInput,
): ArmResponse {
  refuseWhileBusy(core, gateway.id);
  if (!sameLocation(input.location, gateway.location)) immutable('location');
  if (input.sku !== gateway.sku.name) immutable('sku.name');
  if ((input.type ?? 'None') !== (gateway.virtualNetworkType ?? 'None')) immutable('virtualNetworkType');
  if (!sameSubnet(input.subnetId, gateway.subnetId)) immutable('backend.subnet.id');
  return applyChanges(core, request.principalId, gateway, input.capacity, input.tags, 200);
}

function sameSubnet(left: string | undefined, right: string | undefined): boolean {
  return (left === undefined && right === undefined) || sameId(left, right);
}

/** Tags apply at once; a capacity change starts an Updating operation. */
function applyChanges(
  core: EmulatorCore,
  principalId: string,
  gateway: GatewayRecord,
  capacity: number,
  tags: Record<string, string> | undefined,
  lroStatus: 200 | 202,
): ArmResponse {
  const scaling = capacity !== gateway.sku.capacity;
  if (tags !== undefined) gateway.tags = tags;
  gateway.sku = { ...gateway.sku, capacity };
  gateway.lastModifiedBy = actorOf(core, principalId);
  gateway.lastModifiedAt = core.nowIso();
  gateway.etag = nextEtag(core.state);
  core.changed();
  if (!scaling) return json(200, gatewayView(core, gateway));
  const operation = startOperation(core, {
    kind: 'gateway.update',
    method: lroStatus === 202 ? 'PATCH' : 'PUT',
    resourceId: gateway.id,
    gatewayId: gateway.id,
    durationMs: core.settings.gatewayProvisioningMs * UPDATE_SHARE,
  });
  const headers = lroHeaders(core, operation);
  return lroStatus === 202 ? { status: 202, headers } : json(200, gatewayView(core, gateway), headers);
}

function patch({ core, request, params }: RouteArguments): ArmResponse {
  const gateway = requireGatewayRecord(core, params);
  const body = request.body;
  if (!isObject(body)) throw validationError('The request body must be a JSON object.');
  refuseWhileBusy(core, gateway.id);
  if (body.location !== undefined && !sameLocation(String(body.location), gateway.location)) {
    immutable('location');
  }
  const properties = isObject(body.properties) ? body.properties : {};
  const type = readNetworkType(properties.virtualNetworkType);
  if (type !== undefined && type !== (gateway.virtualNetworkType ?? 'None')) immutable('virtualNetworkType');
  const subnetId = readSubnetId(properties);
  if (subnetId !== undefined && !sameId(subnetId, gateway.subnetId)) immutable('backend.subnet.id');
  const sku = isObject(body.sku) ? body.sku : {};
  if (sku.name !== undefined && readSkuName(sku.name) !== gateway.sku.name) immutable('sku.name');
  const capacity = sku.capacity === undefined ? gateway.sku.capacity : readCapacity(sku.capacity, gateway.sku.name);
  return applyChanges(core, request.principalId, gateway, capacity, readTags(body.tags), 202);
}

function remove({ core, params }: RouteArguments): ArmResponse {
  const { record } = findGateway(core, params);
  if (record === undefined) return { status: 204 };
  refuseWhileBusy(core, record.id);
  const before = gatewayView(core, record);
  const operation = startOperation(core, {
    kind: 'gateway.delete',
    method: 'DELETE',
    resourceId: record.id,
    gatewayId: record.id,
    durationMs: core.settings.gatewayProvisioningMs * DELETE_SHARE,
  });
  const body = { ...before, properties: { ...before.properties, targetProvisioningState: 'Deleting' } };
  return json(202, body, lroHeaders(core, operation));
}

export const GATEWAY_ROUTES: readonly Route[] = [
  defineRoute('GET', '/subscriptions/{subscription}/providers/Microsoft.ApiManagement/gateways', 'gateways.list', 'apiManagement', listBySubscription),
  defineRoute('GET', COLLECTION, 'gateways.listByResourceGroup', 'apiManagement', listByGroup),
  defineRoute('GET', `${ITEM}/skus`, 'gateways.skus', 'apiManagement', skus),
  defineRoute('GET', ITEM, 'gateways.get', 'apiManagement', get),
  defineRoute('PUT', ITEM, 'gateways.put', 'apiManagement', put),
  defineRoute('PATCH', ITEM, 'gateways.patch', 'apiManagement', patch),
  defineRoute('DELETE', ITEM, 'gateways.delete', 'apiManagement', remove),
];
