import { badRequest, validationError } from './ArmError';
import { isObject } from './armHttp';
import type { EmulatorCore } from './EmulatorCore';
import type { GatewaySkuName, VirtualNetworkType } from './EmulatorState';
import { findSubnet, prefixLength } from './networkSeed';
import { isKnownLocation, sameLocation } from './regions';
import { sameId } from './resourceIds';

export interface SkuRange {
  name: GatewaySkuName;
  minimum: number;
  maximum: number;
  default: number;
}

/** Capacity ranges served by /skus (spec example ApiManagementListSKUs-Gateways.json). */
export const WORKSPACE_GATEWAY_SKUS: readonly SkuRange[] = [
  { name: 'WorkspaceGatewayStandard', minimum: 1, maximum: 4, default: 1 },
  { name: 'WorkspaceGatewayPremium', minimum: 1, maximum: 12, default: 1 },
];
/** The non-workspace "API gateway" SKU is not listed by /skus; its range is an assumption. */
const STANDARD_SKU: SkuRange = { name: 'Standard', minimum: 1, maximum: 12, default: 1 };
const SKU_NAMES = 'Standard, WorkspaceGatewayStandard, WorkspaceGatewayPremium';

const NETWORK_TYPES: readonly VirtualNetworkType[] = ['None', 'External', 'Internal'];

/** Delegation each VNet mode needs (arm-contract §5). */
const REQUIRED_DELEGATION: Record<'External' | 'Internal', string> = {
  External: 'Microsoft.Web/serverFarms',
  Internal: 'Microsoft.Web/hostingEnvironments',
};

export interface GatewayInput {
  location: string;
  sku: GatewaySkuName;
  capacity: number;
  type: VirtualNetworkType | undefined;
  subnetId: string | undefined;
  tags: Record<string, string> | undefined;
}

export function skuRange(name: string): SkuRange | undefined {
  return [...WORKSPACE_GATEWAY_SKUS, STANDARD_SKU].find((sku) => sku.name === name);
}

export function readSkuName(value: unknown): GatewaySkuName {
  const range = typeof value === 'string' ? skuRange(value) : undefined;
  if (range !== undefined) return range.name;
  throw validationError(`'sku.name' must be one of ${SKU_NAMES}; got '${String(value)}'.`);
}

export function readCapacity(value: unknown, sku: GatewaySkuName): number {
  const range = skuRange(sku) ?? STANDARD_SKU;
  if (value === undefined || value === null) return range.default;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw validationError("'sku.capacity' must be an integer.");
  }
  if (value < range.minimum || value > range.maximum) {
    throw badRequest(
      'InvalidSkuCapacity',
      `Capacity ${value} is outside the range ${range.minimum}..${range.maximum} of SKU ${sku}.`,
    );
  }
  return value;
}

export function readNetworkType(value: unknown): VirtualNetworkType | undefined {
  if (value === undefined || value === null) return undefined;
  const type = NETWORK_TYPES.find((candidate) => candidate === value);
  if (type !== undefined) return type;
  throw validationError(
    `'properties.virtualNetworkType' must be None, External or Internal; got '${String(value)}'.`,
  );
}

export function readSubnetId(properties: Record<string, unknown>): string | undefined {
  const { backend } = properties;
  const subnet = isObject(backend) ? backend.subnet : undefined;
  const id = isObject(subnet) ? subnet.id : undefined;
  if (id === undefined || id === null) return undefined;
  if (typeof id === 'string') return id;
  throw validationError("'properties.backend.subnet.id' must be a string.");
}

export function readLocation(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw badRequest('LocationRequired', "The 'location' property is required for this resource.");
  }
  if (isKnownLocation(value)) return value;
  throw badRequest(
    'LocationNotAvailableForResourceType',
    `The provided location '${value}' is not available for resource type ` +
      "'Microsoft.ApiManagement/gateways'.",
  );
}

export function readTags(value: unknown): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined;
  const valid = isObject(value) && Object.values(value).every((tag) => typeof tag === 'string');
  if (!valid) throw validationError("'tags' must be an object of string values.");
  return value as Record<string, string>;
}

