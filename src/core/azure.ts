/**
 * What provisioning needs from Azure Resource Manager. The Azure adapter implements it with the
 * Azure SDK; errors come back as `AzureError` so the core can decide whether to wait or to fail.
 */
import type { NetworkMode, WorkspaceSpec } from './request';

/** A long-running operation in progress. `token` is enough to resume it after a restart. */
export interface OperationState {
  done: boolean;
  token: string;
  /** Seconds Azure asked us to wait before the next poll, when it said so. */
  retryAfterSeconds?: number;
}

export interface NewGateway {
  name: string;
  units: number;
  network: NetworkMode;
  subnetId?: string;
}

export interface AzureProvisioner {
  ensureWorkspace(workspace: WorkspaceSpec): Promise<{ resourceId: string }>;
  gatewayExists(name: string): Promise<boolean>;
  beginGateway(gateway: NewGateway): Promise<OperationState>;
  resumeGateway(name: string, token: string): Promise<OperationState>;
  /** Throws a non-retryable AzureError when the gateway can no longer take the workspace. */
  checkExistingGateway(name: string, workspaceName: string): Promise<void>;
  associationExists(gatewayName: string, connectionName: string): Promise<boolean>;
  beginAssociation(gatewayName: string, connectionName: string, workspaceName: string): Promise<OperationState>;
  resumeAssociation(gatewayName: string, connectionName: string, token: string): Promise<OperationState>;
  /** The runtime hostname of the workspace on the gateway, once the association is ready. */
  runtimeHostname(gatewayName: string, connectionName: string): Promise<string>;
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

/** Tracks an operation by reading the resource, used when a PUT's response was lost. */
export const TRACK_BY_READING = 'read-resource';
