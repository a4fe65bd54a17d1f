/**
 * Motions of one hand over time: swipes, wave, pinch tap and pinch drag.
 * Positions come in isotropic frame units (frame height = 1) with the palm size, so distances are
 * measured in palm sizes and do not depend on how far the hand is from the camera.
 */
import { PinchDetector, DEFAULT_PINCH, type PinchConfig } from './pinch.ts';
import type { MotionLabel } from './types.ts';

export interface MotionConfig {
  /** a swipe travels at least this many palm sizes along its axis ... */
  swipeMinDistance: number;
  /** ... within this time */
  swipeMaxMs: number;
  /** the main axis must be this many times the other */
  swipeDominance: number;
  /** a swipe is held back this long and dropped if the hand turns back (then it is the start of a wave) */
  swipeConfirmMs: number;
  /** after a swipe, no swipe or wave for this long (the hand coming back is not a swipe) */
  swipeCooldownMs: number;
  /** a wave: at least `waveMinReversals` turns of x, each after moving `waveMinAmplitude` palm sizes, within `waveWindowMs` */
  waveMinReversals: number;
  waveMinAmplitude: number;
  waveWindowMs: number;
  /** pinch closed then opened within this time, moving less than `tapMaxTravel` palm sizes, is a tap */
  tapMaxMs: number;
  tapMaxTravel: number;
  /** a held pinch moving more than this many palm sizes starts a drag */
  dragStartDistance: number;
  /** drag moves are reported when the pinch point moved this much (normalised frame units) */
  dragMoveEpsilon: number;
  pinch: PinchConfig;
}

export const DEFAULT_MOTION: MotionConfig = {
  swipeMinDistance: 1.5,
  swipeMaxMs: 600,
  swipeDominance: 2,
  swipeConfirmMs: 150,
  swipeCooldownMs: 700,
  waveMinReversals: 2,
  waveMinAmplitude: 0.4,
  waveWindowMs: 1500,
  tapMaxMs: 400,
  tapMaxTravel: 0.5,
  dragStartDistance: 0.3,
  dragMoveEpsilon: 0.003,
  pinch: DEFAULT_PINCH,
};

export interface MotionSample {
  t: number;
  /** palm centre, isotropic */
  x: number;
  y: number;
  palm: number;
  /** thumb-index distance over palm size, and index reach (see PinchDetector) */
  pinch: number;
  indexReach: number;
  /** pinch point (between thumb and index tips), normalised frame coordinates, for drag output */
  px: number;
  py: number;
}

export interface MotionFire {
  label: MotionLabel;
  /** geometric clarity 0..1 (the engine multiplies it by the hand's tracking score) */
  quality: number;
  x?: number;
  y?: number;
}

type Point = { t: number; x: number; y: number; palm: number };

export class MotionTracker {
  private history: Point[] = [];
  private pendingSwipe: { label: MotionLabel; quality: number; deadline: number; sign: number; axis: 'x' | 'y' } | null = null;
  private quietUntil = -Infinity;
  // wave: reversal detector on x
  private dir = 0;
  private extreme = 0;
  private reversals: number[] = [];
  private waveFired = false;
  // pinch
  private readonly pinch: PinchDetector;
  private pinchStart: { t: number; x: number; y: number; palm: number; px: number; py: number } | null = null;
  private dragging = false;
  private lastDrag: { x: number; y: number } | null = null;

  constructor(private readonly config: MotionConfig = DEFAULT_MOTION) {
    this.pinch = new PinchDetector(config.pinch);
  }

  get pinching(): boolean {
    return this.pinch.closed;
  }

  update(s: MotionSample, pinchEnabled = true): MotionFire[] {
    const out: MotionFire[] = [];
    if (pinchEnabled) this.updatePinch(s, out);
    this.history.push({ t: s.t, x: s.x, y: s.y, palm: s.palm });
    const keepFrom = s.t - Math.max(this.config.swipeMaxMs, this.config.waveWindowMs);
    while (this.history.length > 0 && this.history[0].t < keepFrom) this.history.shift();
    if (this.pinch.closed || s.t < this.quietUntil) {
      // a held pinch moves things, and a hand coming back after a swipe is not a gesture:
      // neither counts toward a swipe or a wave, now or later
      this.history = [{ t: s.t, x: s.x, y: s.y, palm: s.palm }];
      if (this.pinch.closed) this.pendingSwipe = null;
      this.resetWave(s.x);
      return out;
    }
    const reversed = this.updateWave(s, out);
    this.updateSwipe(s, reversed, out);
    return out;
  }

  /** End of the hand: a drag in progress ends where it was. */
  finish(): MotionFire[] {
    const out: MotionFire[] = [];
    if (this.dragging && this.lastDrag) out.push({ label: 'pinch-drag-end', quality: 1, x: this.lastDrag.x, y: this.lastDrag.y });
    this.reset();
    return out;
  }

  reset(): void {
    this.history = [];
    this.pendingSwipe = null;
    this.quietUntil = -Infinity;
    this.dir = 0;
    this.reversals = [];
    this.waveFired = false;
    this.pinch.reset();
    this.pinchStart = null;
    this.dragging = false;
    this.lastDrag = null;
  }

