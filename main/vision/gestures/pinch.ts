/** Pinch state with hysteresis: thumb tip to index tip over palm size, closed below `close`, open above `open`. */
export interface PinchConfig {
  close: number;
  open: number;
  /** the index tip must reach at least this far (wrist-to-tip / wrist-to-PIP): a fist's folded thumb is not a pinch */
  minIndexReach: number;
}

export const DEFAULT_PINCH: PinchConfig = { close: 0.25, open: 0.4, minIndexReach: 0.85 };

export type PinchEdge = 'closed' | 'opened' | null;

export class PinchDetector {
  closed = false;
  constructor(private readonly config: PinchConfig = DEFAULT_PINCH) {}

  update(ratio: number, indexReach: number): PinchEdge {
    if (!this.closed && ratio < this.config.close && indexReach >= this.config.minIndexReach) {
      this.closed = true;
      return 'closed';
    }
    if (this.closed && ratio > this.config.open) {
      this.closed = false;
      return 'opened';
    }
    return null;
  }

  reset(): void {
    this.closed = false;
  }
}
