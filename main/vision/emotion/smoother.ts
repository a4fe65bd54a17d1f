/**
 * Turns per-frame emotion probabilities into a steady label over time:
 * exponential smoothing with a time constant (irregular frame times allowed), hysteresis so the
 * label changes only when another emotion clearly leads for a while, and a 'no-face' state
 * when no face has been seen for `noFaceAfterMs`.
 */
import { EmotionLabels } from '../../common/events.ts';
import { emptyProbs, topLabel, type EmotionLabel, type EmotionProbs } from './labels.ts';

export type EmotionStateLabel = EmotionLabel | 'no-face';

export interface EmotionState {
  label: EmotionStateLabel;
  /** smoothed probabilities (all 0 in 'no-face') */
  probs: EmotionProbs;
  /** true when this update changed the label (emit an Emotion event) */
  changed: boolean;
}

export interface EmotionSmootherOptions {
  /** smoothing time constant, ms: a step change reaches 63 % after this long (default 400) */
  timeConstantMs?: number;
  /** a challenger must beat the current label's smoothed probability by this much (default 0.1) */
  switchMargin?: number;
  /** ...for this long without interruption before the label switches (default 300 ms) */
  minHoldMs?: number;
  /** 'no-face' after this long without a face (default 1000 ms) */
  noFaceAfterMs?: number;
}

export class EmotionSmoother {
  private readonly tau: number;
  private readonly margin: number;
  private readonly minHold: number;
  private readonly noFaceAfter: number;
  private smoothed: EmotionProbs | null = null;
  private label: EmotionStateLabel = 'no-face';
  private lastT = 0;
  private lastFaceT = Number.NEGATIVE_INFINITY;
  private challenger: { label: EmotionLabel; since: number } | null = null;

  constructor(options: EmotionSmootherOptions = {}) {
    this.tau = options.timeConstantMs ?? 400;
    this.margin = options.switchMargin ?? 0.1;
    this.minHold = options.minHoldMs ?? 300;
    this.noFaceAfter = options.noFaceAfterMs ?? 1000;
  }

  /** A face was classified at `t` (ms). */
  update(t: number, probs: EmotionProbs): EmotionState {
    this.lastFaceT = t;
    const before = this.label;
    if (!this.smoothed) {
      this.smoothed = { ...probs };
      this.label = topLabel(probs);
      this.challenger = null;
    } else {
      const alpha = 1 - Math.exp(-Math.max(0, t - this.lastT) / this.tau);
      for (const l of EmotionLabels) this.smoothed[l] += alpha * (probs[l] - this.smoothed[l]);
      this.applyHysteresis(t);
    }
    this.lastT = t;
    return { label: this.label, probs: { ...this.smoothed }, changed: this.label !== before };
  }

  /** A frame at `t` had no face (or no frame came): after `noFaceAfterMs`, the state is 'no-face'. */
  noFace(t: number): EmotionState {
    const before = this.label;
    if (this.smoothed && t - this.lastFaceT >= this.noFaceAfter) {
      this.smoothed = null;
      this.label = 'no-face';
      this.challenger = null;
    }
    return this.state(this.label !== before);
  }

  state(changed = false): EmotionState {
    return { label: this.label, probs: this.smoothed ? { ...this.smoothed } : emptyProbs(), changed };
  }

  private applyHysteresis(t: number): void {
    const probs = this.smoothed!;
    const current = this.label as EmotionLabel;
    const best = topLabel(probs);
    if (best === current || probs[best] < probs[current] + this.margin) {
      this.challenger = null;
      return;
    }
    if (this.challenger?.label !== best) this.challenger = { label: best, since: t };
    if (t - this.challenger.since >= this.minHold) {
      this.label = best;
      this.challenger = null;
    }
  }
}
