import type { PrincipalKind, RequestLogEntry } from './types';

/** Who made a change, as ARM reports it in systemData. */
export interface Actor {
  id: string;
  type: 'User' | 'Application';
}

export interface WorkspaceRecord {
  id: string;
  name: string;
  displayName: string;
  description?: string;
  etag: string;
}

export type GatewaySkuName = 'Standard' | 'WorkspaceGatewayStandard' | 'WorkspaceGatewayPremium';
export type VirtualNetworkType = 'None' | 'External' | 'Internal';

export interface GatewayRecord {
  id: string;
  name: string;
  location: string;
  tags?: Record<string, string>;
  sku: { name: GatewaySkuName; capacity: number };
  virtualNetworkType?: VirtualNetworkType;
  subnetId?: string;
  /** Settled state; while an operation runs the view derives the live state from it. */
  provisioningState: string;
  /** Set once the gateway first reaches Succeeded: from then on it has a runtime hostname. */
  activated: boolean;
  createdAtUtc: string;
  createdBy: Actor;
  createdAt: string;
  lastModifiedBy: Actor;
  lastModifiedAt: string;
  etag: string;
}

export interface ConfigConnectionRecord {
  id: string;
  name: string;
  gatewayId: string;
  sourceId: string;
  hostnames?: string[];
  provisioningState: string;
  /** Set once the connection first reaches Succeeded: from then on it has a default hostname. */
  activated: boolean;
  etag: string;
}

export interface RoleAssignmentRecord {
  id: string;
  name: string;
  scope: string;
  roleDefinitionId: string;
  principalId: string;
  principalType: string;
  description?: string;
  condition?: string;
  conditionVersion?: string;
  delegatedManagedIdentityResourceId?: string;
  createdOn: string;
  updatedOn: string;
  createdBy: string;
  updatedBy: string;
}

export interface DiagnosticSettingRecord {
  id: string;
  name: string;
  resourceId: string;
  /** The properties as accepted, echoed back on reads. */
  properties: Record<string, unknown>;
}

export interface LogAnalyticsWorkspaceRecord {
  id: string;
  name: string;
  location: string;
  customerId: string;
  createdDate: string;
}

export type OperationKind =
  | 'gateway.create'
  | 'gateway.update'
  | 'gateway.delete'
  | 'configConnection.create'
  | 'configConnection.update'
  | 'configConnection.delete';

export interface OperationRecord {
  id: string;
  kind: OperationKind;
  method: 'PUT' | 'PATCH' | 'DELETE';
  /** The resource the operation acts on (canonical case). */
  resourceId: string;
  /** The gateway whose operationresults URL serves this operation. */
  gatewayId: string;
  startedAt: number;
  endsAt: number;
  failure?: { code: string; message: string };
  /** Polls left that answer 404 (fault: the status is not replicated yet). */
  notFoundPolls: number;
  result?: 'Succeeded' | 'Failed';
  endedAt?: number;
}

export interface EmulatorState {
  version: 1;
  /** Monotonic counter behind ETags, so every change yields a fresh one. */
  etagCounter: number;
  workspaces: Record<string, WorkspaceRecord>;
  gateways: Record<string, GatewayRecord>;
  configConnections: Record<string, ConfigConnectionRecord>;
  roleAssignments: Record<string, RoleAssignmentRecord>;
  diagnosticSettings: Record<string, DiagnosticSettingRecord>;
  logAnalyticsWorkspaces: Record<string, LogAnalyticsWorkspaceRecord>;
  principals: Record<string, PrincipalKind>;
  operations: Record<string, OperationRecord>;
  requestLog: RequestLogEntry[];
}

/** Records are keyed by lower-cased resource id because ARM ids are case-insensitive. */
export function keyOf(resourceId: string): string {
  return resourceId.toLowerCase();
}
