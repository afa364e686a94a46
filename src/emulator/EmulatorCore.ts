import type { EmulatorState } from './EmulatorState';
import type { FaultSource } from './FaultController';
import type { EmulatorSeed } from './seed';

/** Options after defaults were applied. */
export interface EmulatorSettings {
  gatewayProvisioningMs: number;
  configConnectionProvisioningMs: number;
  retryAfterSeconds: number;
}

/** What every route handler may use: the state, time, settings and the emulator's own URL. */
export interface EmulatorCore {
  readonly state: EmulatorState;
  readonly seed: EmulatorSeed;
  readonly settings: EmulatorSettings;
  readonly faults: FaultSource;
  /** e.g. https://127.0.0.1:54321, used for absolute LRO and nextLink URLs. */
  readonly baseUrl: string;
  now(): number;
  nowIso(): string;
  /** Marks resources as changed: the state file is written before the response is sent. */
  changed(): void;
}
