import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomically } from './atomicFile';
import type { EmulatorState } from './EmulatorState';

const STATE_FILE = 'emulator-state.json';
/** Log-only changes are coalesced: rewriting the file for every read would dominate benchmarks. */
const LOG_FLUSH_DELAY_MS = 50;

/** The single JSON file holding resources, operations and the request log. */
export class StateFile {
  private readonly path: string;
  private pendingTimer: NodeJS.Timeout | undefined;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.path = join(dataDir, STATE_FILE);
  }

  /** Returns the stored state, or seeds (and stores) one when the file does not exist. */
  loadOrSeed(seed: () => EmulatorState): EmulatorState {
    if (existsSync(this.path)) {
      return JSON.parse(readFileSync(this.path, 'utf8')) as EmulatorState;
    }
    const state = seed();
    this.save(state);
    return state;
  }

  save(state: EmulatorState): void {
    this.cancelPending();
    writeFileAtomically(this.path, JSON.stringify(state));
  }

  /** Saves soon; used when only the request log changed. */
  saveSoon(state: EmulatorState): void {
    if (this.pendingTimer !== undefined) return;
    this.pendingTimer = setTimeout(() => {
      this.pendingTimer = undefined;
      this.save(state);
    }, LOG_FLUSH_DELAY_MS);
    this.pendingTimer.unref();
  }

  flush(state: EmulatorState): void {
    if (this.pendingTimer !== undefined) this.save(state);
  }

  private cancelPending(): void {
    if (this.pendingTimer === undefined) return;
    clearTimeout(this.pendingTimer);
    this.pendingTimer = undefined;
  }
}
