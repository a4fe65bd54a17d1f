/**
 * The gesture engine: hand landmarks in, Gesture event bodies out. Pure and synchronous; one state per
 * hand (left, right); a hand that disappears (or arrives broken) loses its state.
 *
 * Left and right: with `mirror` on (the default), x is flipped before anything else, so directions and
 * the pointer are as the user sees them in a selfie preview: a hand moving to the user's left swipes left.
 * Turn it off when the frames are already mirrored.
 */
import { HandIndex as H, type HandObservation } from '../../common/perception.ts';
import { palmCentre, toIsotropic, validLandmarks } from './geometry.ts';
import { handFeatures } from './hand-features.ts';
import { MotionTracker, DEFAULT_MOTION, type MotionConfig } from './motions.ts';
import { DEFAULT_POINTER, PointerTracker, type PointerConfig } from './pointer.ts';
import { PoseFiring, DEFAULT_POSE_FIRING, type PoseFiringConfig } from './pose-firing.ts';
import { scorePoses } from './poses.ts';
import type { GestureBody, GestureFrame, Handedness } from './types.ts';

export interface GestureEngineConfig {
  mirror: boolean;
  /** hands MediaPipe is less sure of than this are ignored */
  minHandScore: number;
  poses: boolean;
  motions: boolean;
  poseFiring: PoseFiringConfig;
  motion: MotionConfig;
  pointer: PointerConfig;
}

export const DEFAULT_GESTURE_CONFIG: GestureEngineConfig = {
  mirror: true,
  minHandScore: 0.5,
  poses: true,
  motions: true,
  poseFiring: DEFAULT_POSE_FIRING,
  motion: DEFAULT_MOTION,
  pointer: DEFAULT_POINTER,
};

export type GestureEngineOptions = Partial<Omit<GestureEngineConfig, 'poseFiring' | 'motion' | 'pointer'>> & {
  poseFiring?: Partial<PoseFiringConfig>;
  motion?: Partial<MotionConfig>;
  pointer?: Partial<PointerConfig>;
};

interface HandState {
  firing: PoseFiring;
  motion: MotionTracker;
  pointer: PointerTracker | null;
}

const clamp01 = (v: number) => (v < 0 ? 0 : v > 1 ? 1 : v);

export class GestureEngine {
  readonly config: GestureEngineConfig;
  private readonly hands = new Map<Handedness, HandState>();
  private pointerHand: Handedness | null = null;
  private lastT = -Infinity;

  constructor(options: GestureEngineOptions = {}) {
    const d = DEFAULT_GESTURE_CONFIG;
    this.config = {
      ...d,
      ...options,
      poseFiring: { ...d.poseFiring, ...options.poseFiring },
      motion: { ...d.motion, ...options.motion },
      pointer: { ...d.pointer, ...options.pointer },
    };
  }

  /** Process one frame; returns the gestures that fired on it. Bad input is ignored, never thrown. */
  update(frame: GestureFrame): GestureBody[] {
    const t = frame?.t;
    if (typeof t !== 'number' || !Number.isFinite(t) || t < this.lastT) return [];
    this.lastT = t;
    const aspect = validSize(frame.width) && validSize(frame.height) ? frame.width! / frame.height! : 1;
    const seen = pickHands(Array.isArray(frame.hands) ? frame.hands : [], this.config.minHandScore);
    const out: GestureBody[] = [];
    for (const hand of ['left', 'right'] as const) {
      const obs = seen.get(hand);
      if (obs) this.updateHand(t, obs, aspect, out);
      else this.loseHand(hand, out);
    }
    return out;
  }

  reset(): void {
    for (const s of this.hands.values()) this.resetState(s);
    this.hands.clear();
    this.pointerHand = null;
    this.lastT = -Infinity;
  }

  private updateHand(t: number, obs: HandObservation, aspect: number, out: GestureBody[]): void {
    const cfg = this.config;
    const hand = obs.handedness;
    let state = this.hands.get(hand);
    if (!state) {
      state = { firing: new PoseFiring(cfg.poseFiring), motion: new MotionTracker(cfg.motion), pointer: null };
      this.hands.set(hand, state);
    }
    const points = toIsotropic(obs.landmarks, aspect, cfg.mirror);
    const f = handFeatures(points);
    const centre = palmCentre(points);
    const tipX = points[H.indexTip][0] / aspect;
    const tipY = points[H.indexTip][1];

    if (cfg.pointer.enabled && this.pointerHand === null && (cfg.pointer.hand === 'any' || cfg.pointer.hand === hand)) {
      this.pointerHand = hand;
    }
    if (this.pointerHand === hand) {
      state.pointer ??= new PointerTracker(cfg.pointer);
      for (const p of state.pointer.update(t, tipX, tipY, f.pinch, f.fingers.index.reach)) {
        out.push({ label: p.label, hand, score: clamp01(obs.score), gestureType: 'pointer', x: p.x, y: p.y });
      }
      return; // the pointer hand only points: its travel is not a swipe, its pinch is a click
    }

    if (cfg.poses) {
      const fired = state.firing.update(t, scorePoses(f), centre, f.palm);
      if (fired) out.push({ label: fired.label, hand, score: clamp01(fired.score * obs.score), gestureType: 'pose' });
    }
    if (cfg.motions) {
      const thumb = points[H.thumbTip];
      const index = points[H.indexTip];
      const fires = state.motion.update({
        t,
        x: centre[0],
        y: centre[1],
        palm: f.palm,
        pinch: f.pinch,
        indexReach: f.fingers.index.reach,
        px: clamp01((thumb[0] + index[0]) / 2 / aspect),
        py: clamp01((thumb[1] + index[1]) / 2),
      });
      for (const m of fires) out.push({ label: m.label, hand, score: clamp01(m.quality * obs.score), gestureType: 'motion', ...(m.x !== undefined ? { x: m.x, y: m.y } : {}) });
    }
  }

  private loseHand(hand: Handedness, out: GestureBody[]): void {
    const state = this.hands.get(hand);
    if (!state) return;
    for (const m of state.motion.finish()) out.push({ label: m.label, hand, score: m.quality, gestureType: 'motion', x: m.x, y: m.y });
    this.resetState(state);
    this.hands.delete(hand);
    if (this.pointerHand === hand) this.pointerHand = null;
  }

  private resetState(s: HandState): void {
    s.firing.reset();
    s.motion.reset();
    s.pointer?.reset();
  }
}

function validSize(v: unknown): boolean {
  return typeof v === 'number' && Number.isFinite(v) && v > 0;
}

/** At most one valid hand per handedness (the surest, when MediaPipe labels both hands alike). */
function pickHands(hands: readonly unknown[], minScore: number): Map<Handedness, HandObservation> {
  const seen = new Map<Handedness, HandObservation>();
  for (const h of hands) {
    if (!h || typeof h !== 'object') continue;
    const obs = h as HandObservation;
    if (obs.handedness !== 'left' && obs.handedness !== 'right') continue;
    if (typeof obs.score !== 'number' || !(obs.score >= minScore)) continue;
    if (!validLandmarks(obs.landmarks)) continue;
    const prev = seen.get(obs.handedness);
    if (!prev || obs.score > prev.score) seen.set(obs.handedness, obs);
  }
  return seen;
}
