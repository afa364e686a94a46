import { EMULATOR_SEED } from './seed';
import { virtualNetworkId } from './resourceIds';

export interface SeedSubnet {
  name: string;
  addressPrefix: string;
  delegation?: 'Microsoft.Web/serverFarms' | 'Microsoft.Web/hostingEnvironments';
}

export interface SeedVirtualNetwork {
  id: string;
  name: string;
  location: string;
  addressPrefix: string;
  subnets: readonly SeedSubnet[];
}

const { subscriptionId, resourceGroup, subnets, virtualNetworks } = EMULATOR_SEED;
const serverFarms = 'Microsoft.Web/serverFarms';

/** Read-only network world: the bot checks subnets but never writes them. */
export const SEED_VIRTUAL_NETWORKS: readonly SeedVirtualNetwork[] = [
  {
    id: virtualNetworkId(subscriptionId, resourceGroup, virtualNetworks.eastus),
    name: virtualNetworks.eastus,
    location: 'eastus',
    addressPrefix: '10.10.0.0/16',
    subnets: [
      { name: subnets.integration, addressPrefix: '10.10.1.0/27', delegation: serverFarms },
      {
        name: subnets.injection,
        addressPrefix: '10.10.2.0/26',
        delegation: 'Microsoft.Web/hostingEnvironments',
      },
      { name: subnets.tooSmall, addressPrefix: '10.10.3.0/28', delegation: serverFarms },
      { name: subnets.tooLarge, addressPrefix: '10.10.4.0/22', delegation: serverFarms },
      { name: subnets.undelegated, addressPrefix: '10.10.8.0/26' },
    ],
  },
  {
    id: virtualNetworkId(subscriptionId, resourceGroup, virtualNetworks.westus),
    name: virtualNetworks.westus,
    location: 'westus',
    addressPrefix: '10.20.0.0/16',
    subnets: [{ name: subnets.west, addressPrefix: '10.20.1.0/27', delegation: serverFarms }],
  },
];

export interface ResolvedSubnet {
  id: string;
  network: SeedVirtualNetwork;
  subnet: SeedSubnet;
}

/** Finds a seeded subnet by its full ARM id (case-insensitive). */
export function findSubnet(subnetId: string): ResolvedSubnet | undefined {
  for (const network of SEED_VIRTUAL_NETWORKS) {
    for (const subnet of network.subnets) {
      const id = `${network.id}/subnets/${subnet.name}`;
      if (id.toLowerCase() === subnetId.toLowerCase()) return { id, network, subnet };
    }
  }
  return undefined;
}

export function prefixLength(addressPrefix: string): number {
  return Number(addressPrefix.split('/')[1]);
}