  private updatePinch(s: MotionSample, out: MotionFire[]): void {
    const c = this.config;
    const edge = this.pinch.update(s.pinch, s.indexReach);
    if (edge === 'closed') {
      this.pinchStart = { t: s.t, x: s.x, y: s.y, palm: s.palm, px: s.px, py: s.py };
      this.dragging = false;
      return;
    }
    const start = this.pinchStart;
    if (!start) return;
    const travel = Math.hypot(s.x - start.x, s.y - start.y) / s.palm;
    if (edge === 'opened') {
      if (this.dragging) out.push({ label: 'pinch-drag-end', quality: 1, x: s.px, y: s.py });
      else if (s.t - start.t <= c.tapMaxMs && travel <= c.tapMaxTravel) {
        out.push({ label: 'pinch-tap', quality: 1 - 0.5 * (travel / c.tapMaxTravel), x: start.px, y: start.py });
      }
      this.pinchStart = null;
      this.dragging = false;
      this.lastDrag = null;
      return;
    }
    if (!this.pinch.closed) return;
    if (!this.dragging && travel >= c.dragStartDistance) {
      this.dragging = true;
      out.push({ label: 'pinch-drag-start', quality: 1, x: start.px, y: start.py });
      this.lastDrag = { x: start.px, y: start.py };
    }
    if (this.dragging && this.lastDrag && Math.hypot(s.px - this.lastDrag.x, s.py - this.lastDrag.y) >= c.dragMoveEpsilon) {
      out.push({ label: 'pinch-drag', quality: 1, x: s.px, y: s.py });
      this.lastDrag = { x: s.px, y: s.py };
    }
  }

  private resetWave(x: number): void {
    this.dir = 0;
    this.extreme = x;
    this.reversals = [];
  }

  /** Returns true when x turned back this frame. */
  private updateWave(s: MotionSample, out: MotionFire[]): boolean {
    const c = this.config;
    const amp = c.waveMinAmplitude * s.palm;
    let reversed = false;
    if (this.dir === 0) {
      if (this.history.length === 1) this.extreme = s.x;
      if (Math.abs(s.x - this.extreme) >= amp) this.dir = Math.sign(s.x - this.extreme);
      if (this.dir !== 0) this.extreme = s.x;
    } else if ((s.x - this.extreme) * this.dir > 0) {
      this.extreme = s.x;
    } else if (Math.abs(s.x - this.extreme) >= amp) {
      reversed = true;
      this.dir = -this.dir;
      this.extreme = s.x;
      this.reversals.push(s.t);
    }
    while (this.reversals.length > 0 && this.reversals[0] < s.t - c.waveWindowMs) this.reversals.shift();
    if (this.waveFired) {
      // re-armed once the waving has stopped for a whole window
      if (this.reversals.length === 0) this.waveFired = false;
      return reversed;
    }
    if (s.t >= this.quietUntil && this.reversals.length >= c.waveMinReversals) {
      this.waveFired = true;
      this.pendingSwipe = null;
      out.push({ label: 'wave', quality: Math.min(1, this.reversals.length / (c.waveMinReversals + 1) + 0.34) });
    }
    return reversed;
  }

  private updateSwipe(s: MotionSample, reversed: boolean, out: MotionFire[]): void {
    const c = this.config;
    const pending = this.pendingSwipe;
    if (pending) {
      if (reversed && pending.axis === 'x') {
        this.pendingSwipe = null; // turning back: the first stroke of a wave
      } else if (s.t >= pending.deadline) {
        this.pendingSwipe = null;
        out.push({ label: pending.label, quality: pending.quality });
        this.quietUntil = s.t + c.swipeCooldownMs;
        this.history = [{ t: s.t, x: s.x, y: s.y, palm: s.palm }];
        this.resetWave(s.x);
      }
      return;
    }
    if (s.t < this.quietUntil || this.waveFired) return;
    let best: { dx: number; dy: number; major: number } | null = null;
    for (const h of this.history) {
      if (h.t < s.t - c.swipeMaxMs) continue;
      const dx = s.x - h.x;
      const dy = s.y - h.y;
      const major = Math.max(Math.abs(dx), Math.abs(dy));
      if (!best || major > best.major) best = { dx, dy, major };
    }
    if (!best || best.major < c.swipeMinDistance * s.palm) return;
    const horizontal = Math.abs(best.dx) >= Math.abs(best.dy);
    const minor = horizontal ? Math.abs(best.dy) : Math.abs(best.dx);
    if (best.major < c.swipeDominance * minor) return;
    const label: MotionLabel = horizontal ? (best.dx < 0 ? 'swipe-left' : 'swipe-right') : best.dy < 0 ? 'swipe-up' : 'swipe-down';
    this.pendingSwipe = {
      label,
      quality: 1 - 0.5 * (minor / best.major) * c.swipeDominance,
      deadline: s.t + c.swipeConfirmMs,
      sign: Math.sign(horizontal ? best.dx : best.dy),
      axis: horizontal ? 'x' : 'y',
    };
  }
}
