import { createHash } from 'node:crypto';
import type {
  Actor,
  ConfigConnectionRecord,
  EmulatorState,
  GatewayRecord,
  GatewaySkuName,
} from './EmulatorState';
import { keyOf } from './EmulatorState';
import { nextEtag } from './etags';
import { configConnectionId, gatewayId, workspaceId } from './resourceIds';
import { EMULATOR_SEED } from './seed';

const seed = EMULATOR_SEED;
const platformTeam: Actor = { id: 'platform-team@contoso.com', type: 'User' };

interface SeedGateway {
  name: string;
  sku: GatewaySkuName;
  capacity: number;
  createdAtUtc: string;
  workspaces: readonly string[];
}

const SEED_GATEWAYS: readonly SeedGateway[] = [
  {
    name: seed.gateways.shared,
    sku: 'WorkspaceGatewayPremium',
    capacity: 2,
    createdAtUtc: '2025-06-02T09:00:00Z',
    workspaces: ['orders', 'inventory'],
  },
  {
    name: seed.gateways.legacy,
    sku: 'WorkspaceGatewayStandard',
    capacity: 1,
    createdAtUtc: '2025-02-10T09:00:00Z',
    workspaces: ['billing'],
  },
  {
    name: seed.gateways.full,
    sku: 'WorkspaceGatewayPremium',
    capacity: 1,
    createdAtUtc: '2025-09-01T09:00:00Z',
    workspaces: seed.fullGatewayWorkspaces,
  },
];

/** The state written on first start (when the state file does not exist). */
export function createSeedState(): EmulatorState {
  const state: EmulatorState = {
    version: 1,
    etagCounter: 0x26_4400,
    workspaces: {},
    gateways: {},
    configConnections: {},
    roleAssignments: {},
    diagnosticSettings: {},
    logAnalyticsWorkspaces: {},
    principals: {},
    operations: {},
    requestLog: [],
  };
  seedWorkspaces(state);
  SEED_GATEWAYS.forEach((gateway) => seedGateway(state, gateway));
  seedDirectory(state);
  seedLogAnalytics(state);
  return state;
}

/** "team-01" → "Team 01". */
function displayNameOf(name: string): string {
  return name
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}

function seedWorkspaces(state: EmulatorState): void {
  for (const name of [...seed.workspaces, ...seed.fullGatewayWorkspaces]) {
    const id = workspaceId(seed.subscriptionId, seed.resourceGroup, seed.serviceName, name);
    state.workspaces[keyOf(id)] = {
      id,
      name,
      displayName: displayNameOf(name),
      description: `Seeded workspace ${name}`,
      etag: nextEtag(state),
    };
  }
}

function seedGateway(state: EmulatorState, gateway: SeedGateway): void {
  const id = gatewayId(seed.subscriptionId, seed.resourceGroup, gateway.name);
  const record: GatewayRecord = {
    id,
    name: gateway.name,
    location: 'East US',
    sku: { name: gateway.sku, capacity: gateway.capacity },
    virtualNetworkType: 'None',
    provisioningState: 'Succeeded',
    activated: true,
    createdAtUtc: gateway.createdAtUtc,
    createdBy: platformTeam,
    createdAt: gateway.createdAtUtc,
    lastModifiedBy: platformTeam,
    lastModifiedAt: gateway.createdAtUtc,
    etag: nextEtag(state),
  };
  state.gateways[keyOf(id)] = record;
  for (const workspace of gateway.workspaces) {
    const connection = seedConnection(state, id, workspace);
    state.configConnections[keyOf(connection.id)] = connection;
  }
}

function seedConnection(
  state: EmulatorState,
  gateway: string,
  workspace: string,
): ConfigConnectionRecord {
  const name = `cc-${workspace}`;
  return {
    id: configConnectionId(gateway, name),
    name,
    gatewayId: gateway,
    sourceId: workspaceId(seed.subscriptionId, seed.resourceGroup, seed.serviceName, workspace),
    provisioningState: 'Succeeded',
    activated: true,
    etag: nextEtag(state),
  };
}

function seedDirectory(state: EmulatorState): void {
  const people = seed.principals;
  state.principals[people.requester] = 'User';
  state.principals[people.approver] = 'User';
  state.principals[people.secondApprover] = 'User';
  state.principals[people.paymentsDevelopers] = 'Group';
  state.principals[people.bot] = 'ServicePrincipal';
}

function seedLogAnalytics(state: EmulatorState): void {
  const id = seed.logAnalyticsWorkspaceId;
  state.logAnalyticsWorkspaces[keyOf(id)] = {
    id,
    name: seed.logAnalyticsWorkspace,
    location: 'eastus',
    customerId: guidFrom(id),
    createdDate: '2025-01-15T10:00:00Z',
  };
}

/** A stable GUID-shaped value derived from a string (for ids that must not change on reseed). */
export function guidFrom(text: string): string {
  const hex = createHash('sha256').update(text).digest('hex');
  const version = `4${hex.slice(13, 16)}`;
  const variant = `8${hex.slice(17, 20)}`;
  return [hex.slice(0, 8), hex.slice(8, 12), version, variant, hex.slice(20, 32)].join('-');
}
