/**
 * Pointer mode: the index fingertip drives a pointer in normalised screen coordinates, smoothed by a
 * One Euro filter per axis; a pinch clicks, and an optional dwell clicks when the pointer rests.
 */
import { OneEuroFilter, DEFAULT_ONE_EURO, type OneEuroParams } from './one-euro.ts';
import { PinchDetector, DEFAULT_PINCH, type PinchConfig } from './pinch.ts';
import type { PointerLabel } from './types.ts';

export interface PointerConfig {
  enabled: boolean;
  /** which hand drives the pointer; 'any' takes the first hand seen and keeps it until it is lost */
  hand: 'left' | 'right' | 'any';
  oneEuro: OneEuroParams;
  /** the part of the frame (normalised) mapped onto the whole screen, so the edges can be reached */
  region: { x0: number; y0: number; x1: number; y1: number };
  /** a pointer-move is reported when the pointer moved at least this much */
  moveEpsilon: number;
  clickOnPinch: boolean;
  /** the click lands where the pointer was this long before the pinch closed (closing a pinch drags the fingertip) */
  clickLookbackMs: number;
  /** dwell click: 0 turns it off */
  dwellMs: number;
  dwellRadius: number;
  pinch: PinchConfig;
}

export const DEFAULT_POINTER: PointerConfig = {
  enabled: false,
  hand: 'any',
  oneEuro: DEFAULT_ONE_EURO,
  region: { x0: 0.1, y0: 0.1, x1: 0.9, y1: 0.9 },
  moveEpsilon: 0.002,
  clickOnPinch: true,
  clickLookbackMs: 100,
  dwellMs: 0,
  dwellRadius: 0.02,
  pinch: DEFAULT_PINCH,
};

export interface PointerFire {
  label: PointerLabel;
  x: number;
  y: number;
}

const clamp01 = (v: number) => (v < 0 ? 0 : v > 1 ? 1 : v);

export class PointerTracker {
  private readonly fx: OneEuroFilter;
  private readonly fy: OneEuroFilter;
  private readonly pinch: PinchDetector;
  private trail: { t: number; x: number; y: number }[] = [];
  private lastMove: { x: number; y: number } | null = null;
  private dwell: { t: number; x: number; y: number; fired: boolean } | null = null;

  constructor(private readonly config: PointerConfig) {
    this.fx = new OneEuroFilter(config.oneEuro);
    this.fy = new OneEuroFilter(config.oneEuro);
    this.pinch = new PinchDetector(config.pinch);
  }

  /** tipX/tipY: the index fingertip in normalised frame coordinates (already mirrored if asked). */
  update(t: number, tipX: number, tipY: number, pinchRatio: number, indexReach: number): PointerFire[] {
    const c = this.config;
    const r = c.region;
    const x = this.fx.filter(clamp01((tipX - r.x0) / (r.x1 - r.x0)), t);
    const y = this.fy.filter(clamp01((tipY - r.y0) / (r.y1 - r.y0)), t);
    this.trail.push({ t, x, y });
    while (this.trail.length > 1 && this.trail[0].t < t - c.clickLookbackMs - 200) this.trail.shift();
    const out: PointerFire[] = [];
    const edge = this.pinch.update(pinchRatio, indexReach);
    if (edge === 'closed' && c.clickOnPinch) {
      const at = this.positionAt(t - c.clickLookbackMs);
      out.push({ label: 'pointer-click', x: at.x, y: at.y });
    }
    if (!this.lastMove || Math.hypot(x - this.lastMove.x, y - this.lastMove.y) >= c.moveEpsilon) {
      out.push({ label: 'pointer-move', x, y });
      this.lastMove = { x, y };
    }
    if (c.dwellMs > 0 && !this.pinch.closed) {
      if (!this.dwell || Math.hypot(x - this.dwell.x, y - this.dwell.y) > c.dwellRadius) {
        this.dwell = { t, x, y, fired: false };
      } else if (!this.dwell.fired && t - this.dwell.t >= c.dwellMs) {
        this.dwell.fired = true;
        out.push({ label: 'pointer-dwell-click', x: this.dwell.x, y: this.dwell.y });
      }
    }
    return out;
  }

  private positionAt(t: number): { x: number; y: number } {
    let best = this.trail[this.trail.length - 1];
    for (const p of this.trail) if (p.t <= t) best = p;
    return best;
  }

  reset(): void {
    this.fx.reset();
    this.fy.reset();
    this.pinch.reset();
    this.trail = [];
    this.lastMove = null;
    this.dwell = null;
  }
}
