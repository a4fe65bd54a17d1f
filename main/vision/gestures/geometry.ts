/**
 * Hand geometry over MediaPipe landmarks: isotropic coordinates, palm size, joint angles.
 * Everything here is invariant to rotation and scale of the hand unless it says otherwise.
 */
import { HAND_LANDMARKS, HandIndex as H, type Landmark } from '../../common/perception.ts';
import type { Vec3 } from './types.ts';

export function sub(a: Vec3, b: Vec3): Vec3 {
  return [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
}
export function dot(a: Vec3, b: Vec3): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}
export function norm(a: Vec3): number {
  return Math.hypot(a[0], a[1], a[2]);
}
export function dist(a: Vec3, b: Vec3): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}
/** Angle between two vectors in degrees (0 when either is zero). */
export function angleDeg(a: Vec3, b: Vec3): number {
  const n = norm(a) * norm(b);
  if (n === 0) return 0;
  return (Math.acos(Math.max(-1, Math.min(1, dot(a, b) / n))) * 180) / Math.PI;
}
/** Bend at joint b of the chain a-b-c: 0 when straight, 90 when at a right angle. */
export function bendDeg(a: Vec3, b: Vec3, c: Vec3): number {
  return angleDeg(sub(b, a), sub(c, b));
}
/** Linear ramp: 0 at `from`, 1 at `to` (either direction), clamped. */
export function ramp(v: number, from: number, to: number): number {
  const r = (v - from) / (to - from);
  return r <= 0 ? 0 : r >= 1 ? 1 : r;
}

/** True when the observation has exactly 21 finite [x,y,z] landmarks (bad input is ignored, not thrown). */
export function validLandmarks(landmarks: unknown): landmarks is Landmark[] {
  if (!Array.isArray(landmarks) || landmarks.length !== HAND_LANDMARKS) return false;
  for (const p of landmarks) {
    if (!Array.isArray(p) || p.length !== 3) return false;
    if (!Number.isFinite(p[0]) || !Number.isFinite(p[1]) || !Number.isFinite(p[2])) return false;
  }
  return true;
}

/**
 * MediaPipe normalises x by the frame width and y by its height, and gives z on roughly x's scale.
 * Angles need one unit on all axes: scale x and z by width/height (units of frame height).
 */
export function toIsotropic(landmarks: readonly Landmark[], aspect: number, mirror: boolean): Vec3[] {
  return landmarks.map(([x, y, z]) => [(mirror ? 1 - x : x) * aspect, y, z * aspect] as Vec3);
}

/** Palm size: wrist to middle-finger knuckle, in 3D (stable under most rotations), never zero. */
export function palmSize(p: readonly Vec3[]): number {
  const a = dist(p[H.wrist], p[H.middleMcp]);
  const b = dist(p[H.indexMcp], p[H.pinkyMcp]) * 1.25;
  return Math.max(a, b, 1e-6);
}

/** Palm centre: mean of the wrist and the four knuckles. */
export function palmCentre(p: readonly Vec3[]): Vec3 {
  const ids = [H.wrist, H.indexMcp, H.middleMcp, H.ringMcp, H.pinkyMcp];
  let x = 0, y = 0, z = 0;
  for (const i of ids) {
    x += p[i][0];
    y += p[i][1];
    z += p[i][2];
  }
  return [x / ids.length, y / ids.length, z / ids.length];
}

export { HAND_LANDMARKS };