/** The body of a gateway PUT: location, sku and properties are required (spec). */
export function readGatewayInput(body: unknown): GatewayInput {
  if (!isObject(body)) throw validationError('The request body must be a JSON object.');
  if (!isObject(body.properties)) throw validationError("'properties' is required.");
  if (!isObject(body.sku)) throw validationError("'sku' is required.");
  const location = readLocation(body.location);
  const sku = readSkuName(body.sku.name);
  return {
    location,
    sku,
    capacity: readCapacity(body.sku.capacity, sku),
    type: readNetworkType(body.properties.virtualNetworkType),
    subnetId: readSubnetId(body.properties),
    tags: readTags(body.tags),
  };
}

export interface NetworkRequest {
  gatewayId: string;
  location: string;
  sku: GatewaySkuName;
  type: VirtualNetworkType | undefined;
  subnetId: string | undefined;
}

/**
 * Network rules of arm-contract §5. The error codes are the emulator's own (Azure's exact
 * codes are unverified); the statuses are 400 because the request can never succeed as sent.
 */
export function checkNetwork(core: EmulatorCore, request: NetworkRequest): void {
  const type = request.type ?? 'None';
  if (type === 'None') {
    if (request.subnetId !== undefined && request.sku !== 'Standard') {
      const message = "'properties.backend.subnet.id' needs virtualNetworkType External or Internal.";
      throw badRequest('SubnetNotAllowed', message);
    }
    if (request.subnetId !== undefined) resolveSubnet(core, request.subnetId);
    return;
  }
  if (request.subnetId === undefined) {
    const message = `virtualNetworkType '${type}' requires 'properties.backend.subnet.id'.`;
    throw badRequest('SubnetRequired', message);
  }
  const { id, network, subnet } = resolveSubnet(core, request.subnetId);
  if (!sameLocation(network.location, request.location)) {
    throw badRequest(
      'SubnetLocationMismatch',
      `Virtual network '${network.name}' is in '${network.location}' and the gateway in ` +
        `'${request.location}'; they must be in the same region.`,
    );
  }
  checkDelegation(type, subnet.name, subnet.delegation);
  checkSize(subnet.name, subnet.addressPrefix);
  checkDedicated(core, request.gatewayId, id);
}

function resolveSubnet(core: EmulatorCore, subnetId: string) {
  const subscription = /^\/subscriptions\/([^/]+)\//i.exec(subnetId)?.[1];
  if (subscription !== undefined && subscription.toLowerCase() !== core.seed.subscriptionId) {
    throw badRequest(
      'InvalidSubnet',
      `Subnet '${subnetId}' must be in subscription '${core.seed.subscriptionId}', ` +
        'the subscription of the API Management instance.',
    );
  }
  const resolved = findSubnet(subnetId);
  if (resolved !== undefined) return resolved;
  throw badRequest('InvalidSubnet', `Subnet '${subnetId}' was not found.`);
}

function checkDelegation(type: 'External' | 'Internal', subnet: string, delegation?: string) {
  const required = REQUIRED_DELEGATION[type];
  if (delegation === required) return;
  const actual = delegation ? `it is delegated to '${delegation}'` : 'it has no delegation';
  throw badRequest(
    'SubnetDelegationInvalid',
    `Subnet '${subnet}' must be delegated to '${required}' for virtualNetworkType '${type}'; ${actual}.`,
  );
}

function checkSize(subnet: string, addressPrefix: string): void {
  const length = prefixLength(addressPrefix);
  if (length >= 24 && length <= 27) return;
  throw badRequest(
    'SubnetSizeInvalid',
    `Subnet '${subnet}' (${addressPrefix}) must be between /27 and /24 for a workspace gateway.`,
  );
}

function checkDedicated(core: EmulatorCore, gatewayId: string, subnetId: string): void {
  const user = Object.values(core.state.gateways).find(
    (gateway) => sameId(gateway.subnetId, subnetId) && !sameId(gateway.id, gatewayId),
  );
  if (user === undefined) return;
  throw badRequest(
    'SubnetInUse',
    `Subnet '${subnetId}' is already used by gateway '${user.name}'; ` +
      'a workspace gateway needs a dedicated subnet.',
  );
}
