import type { GatewayRole, ServiceRole, WorkspaceRole } from './roles';

/**
 * The workspace request: what an API team asked for and where it stands.
 * Plain data, shared by every layer; nothing here talks to Teams, Azure or a database.
 */

export const REQUEST_STATES = [
  'draft',
  'pending_approval',
  'approved',
  'provisioning',
  'still_provisioning',
  'succeeded',
  'rejected',
  'cancelled',
  'expired',
  'failed',
] as const;

export type RequestState = (typeof REQUEST_STATES)[number];

/** Network configuration of a new gateway; fixed for the gateway's lifetime. */
export type NetworkMode = 'public' | 'vnet_integration' | 'vnet_injection';

export type GatewayChoice =
  | { kind: 'new'; name: string; units: number; network: NetworkMode; subnetId?: string }
  | { kind: 'existing'; name: string };

export interface WorkspaceSpec {
  displayName: string;
  name: string;
  description: string;
}

export type PrincipalType = 'User' | 'Group';

/** A workspace member: one service-scoped and one workspace-scoped role, as the APIM how-to asks. */
export interface Member {
  /** Entra object id of the user or group. */
  principalId: string;
  principalType: PrincipalType;
  displayName: string;
  serviceRole: ServiceRole;
  workspaceRole: WorkspaceRole;
}

/** Someone who manages the gateway resource itself. */
export interface GatewayManager {
  principalId: string;
  principalType: PrincipalType;
  displayName: string;
  role: GatewayRole;
}

export interface DiagnosticsSpec {
  /** Log Analytics workspace resource id for gateway logs; empty means the service's current one. */
  logAnalyticsWorkspaceId: string;
}

/** Everything that will be created, as approved. */
export interface RequestSpec {
  workspace: WorkspaceSpec;
  gateway: GatewayChoice;
  members: Member[];
  gatewayManagers: GatewayManager[];
  diagnostics: DiagnosticsSpec;
}

export interface Person {
  /** Entra object id (`aadObjectId` in Teams activities). */
  id: string;
  name: string;
}

/** What people need to start using the workspace, filled when provisioning succeeds. */
export interface ProvisioningOutcome {
  workspaceResourceId: string;
  gatewayName: string;
  runtimeHostname: string;
  portalUrl: string;
}

export interface RequestFailure {
  step: string;
  message: string;
}

export interface WorkspaceRequest {
  id: string;
  version: number;
  state: RequestState;
  spec: RequestSpec;
  requester: Person;
  createdAt: string;
  updatedAt: string;
  /** When the request last went to approval; expiry and reminders count from here. */
  submittedAt?: string;
  decidedBy?: Person;
  decisionReason?: string;
  outcome?: ProvisioningOutcome;
  failure?: RequestFailure;
}

export const NETWORK_MODE_LABELS: Record<NetworkMode, string> = {
  public: 'Public (inbound and outbound public)',
  vnet_integration: 'VNet integration (inbound public, outbound private)',
  vnet_injection: 'VNet injection (inbound and outbound private)',
};

/** Final states: nothing more happens to the request. */
export function isFinal(state: RequestState): boolean {
  return ['succeeded', 'rejected', 'cancelled', 'expired'].includes(state);
}
