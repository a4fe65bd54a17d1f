/**
 * Landmark sequences for the engine tests: a modelled hand pose moved and rotated over time at 30 frames
 * per second, with seeded joint jitter and landmark noise. SYNTHETIC (see hand-model.ts) until recordings exist.
 */
import type { HandObservation } from '../../../main/common/perception.ts';
import type { GestureFrame } from '../../../main/vision/gestures/types.ts';
import { POSES, handPoints, project, seeded, type Placement } from './hand-model.ts';

export const WIDTH = 640;
export const HEIGHT = 480;
export const FRAME_MS = 1000 / 30;

export interface Segment {
  /** duration, ms */
  ms: number;
  /** pose name in POSES, or null for no hand */
  pose: string | null;
  /** placement at the start and end of the segment (interpolated linearly) */
  from?: Partial<Placement>;
  to?: Partial<Placement>;
}

const BASE: Placement = { handedness: 'right', cx: 0.5, cy: 0.5, palm: 0.2, roll: 0, yaw: 0, pitch: 0, width: WIDTH, height: HEIGHT };

/** Frames for a list of segments; `hand` sets the handedness, `seed` the noise. */
export function sequence(segments: Segment[], opts: { hand?: 'left' | 'right'; seed?: number; jitterDeg?: number; noise?: number; t0?: number } = {}): GestureFrame[] {
  const rng = seeded(opts.seed ?? 7);
  const frames: GestureFrame[] = [];
  let t = opts.t0 ?? 0;
  let last: Placement = { ...BASE, handedness: opts.hand ?? 'right' };
  for (const seg of segments) {
    const from: Placement = { ...last, ...seg.from };
    const to: Placement = { ...from, ...seg.to };
    const n = Math.max(1, Math.round(seg.ms / FRAME_MS));
    for (let i = 0; i < n; i++) {
      const k = n === 1 ? 1 : i / (n - 1);
      const at: Placement = { ...from };
      for (const key of ['cx', 'cy', 'palm', 'roll', 'yaw', 'pitch'] as const) at[key] = (from[key] ?? 0) + ((to[key] ?? 0) - (from[key] ?? 0)) * k;
      const hands: HandObservation[] = [];
      if (seg.pose) {
        const pts = handPoints(POSES[seg.pose], () => rng.gauss(opts.jitterDeg ?? 2));
        hands.push({ handedness: at.handedness, score: 0.95, landmarks: project(pts, at, () => rng.gauss(opts.noise ?? 0.001)) });
      }
      frames.push({ t: Math.round(t), hands, width: WIDTH, height: HEIGHT });
      t += FRAME_MS;
    }
    last = to;
  }
  return frames;
}

/** Merge two sequences frame by frame (two hands in view). */
export function together(a: GestureFrame[], b: GestureFrame[]): GestureFrame[] {
  return a.map((f, i) => ({ ...f, hands: [...f.hands, ...(b[i]?.hands ?? [])] }));
}
