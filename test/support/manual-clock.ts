import type { Clock } from '../../src/core/ports';

/** A clock that stands still until a test moves it, for expiry and reminders. */
export class ManualClock implements Clock {
  private at: number;

  constructor(start = new Date()) {
    this.at = start.getTime();
  }

  now(): Date {
    return new Date(this.at);
  }

  advance(ms: number): void {
    this.at += ms;
  }
}
