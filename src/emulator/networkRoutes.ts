import { ArmError, resourceNotFound } from './ArmError';
import type { ArmResponse } from './armHttp';
import { json } from './armHttp';
import { guidFrom } from './createSeedState';
import type { EmulatorCore } from './EmulatorCore';
import type { SeedSubnet, SeedVirtualNetwork } from './networkSeed';
import { SEED_VIRTUAL_NETWORKS } from './networkSeed';
import { requireResourceGroup, requireSubscription } from './parents';
import { defineRoute, type Route, type RouteArguments } from './Router';

const PROVIDER = 'providers/Microsoft.Network/virtualNetworks';
const ALL = `/subscriptions/{subscription}/${PROVIDER}`;
const COLLECTION = `/subscriptions/{subscription}/resourceGroups/{group}/${PROVIDER}`;
const ITEM = `${COLLECTION}/{network}`;
const NSG_NAME = 'nsg-apim-gateways';

function etagOf(id: string): string {
  return `W/"${guidFrom(`etag:${id}`)}"`;
}

function subnetView(network: SeedVirtualNetwork, subnet: SeedSubnet) {
  const id = `${network.id}/subnets/${subnet.name}`;
  const nsgId = network.id.replace(/virtualNetworks\/.*$/, `networkSecurityGroups/${NSG_NAME}`);
  const delegations = subnet.delegation
    ? [{
        name: 'delegation',
        id: `${id}/delegations/delegation`,
        etag: etagOf(`${id}/delegations`),
        type: 'Microsoft.Network/virtualNetworks/subnets/delegations',
        properties: {
          provisioningState: 'Succeeded',
          serviceName: subnet.delegation,
          actions: ['Microsoft.Network/virtualNetworks/subnets/action'],
        },
      }]
    : [];
  return {
    name: subnet.name,
    id,
    etag: etagOf(id),
    type: 'Microsoft.Network/virtualNetworks/subnets',
    properties: {
      provisioningState: 'Succeeded',
      addressPrefix: subnet.addressPrefix,
      networkSecurityGroup: { id: nsgId },
      delegations,
      privateEndpointNetworkPolicies: 'Disabled',
      privateLinkServiceNetworkPolicies: 'Enabled',
    },
  };
}

function networkView(network: SeedVirtualNetwork) {
  return {
    name: network.name,
    id: network.id,
    etag: etagOf(network.id),
    type: 'Microsoft.Network/virtualNetworks',
    location: network.location,
    properties: {
      provisioningState: 'Succeeded',
      resourceGuid: guidFrom(network.id),
      addressSpace: { addressPrefixes: [network.addressPrefix] },
      subnets: network.subnets.map((subnet) => subnetView(network, subnet)),
      virtualNetworkPeerings: [],
      enableDdosProtection: false,
    },
  };
}

function requireNetwork(core: EmulatorCore, params: Record<string, string>): SeedVirtualNetwork {
  requireResourceGroup(core, params.subscription ?? '', params.group ?? '');
  const wanted = params.network?.toLowerCase();
  const network = SEED_VIRTUAL_NETWORKS.find((each) => each.name.toLowerCase() === wanted);
  if (network !== undefined) return network;
  const type = 'Microsoft.Network/virtualNetworks';
  throw resourceNotFound(type, params.network ?? '', params.group ?? '');
}

function getNetwork({ core, params }: RouteArguments): ArmResponse {
  return json(200, networkView(requireNetwork(core, params)));
}

function listByGroup({ core, params }: RouteArguments): ArmResponse {
  requireResourceGroup(core, params.subscription ?? '', params.group ?? '');
  return json(200, { value: SEED_VIRTUAL_NETWORKS.map((network) => networkView(network)) });
}

function listAll({ core, params }: RouteArguments): ArmResponse {
  requireSubscription(core, params.subscription ?? '');
  return json(200, { value: SEED_VIRTUAL_NETWORKS.map((network) => networkView(network)) });
}

function getSubnet({ core, params }: RouteArguments): ArmResponse {
  const network = requireNetwork(core, params);
  const wanted = params.subnet?.toLowerCase();
  const subnet = network.subnets.find((candidate) => candidate.name.toLowerCase() === wanted);
  if (subnet === undefined) {
    const message = `Resource ${network.id}/subnets/${params.subnet ?? ''} not found.`;
    throw new ArmError(404, 'NotFound', message);
  }
  return json(200, subnetView(network, subnet));
}

function listSubnets({ core, params }: RouteArguments): ArmResponse {
  const network = requireNetwork(core, params);
  return json(200, { value: network.subnets.map((subnet) => subnetView(network, subnet)) });
}

export const NETWORK_ROUTES: readonly Route[] = [
  defineRoute('GET', ALL, 'virtualNetworks.listAll', 'network', listAll),
  defineRoute('GET', COLLECTION, 'virtualNetworks.list', 'network', listByGroup),
  defineRoute('GET', ITEM, 'virtualNetworks.get', 'network', getNetwork),
  defineRoute('GET', `${ITEM}/subnets`, 'subnets.list', 'network', listSubnets),
  defineRoute('GET', `${ITEM}/subnets/{subnet}`, 'subnets.get', 'network', getSubnet),
];
