/** Injected time source: every event time in Beckon is ms from the clock's origin. */
export interface Clock {
  now(): number;
}

export function systemClock(): Clock {
  const origin = performance.now();
  return { now: () => performance.now() - origin };
}

/** A clock tests move by hand. */
export class ManualClock implements Clock {
  private current: number;
  constructor(start = 0) {
    this.current = start;
  }
  now(): number {
    return this.current;
  }
  advance(ms: number): void {
    this.current += ms;
  }
}
