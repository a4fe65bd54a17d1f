/**
 * Static hand poses from finger states. Each pose has a fuzzy score (the weakest of its conditions);
 * the classifier returns the best pose above a floor, or null. Only thumbs up/down and pointing up
 * depend on the hand's orientation in the image, on purpose: "up" is the image's up.
 */
import { ramp } from './geometry.ts';
import type { HandFeatures } from './hand-features.ts';
import { PoseLabels, type PoseLabel } from './types.ts';

export const POSE_THRESHOLDS = {
  /** thumb tip to index tip over palm size: touching at or below `okFull`, apart at `okNone` */
  okFull: 0.2,
  okNone: 0.35,
  /** index-middle angle for victory (degrees) */
  victorySpreadNone: 8,
  victorySpreadFull: 18,
  /** cosine of the thumb's angle to image vertical: full within ~37 degrees, none beyond 60 */
  verticalNone: 0.5,
  verticalFull: 0.8,
  /** cosine of the index finger's angle to image up */
  pointingUpNone: 0.5,
  pointingUpFull: 0.8,
  /** the best pose must score at least this to be reported */
  minScore: 0.5,
} as const;

export type PoseScores = Record<PoseLabel, number>;

export function scorePoses(f: HandFeatures): PoseScores {
  const T = POSE_THRESHOLDS;
  const { index, middle, ring, pinky } = f.fingers;
  const fourCurled = Math.min(index.curled, middle.curled, ring.curled, pinky.curled);
  const fourExtended = Math.min(index.extended, middle.extended, ring.extended, pinky.extended);
  const thumbUp = ramp(-f.thumbDir[1], T.verticalNone, T.verticalFull);
  const thumbDown = ramp(f.thumbDir[1], T.verticalNone, T.verticalFull);
  const touching = ramp(f.pinch, T.okNone, T.okFull);
  return {
    'open-palm': Math.min(fourExtended, f.thumbOut, 1 - touching),
    fist: Math.min(fourCurled, 1 - f.thumbOut),
    'thumbs-up': Math.min(fourCurled, f.thumbOut, thumbUp),
    'thumbs-down': Math.min(fourCurled, f.thumbOut, thumbDown),
    victory: Math.min(index.extended, middle.extended, ring.curled, pinky.curled, ramp(f.indexMiddleSpread, T.victorySpreadNone, T.victorySpreadFull)),
    'pointing-up': Math.min(index.extended, middle.curled, ring.curled, pinky.curled, ramp(-f.indexDir[1], T.pointingUpNone, T.pointingUpFull)),
    ok: Math.min(touching, middle.extended, ring.extended, pinky.extended),
    'i-love-you': Math.min(f.thumbOut, index.extended, pinky.extended, middle.curled, ring.curled),
  };
}

export interface PoseResult {
  label: PoseLabel;
  score: number;
}

/** The best-scoring pose, or null when none reaches POSE_THRESHOLDS.minScore. */
export function bestPose(scores: PoseScores): PoseResult | null {
  let best: PoseResult | null = null;
  for (const label of PoseLabels) {
    const score = scores[label];
    if (score >= POSE_THRESHOLDS.minScore && (!best || score > best.score)) best = { label, score };
  }
  return best;
}
