import type { Clock } from '../src/core/ports';

/** Where a warp clock stands: it reads `simMs` at wall time `wallMs` and runs at `speed`. */
export interface WarpState {
  wallMs: number;
  simMs: number;
  speed: number;
}

/**
 * A clock that runs at a chosen speed (0 stands still, 1 is real time, 6 six times faster) and
 * can jump ahead. Its state is plain data, so a clock in another process can follow it exactly.
 */
export class WarpClock implements Clock {
  private state: WarpState;

  constructor(speed = 1, start = Date.now()) {
    this.state = { wallMs: Date.now(), simMs: start, speed };
  }

  static following(state: WarpState): WarpClock {
    const clock = new WarpClock();
    clock.state = { ...state };
    return clock;
  }

  now(): Date {
    return new Date(this.epochMs());
  }

  epochMs(): number {
    const { wallMs, simMs, speed } = this.state;
    return simMs + (Date.now() - wallMs) * speed;
  }

  advance(ms: number): void {
    this.rebase();
    this.state.simMs += ms;
  }

  setSpeed(speed: number): void {
    this.rebase();
    this.state.speed = speed;
  }

  follow(state: WarpState): void {
    this.state = { ...state };
  }

  snapshot(): WarpState {
    return { ...this.state };
  }

  private rebase(): void {
    const simMs = this.epochMs();
    this.state = { ...this.state, wallMs: Date.now(), simMs };
  }
}
