import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomically } from './atomicFile';
import type { EmulatorState } from './EmulatorState';

const STATE_FILE = 'emulator-state.json';
/** Log-only changes are coalesced: rewriting the file for every read would dominate benchmarks. */
const LOG_FLUSH_DELAY_MS = 50;

/**
 * The single JSON file holding resources, operations and the request log. Writes go through a
 * temporary file and a rename, one at a time; changes made while a write runs are committed
 * together by the next one (group commit), so concurrent callers share the cost.
 */
export class StateFile {
  private readonly path: string;
  private sequence = 0;
  private running: Promise<void> | undefined;
  private queued: Promise<void> | undefined;
  private logTimer: NodeJS.Timeout | undefined;

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
    writeFileAtomically(this.path, JSON.stringify(state));
    return state;
  }

  /** Resolves once a write that started after this call has reached the disk. */
  commit(state: EmulatorState): Promise<void> {
    this.cancelLogTimer();
    if (this.queued !== undefined) return this.queued;
    // A failed write rejects its own callers only; the next one still runs.
    const previous = (this.running ?? Promise.resolve()).catch(() => undefined);
    const next = previous.then(() => {
      this.queued = undefined;
      this.running = this.write(JSON.stringify(state));
      return this.running;
    });
    this.queued = next;
    return next;
  }

  /** Commits soon; used when only the request log changed. */
  commitSoon(state: EmulatorState): void {
    if (this.logTimer !== undefined || this.queued !== undefined) return;
    this.logTimer = setTimeout(() => {
      this.logTimer = undefined;
      void this.commit(state);
    }, LOG_FLUSH_DELAY_MS);
    this.logTimer.unref();
  }

  /** Waits for pending writes and writes what the log timer was still holding back. */
  async flush(state: EmulatorState): Promise<void> {
    if (this.logTimer !== undefined) await this.commit(state);
    await this.queued?.catch(() => undefined);
    await this.running?.catch(() => undefined);
  }

  private async write(content: string): Promise<void> {
    this.sequence += 1;
    const temporary = `${this.path}.${process.pid}.${this.sequence}.tmp`;
    await writeFile(temporary, content);
    await rename(temporary, this.path);
  }

  private cancelLogTimer(): void {
    if (this.logTimer === undefined) return;
    clearTimeout(this.logTimer);
    this.logTimer = undefined;
  }
}
