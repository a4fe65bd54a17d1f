/**
 * Finger states from joint angles and distances. Each state is a fuzzy score in 0..1 so the pose
 * classifier can give a confidence and the firing rules can apply hysteresis.
 */
import { HandIndex as H } from '../../common/perception.ts';
import { angleDeg, bendDeg, dist, palmSize, ramp, sub } from './geometry.ts';
import type { Vec3 } from './types.ts';

export type Finger = 'index' | 'middle' | 'ring' | 'pinky';
const FINGER_JOINTS: Record<Finger, readonly [number, number, number, number]> = {
  index: [H.indexMcp, H.indexPip, H.indexDip, H.indexTip],
  middle: [H.middleMcp, H.middlePip, H.middleDip, H.middleTip],
  ring: [H.ringMcp, H.ringPip, H.ringDip, H.ringTip],
  pinky: [H.pinkyMcp, H.pinkyPip, H.pinkyDip, H.pinkyTip],
};
export const FINGERS = Object.keys(FINGER_JOINTS) as Finger[];

/** Thresholds of the finger-state ramps (degrees and ratios); exported so the tests and docs name them. */
export const FINGER_THRESHOLDS = {
  /** curl = PIP bend + DIP bend + half the MCP bend, degrees: extended at or below `extendedFull`, not at all above `extendedNone` */
  extendedFull: 45,
  extendedNone: 90,
  curledNone: 100,
  curledFull: 160,
  /** wrist-to-tip over wrist-to-PIP: about 1.4 for a straight finger, below 1 when the tip folds back into the palm */
  reachExtendedNone: 1.15,
  reachExtendedFull: 1.3,
  reachCurledNone: 1.05,
  reachCurledFull: 0.85,
} as const;

export interface FingerState {
  /** degrees, see FINGER_THRESHOLDS */
  curl: number;
  /** wrist-to-tip / wrist-to-PIP */
  reach: number;
  extended: number;
  curled: number;
}

export interface HandFeatures {
  points: readonly Vec3[];
  palm: number;
  fingers: Record<Finger, FingerState>;
  /** 0..1: the thumb is straight and held away from the palm and the index finger */
  thumbOut: number;
  /** image-plane direction of the thumb (MCP to tip), unit, y down */
  thumbDir: readonly [number, number];
  /** image-plane direction of the index finger (MCP to tip), unit, y down */
  indexDir: readonly [number, number];
  /** thumb tip to index tip over palm size */
  pinch: number;
  /** angle between the index and middle fingers (PIP to tip), degrees */
  indexMiddleSpread: number;
}

function fingerState(p: readonly Vec3[], f: Finger): FingerState {
  const [mcp, pip, dip, tip] = FINGER_JOINTS[f];
  const curl = bendDeg(p[mcp], p[pip], p[dip]) + bendDeg(p[pip], p[dip], p[tip]) + 0.5 * bendDeg(p[H.wrist], p[mcp], p[pip]);
  const reach = dist(p[H.wrist], p[tip]) / Math.max(dist(p[H.wrist], p[pip]), 1e-6);
  const T = FINGER_THRESHOLDS;
  const extended = (ramp(curl, T.extendedNone, T.extendedFull) + ramp(reach, T.reachExtendedNone, T.reachExtendedFull)) / 2;
  const curled = (ramp(curl, T.curledNone, T.curledFull) + ramp(reach, T.reachCurledNone, T.reachCurledFull)) / 2;
  return { curl, reach, extended, curled };
}

function planeDir(from: Vec3, to: Vec3): [number, number] {
  const dx = to[0] - from[0];
  const dy = to[1] - from[1];
  const n = Math.hypot(dx, dy) || 1;
  return [dx / n, dy / n];
}

export function handFeatures(points: readonly Vec3[]): HandFeatures {
  const palm = palmSize(points);
  const fingers = {
    index: fingerState(points, 'index'),
    middle: fingerState(points, 'middle'),
    ring: fingerState(points, 'ring'),
    pinky: fingerState(points, 'pinky'),
  };
  // The thumb is "out" when straight (little bend at MCP and IP) and its tip is well away from the
  // index finger's base and middle joint, where a folded thumb rests in a fist or a pointing hand.
  const thumbBend = bendDeg(points[H.thumbCmc], points[H.thumbMcp], points[H.thumbIp]) + bendDeg(points[H.thumbMcp], points[H.thumbIp], points[H.thumbTip]);
  const thumbAway = Math.min(dist(points[H.thumbTip], points[H.indexMcp]), dist(points[H.thumbTip], points[H.indexPip]), dist(points[H.thumbTip], points[H.middlePip])) / palm;
  const thumbOut = Math.min(ramp(thumbBend, 75, 40), ramp(thumbAway, 0.35, 0.55));
  return {
    points,
    palm,
    fingers,
    thumbOut,
    thumbDir: planeDir(points[H.thumbMcp], points[H.thumbTip]),
    indexDir: planeDir(points[H.indexMcp], points[H.indexTip]),
    pinch: dist(points[H.thumbTip], points[H.indexTip]) / palm,
    indexMiddleSpread: angleDeg(sub(points[H.indexTip], points[H.indexPip]), sub(points[H.middleTip], points[H.middlePip])),
  };
}
