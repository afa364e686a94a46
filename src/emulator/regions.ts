/** Azure regions the emulator accepts, keyed by programmatic name, valued by display name. */
const REGIONS: Record<string, string> = {
  eastus: 'East US',
  eastus2: 'East US 2',
  westus: 'West US',
  westus2: 'West US 2',
  westus3: 'West US 3',
  centralus: 'Central US',
  northcentralus: 'North Central US',
  southcentralus: 'South Central US',
  canadacentral: 'Canada Central',
  brazilsouth: 'Brazil South',
  northeurope: 'North Europe',
  westeurope: 'West Europe',
  uksouth: 'UK South',
  francecentral: 'France Central',
  germanywestcentral: 'Germany West Central',
  swedencentral: 'Sweden Central',
  switzerlandnorth: 'Switzerland North',
  australiaeast: 'Australia East',
  japaneast: 'Japan East',
  southeastasia: 'Southeast Asia',
  eastasia: 'East Asia',
  centralindia: 'Central India',
};

/** "East US", "eastus" and "EASTUS" all name the same region. */
export function normalizeLocation(location: string): string {
  return location.replace(/\s+/g, '').toLowerCase();
}

export function isKnownLocation(location: string): boolean {
  return normalizeLocation(location) in REGIONS;
}

export function displayLocation(location: string): string {
  return REGIONS[normalizeLocation(location)] ?? location;
}

export function sameLocation(left: string, right: string): boolean {
  return normalizeLocation(left) === normalizeLocation(right);
}
