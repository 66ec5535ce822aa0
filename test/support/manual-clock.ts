import type { Clock } from '../../src/shared/clock';

/** A clock tests move by hand: month boundaries, ten-minute hint windows, retry backoffs. */
export class ManualClock implements Clock {
  constructor(private current: number) {}
  now(): number {
    return this.current;
  }
  set(epochMs: number): void {
    this.current = epochMs;
  }
  advance(ms: number): void {
    this.current += ms;
  }
}
