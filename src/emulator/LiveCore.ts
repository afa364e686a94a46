import type { EmulatorCore, EmulatorSettings } from './EmulatorCore';
import type { EmulatorState } from './EmulatorState';
import type { FaultSource } from './FaultController';
import type { EmulatorSeed } from './seed';
import type { EmulatorClock } from './types';

/** The EmulatorCore of a running server; tracks whether a request changed resources. */
export class LiveCore implements EmulatorCore {
  private dirty = false;

  constructor(
    readonly state: EmulatorState,
    readonly seed: EmulatorSeed,
    readonly settings: EmulatorSettings,
    readonly faults: FaultSource,
    readonly baseUrl: string,
    private readonly clock: EmulatorClock,
  ) {}

  now(): number {
    return this.clock.now();
  }

  nowIso(): string {
    return new Date(this.clock.now()).toISOString();
  }

  changed(): void {
    this.dirty = true;
  }

  /** Returns whether anything changed since the last call, and resets the flag. */
  takeChanged(): boolean {
    const wasDirty = this.dirty;
    this.dirty = false;
    return wasDirty;
  }
}
