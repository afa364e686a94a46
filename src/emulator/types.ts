import type { EmulatorSeed } from './seed';
import type { FaultController } from './FaultController';

/** Time source for everything the emulator derives from time (LRO progress, createdAtUtc). */
export interface EmulatorClock {
  /** Epoch milliseconds. */
  now(): number;
}

export interface EmulatorOptions {
  /** State file and TLS cert/key live here (created if missing); state survives restart. */
  dataDir: string;
  /** Default 0 = ephemeral. The server always binds 127.0.0.1 only. */
  port?: number;
  /** How long a new gateway takes to reach Succeeded. Default 20_000. */
  gatewayProvisioningMs?: number;
  /** How long a config connection takes to reach Succeeded. Default 2_000. */
  configConnectionProvisioningMs?: number;
  /** Retry-After on LRO responses, in seconds. Default 1; 0 is allowed for tests. */
  retryAfterSeconds?: number;
  /** Default Date.now; tests pass a controllable clock so a 3-hour creation runs in ms. */
  clock?: EmulatorClock;
  /** ARM token buckets per principal: reads 250 (+25/s), writes and deletes 200 (+10/s). */
  throttling?: boolean;
}

export type PrincipalKind = 'User' | 'Group' | 'ServicePrincipal';

export interface RequestLogEntry {
  method: string;
  path: string;
  apiVersion: string | null;
  status: number;
  /** ISO time from the emulator clock. */
  at: string;
  /** e.g. "gateways.put". */
  operation: string;
}

export interface RunningEmulator {
  /** e.g. https://127.0.0.1:54321 (no trailing slash). */
  url: string;
  /** PEM of the self-signed certificate, for the SDK pipeline's tlsOptions.ca. */
  caCert: string;
  seed: EmulatorSeed;
  /** Persisted with the state, so it survives restart. */
  requestLog(): ReadonlyArray<RequestLogEntry>;
  /** In-process fault injection; the control API under /_emulator drives the same object. */
  faults: FaultController;
  addPrincipal(objectId: string, kind: PrincipalKind): void;
  close(): Promise<void>;
}
