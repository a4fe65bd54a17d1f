/**
 * One Euro filter (Casiez, Roussel, Vogel, CHI 2012): a low-pass filter whose cutoff rises with speed,
 * so a still pointer is steady and a fast one does not lag. Times in ms; cutoffs in Hz.
 */
export interface OneEuroParams {
  /** cutoff when still (Hz): lower = less jitter, more lag at low speed */
  minCutoff: number;
  /** how fast the cutoff rises with speed (per unit/s): higher = less lag on fast moves */
  beta: number;
  /** cutoff of the speed estimate (Hz) */
  dCutoff: number;
}

export const DEFAULT_ONE_EURO: OneEuroParams = { minCutoff: 1.0, beta: 10, dCutoff: 1.0 };

function alpha(cutoffHz: number, dtS: number): number {
  const tau = 1 / (2 * Math.PI * cutoffHz);
  return 1 / (1 + tau / dtS);
}

export class OneEuroFilter {
  private readonly params: OneEuroParams;
  private x: number | null = null;
  private dx = 0;
  private lastT = 0;

  constructor(params: Partial<OneEuroParams> = {}) {
    this.params = { ...DEFAULT_ONE_EURO, ...params };
  }

  /** Filter one sample taken at time tMs; a sample at the same or an earlier time returns the last output. */
  filter(value: number, tMs: number): number {
    if (this.x === null) {
      this.x = value;
      this.dx = 0;
      this.lastT = tMs;
      return value;
    }
    const dt = (tMs - this.lastT) / 1000;
    if (!(dt > 0)) return this.x;
    this.lastT = tMs;
    const rawDx = (value - this.x) / dt;
    this.dx += alpha(this.params.dCutoff, dt) * (rawDx - this.dx);
    const cutoff = this.params.minCutoff + this.params.beta * Math.abs(this.dx);
    this.x += alpha(cutoff, dt) * (value - this.x);
    return this.x;
  }

  reset(): void {
    this.x = null;
    this.dx = 0;
  }
}
