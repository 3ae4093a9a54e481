/** Every time read in the server goes through a Clock, so expiry and cooldown tests can use FakeClock. */
export interface Clock {
  /** Current time in Unix milliseconds. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A manually advanced clock for tests (security.md §0). */
export class FakeClock implements Clock {
  private current: number;

  constructor(start = Date.UTC(2026, 0, 1)) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  /** Moves time forward by `ms` milliseconds. */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('FakeClock.advance needs a non-negative number');
    this.current += ms;
  }

  /** Jumps to an absolute time (Unix ms). */
  set(ms: number): void {
    this.current = ms;
  }
}
