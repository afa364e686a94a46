/**
 * What provisioning needs from Azure Resource Manager. The Azure adapter implements it with the
 * Azure SDK; errors come back as `AzureError` so the core can decide whether to wait or to fail.
 */
import type { NetworkMode, WorkspaceSpec } from './request';
import type { RoleGrant } from './role-grants';

/** A long-running operation in progress. `token` is enough to resume it after a restart. */
export interface OperationState {
  done: boolean;
  token: string;
  /** Seconds Azure asked us to wait before the next poll, when it said so. */
  retryAfterSeconds?: number;
  /** What the finished resource reports that people need, such as the runtime hostname. */
  detail?: string;
}

export interface NewGateway {
  name: string;
  units: number;
  network: NetworkMode;
  subnetId?: string;
}

export interface AzureProvisioner {
  /** The workspace's resource id when it exists. */
  findWorkspace(name: string): Promise<{ resourceId: string } | undefined>;
  ensureWorkspace(workspace: WorkspaceSpec): Promise<{ resourceId: string }>;
  gatewayExists(name: string): Promise<boolean>;
  beginGateway(gateway: NewGateway): Promise<OperationState>;
  resumeGateway(name: string, token: string): Promise<OperationState>;
  /** Throws a non-retryable AzureError when the gateway can no longer take the workspace. */
  checkExistingGateway(name: string, workspaceName: string): Promise<void>;
  associationExists(gatewayName: string, connectionName: string): Promise<boolean>;
  /** When done, `detail` is the workspace's runtime hostname on the gateway. */
  beginAssociation(gatewayName: string, connectionName: string, workspaceName: string): Promise<OperationState>;
  resumeAssociation(gatewayName: string, connectionName: string, token: string): Promise<OperationState>;
  /** Grants one role under a deterministic assignment name; an existing assignment counts as done. */
  assignRole(grant: RoleGrant): Promise<void>;
  roleAssignmentExists(grant: RoleGrant): Promise<boolean>;
  /**
   * Makes sure the APIM service sends gateway logs to a Log Analytics workspace: `preferred` when
   * given, else the one the service already uses, else `fallback`. Returns the destination.
   */
  ensureServiceGatewayLogs(preferred: string | undefined, fallback: string | undefined): Promise<string>;
  /** Sends the workspace's `GatewayLogs` to `destination`; `checkFirst` reads before writing. */
  ensureWorkspaceGatewayLogs(workspaceName: string, destination: string, checkFirst: boolean): Promise<void>;
  portalUrl(workspaceName: string): string;
}

export class AzureError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly status: number | undefined,
    /** True for throttling, server errors, network errors and operations in progress. */
    readonly retryable: boolean,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'AzureError';
  }
}

/** Tracks an operation by reading the resource, used when a PUT's response or its operation was lost. */
export const TRACK_BY_READING = 'read-resource';
