/** Lets at most `perSecond` actions through, evenly spaced (no bursts): 5/s = one per 200 ms. */
export class RateLimiter {
  private last = Number.NEGATIVE_INFINITY;
  readonly intervalMs: number;

  constructor(perSecond: number) {
    if (!(perSecond > 0)) throw new RangeError(`rate must be positive, got ${perSecond}`);
    this.intervalMs = 1000 / perSecond;
  }

  /** True, and counts it, when an action may run at `nowMs`. */
  tryTake(nowMs: number): boolean {
    const since = nowMs - this.last;
    if (since < this.intervalMs) return false;
    // Keep to the grid while frames come steadily (30 fps frames still give 5/s, not 4.3/s);
    // after a pause, start afresh from now.
    this.last = since < 2 * this.intervalMs ? this.last + this.intervalMs : nowMs;
    return true;
  }

  reset(): void {
    this.last = Number.NEGATIVE_INFINITY;
  }
}
