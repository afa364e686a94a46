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
  readGatewayInput,
  readNetworkType,
  readSkuName,
  readSubnetId,
  readTags,
  type GatewayInput,
  WORKSPACE_GATEWAY_SKUS,
} from './gatewayRules';
import { gatewayView } from './gatewayView';
import { lroHeaders, refuseWhileBusy, startOperation } from './operations';
import { pageOf } from './paging';
import { findGateway, requireResourceGroup, requireSubscription } from './parents';
import { sameLocation } from './regions';
import { sameId } from './resourceIds';
import { defineRoute, type Route, type RouteArguments } from './Router';

const PROVIDER = 'providers/Microsoft.ApiManagement/gateways';
const BY_SUBSCRIPTION = `/subscriptions/{subscription}/${PROVIDER}`;
const COLLECTION = `/subscriptions/{subscription}/resourceGroups/{group}/${PROVIDER}`;
const ITEM = `${COLLECTION}/{gateway}`;

/** Scaling and deletion are quicker than creation; both scale with the configured time. */
const UPDATE_SHARE = 0.5;
const DELETE_SHARE = 0.25;

export function actorOf(core: EmulatorCore, principalId: string): Actor {
  const type = core.state.principals[principalId] === 'User' ? 'User' : 'Application';
  return { id: principalId, type };
}

function requireGatewayRecord(core: EmulatorCore, params: Record<string, string>) {
  const { record } = findGateway(core, params);
  if (record !== undefined) return record;
  const type = 'Microsoft.ApiManagement/gateways';
  throw resourceNotFound(type, params.gateway ?? '', params.group ?? '');
}

function immutable(property: string): never {
  throw badRequest(
    'PropertyChangeNotAllowed',
    `Changing property '${property}' is not allowed: it can only be set when the gateway is created.`,
  );
}

function allGateways(core: EmulatorCore) {
  return Object.values(core.state.gateways).map((gateway) => gatewayView(core, gateway));
}

function get({ core, params }: RouteArguments): ArmResponse {
  return json(200, gatewayView(core, requireGatewayRecord(core, params)));
}

function listByGroup({ core, request, params }: RouteArguments): ArmResponse {
  requireResourceGroup(core, params.subscription ?? '', params.group ?? '');
  return json(200, pageOf(core, request, allGateways(core)));
}

function listBySubscription({ core, request, params }: RouteArguments): ArmResponse {
  requireSubscription(core, params.subscription ?? '');
  return json(200, pageOf(core, request, allGateways(core)));
}

function skus({ core, params }: RouteArguments): ArmResponse {
  requireGatewayRecord(core, params);
  const value = WORKSPACE_GATEWAY_SKUS.map((sku) => ({
    resourceType: 'Microsoft.ApiManagement/gateways',
    sku: { name: sku.name },
    capacity: {
      minimum: sku.minimum,
      maximum: sku.maximum,
      default: sku.default,
      scaleType: 'Manual',
    },
  }));
  return json(200, { value });
}

/** PUT creates, retries a failed creation, or replaces (capacity and tags only). */
function put(args: RouteArguments): ArmResponse {
  const { core, request, params } = args;
  const { id, record } = findGateway(core, params);
  const input = readGatewayInput(request.body);
  if (record !== undefined && record.activated) return replace(args, record, input);
  if (record !== undefined) refuseWhileBusy(core, record.id);
  checkNetwork(core, { gatewayId: id, ...input });
  return create(args, id, record, input);
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
    // createdAtUtc is documented as yyyy-MM-ddTHH:mm:ssZ, without fractions.
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
  const state = { provisioningState: 'Created', targetProvisioningState: 'Activating' };
  return json(failed ? 200 : 201, gatewayView(core, gateway, state), lroHeaders(core, operation));
}

