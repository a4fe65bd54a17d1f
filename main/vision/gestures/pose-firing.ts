/**
 * Fires each pose once per performance: a pose must score at least `enter` for `minHoldMs` with the hand
 * roughly still, then fires; it is re-armed only after its score stays below `exit` for `releaseMs`.
 */
import type { PoseScores } from './poses.ts';
import { PoseLabels, type PoseLabel, type Vec3 } from './types.ts';

export interface PoseFiringConfig {
  enter: number;
  exit: number;
  minHoldMs: number;
  /** a dip below `exit` shorter than this does not end the pose (one bad frame is common) */
  releaseMs: number;
  /** a hand moving more than this (palm sizes) from where the hold began restarts the hold: a wave is not a pose */
  maxHoldTravel: number;
}

export const DEFAULT_POSE_FIRING: PoseFiringConfig = { enter: 0.7, exit: 0.45, minHoldMs: 200, releaseMs: 120, maxHoldTravel: 0.5 };

type Phase =
  | { kind: 'idle' }
  | { kind: 'holding'; label: PoseLabel; since: number; at: Vec3; scoreSum: number; frames: number; lowSince: number | null }
  | { kind: 'fired'; label: PoseLabel; lowSince: number | null };

export interface PoseFire {
  label: PoseLabel;
  score: number;
}

export class PoseFiring {
  private phase: Phase = { kind: 'idle' };
  constructor(private readonly config: PoseFiringConfig = DEFAULT_POSE_FIRING) {}

  /** The pose currently held (holding or fired), if any. */
  get current(): PoseLabel | null {
    return this.phase.kind === 'idle' ? null : this.phase.label;
  }

  /** palmCentre and palm (size) in the same isotropic units. */
  update(t: number, scores: PoseScores, palmCentre: Vec3, palm: number): PoseFire | null {
    const c = this.config;
    const p = this.phase;
    if (p.kind === 'fired') {
      if (scores[p.label] >= c.exit) p.lowSince = null;
      else if (p.lowSince === null) p.lowSince = t;
      if (p.lowSince !== null && t - p.lowSince >= c.releaseMs) this.phase = { kind: 'idle' };
      else return null;
    }
    if (this.phase.kind === 'holding') {
      const h = this.phase;
      const s = scores[h.label];
      if (s >= c.exit) h.lowSince = null;
      else if (h.lowSince === null) h.lowSince = t;
      if (h.lowSince !== null && t - h.lowSince >= c.releaseMs) {
        this.phase = { kind: 'idle' };
      } else {
        const travel = Math.hypot(palmCentre[0] - h.at[0], palmCentre[1] - h.at[1]) / palm;
        if (travel > c.maxHoldTravel) {
          this.phase = { kind: 'holding', label: h.label, since: t, at: palmCentre, scoreSum: s, frames: 1, lowSince: null };
          return null;
        }
        if (h.lowSince === null) {
          h.scoreSum += s;
          h.frames += 1;
        }
        if (h.lowSince === null && t - h.since >= c.minHoldMs) {
          this.phase = { kind: 'fired', label: h.label, lowSince: null };
          return { label: h.label, score: Math.min(1, h.scoreSum / h.frames) };
        }
        // another pose clearly taking over ends this hold at once
        const rival = strongest(scores);
        if (rival && rival.label !== h.label && rival.score >= c.enter && s < c.exit) this.phase = { kind: 'idle' };
        else return null;
      }
    }
    const best = strongest(scores);
    if (best && best.score >= c.enter) {
      this.phase = { kind: 'holding', label: best.label, since: t, at: palmCentre, scoreSum: best.score, frames: 1, lowSince: null };
      if (c.minHoldMs <= 0) {
        this.phase = { kind: 'fired', label: best.label, lowSince: null };
        return { label: best.label, score: best.score };
      }
    }
    return null;
  }

  reset(): void {
    this.phase = { kind: 'idle' };
  }
}

function strongest(scores: PoseScores): PoseFire | null {
  let best: PoseFire | null = null;
  for (const label of PoseLabels) if (!best || scores[label] > best.score) best = { label, score: scores[label] };
  return best;
}