/** PUT on an existing gateway: network settings are immutable (arm-contract §5). */
function replace({ core, request }: RouteArguments, gateway: GatewayRecord, input: GatewayInput) {
  refuseWhileBusy(core, gateway.id);
  if (!sameLocation(input.location, gateway.location)) immutable('location');
  if (input.sku !== gateway.sku.name) immutable('sku.name');
  if ((input.type ?? 'None') !== (gateway.virtualNetworkType ?? 'None')) {
    immutable('virtualNetworkType');
  }
  const bothUnset = input.subnetId === undefined && gateway.subnetId === undefined;
  if (!bothUnset && !sameId(input.subnetId, gateway.subnetId)) immutable('backend.subnet.id');
  const change = { capacity: input.capacity, tags: input.tags, method: 'PUT' as const };
  return applyChanges(core, request.principalId, gateway, change);
}

interface GatewayChange {
  capacity: number;
  tags: Record<string, string> | undefined;
  method: 'PUT' | 'PATCH';
}

/** Tags apply at once; a capacity change starts an Updating operation. */
function applyChanges(
  core: EmulatorCore,
  principalId: string,
  gateway: GatewayRecord,
  change: GatewayChange,
): ArmResponse {
  const scaling = change.capacity !== gateway.sku.capacity;
  if (change.tags !== undefined) gateway.tags = change.tags;
  gateway.sku = { ...gateway.sku, capacity: change.capacity };
  gateway.lastModifiedBy = actorOf(core, principalId);
  gateway.lastModifiedAt = core.nowIso();
  gateway.etag = nextEtag(core.state);
  core.changed();
  if (!scaling) return json(200, gatewayView(core, gateway));
  const operation = startOperation(core, {
    kind: 'gateway.update',
    method: change.method,
    resourceId: gateway.id,
    gatewayId: gateway.id,
    durationMs: core.settings.gatewayProvisioningMs * UPDATE_SHARE,
  });
  const headers = lroHeaders(core, operation);
  if (change.method === 'PATCH') return { status: 202, headers };
  return json(200, gatewayView(core, gateway), headers);
}

/** PATCH: everything optional; network settings may be repeated but not changed. */
function patch({ core, request, params }: RouteArguments): ArmResponse {
  const gateway = requireGatewayRecord(core, params);
  const body = request.body;
  if (!isObject(body)) throw validationError('The request body must be a JSON object.');
  refuseWhileBusy(core, gateway.id);
  const location = body.location;
  if (location !== undefined && !sameLocation(String(location), gateway.location)) {
    immutable('location');
  }
  const properties = isObject(body.properties) ? body.properties : {};
  const type = readNetworkType(properties.virtualNetworkType);
  if (type !== undefined && type !== (gateway.virtualNetworkType ?? 'None')) {
    immutable('virtualNetworkType');
  }
  const subnetId = readSubnetId(properties);
  if (subnetId !== undefined && !sameId(subnetId, gateway.subnetId)) immutable('backend.subnet.id');
  const sku = isObject(body.sku) ? body.sku : {};
  if (sku.name !== undefined && readSkuName(sku.name) !== gateway.sku.name) immutable('sku.name');
  const { capacity: current, name } = gateway.sku;
  const capacity = sku.capacity === undefined ? current : readCapacity(sku.capacity, name);
  const change = { capacity, tags: readTags(body.tags), method: 'PATCH' as const };
  return applyChanges(core, request.principalId, gateway, change);
}

/** DELETE: 202 with the resource (target Deleting) while terminating; 204 when absent. */
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
  const properties = { ...before.properties, targetProvisioningState: 'Deleting' };
  return json(202, { ...before, properties }, lroHeaders(core, operation));
}

export const GATEWAY_ROUTES: readonly Route[] = [
  defineRoute('GET', BY_SUBSCRIPTION, 'gateways.list', 'apiManagement', listBySubscription),
  defineRoute('GET', COLLECTION, 'gateways.listByResourceGroup', 'apiManagement', listByGroup),
  defineRoute('GET', `${ITEM}/skus`, 'gateways.skus', 'apiManagement', skus),
  defineRoute('GET', ITEM, 'gateways.get', 'apiManagement', get),
  defineRoute('PUT', ITEM, 'gateways.put', 'apiManagement', put),
  defineRoute('PATCH', ITEM, 'gateways.patch', 'apiManagement', patch),
  defineRoute('DELETE', ITEM, 'gateways.delete', 'apiManagement', remove),
];
