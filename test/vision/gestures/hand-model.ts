/**
 * A kinematic model of an adult hand, used to make landmark fixtures until real MediaPipe recordings exist.
 * Bone lengths (mm) are average adult measurements (Buryanov & Kotiuk 2010, "Proportions of hand segments",
 * Int. J. Morphol. 28(3)), rounded; knuckle positions relative to the wrist crease follow the same proportions.
 * Joints bend by given angles; the hand is then rotated, scaled and placed in a frame, and projected the way
 * MediaPipe reports landmarks: x/width, y/height (origin top left), z relative to the wrist on x's scale,
 * smaller is nearer the camera.
 */
import type { HandObservation, Landmark } from '../../../main/common/perception.ts';

type V = [number, number, number];
export type FingerName = 'index' | 'middle' | 'ring' | 'pinky';

/** knuckle (MCP) position in the hand's frame: x toward the thumb, y toward the fingers, z out of the palm */
const MCP: Record<FingerName, V> = { index: [24, 82, 0], middle: [3, 85, 0], ring: [-16, 79, 0], pinky: [-33, 70, 0] };
/** proximal, middle, distal (to the finger pad) phalanx lengths */
const PHALANX: Record<FingerName, V> = { index: [40, 22, 19], middle: [45, 26, 20], ring: [41, 26, 20], pinky: [33, 18, 18] };
/** splay in degrees toward the thumb, for a relaxed open hand */
const SPLAY: Record<FingerName, number> = { index: 8, middle: 0, ring: -7, pinky: -15 };
const THUMB_CMC: V = [20, 22, 6];
/** thumb metacarpal, proximal and distal (to the pad) lengths */
const THUMB: V = [46, 32, 25];

/** [MCP, PIP, DIP] flexion in degrees */
export type Flex = [number, number, number];
export interface HandPose {
  fingers: Record<FingerName, Flex>;
  /** extra splay per finger, degrees */
  spread?: Partial<Record<FingerName, number>>;
  /** thumb segment directions in the hand's frame, unnormalised; or 'touch-index' to put the thumb tip on the index tip */
  thumb: [V, V, V] | 'touch-index';
}

const EXT: Flex = [5, 5, 3];
const CURL: Flex = [85, 100, 60];
const HALF: Flex = [25, 55, 30];
const THUMB_OUT: [V, V, V] = [[0.75, 0.6, 0.2], [0.7, 0.7, 0.05], [0.6, 0.8, 0]];
const THUMB_FOLDED: [V, V, V] = [[0.45, 0.7, 0.55], [-0.35, 0.55, 0.75], [-0.85, 0.15, 0.5]];
/** the thumb of a thumbs-up: along the knuckle line, out from the fist */
const THUMB_ALONG: [V, V, V] = [[0.8, 0.45, 0.4], [0.95, 0.3, 0.1], [1, 0.15, 0]];

export const POSES: Record<string, HandPose> = {
  'open-palm': { fingers: { index: EXT, middle: EXT, ring: EXT, pinky: EXT }, thumb: THUMB_OUT },
  fist: { fingers: { index: CURL, middle: CURL, ring: CURL, pinky: CURL }, thumb: THUMB_FOLDED },
  'thumbs-up': { fingers: { index: CURL, middle: CURL, ring: CURL, pinky: CURL }, thumb: THUMB_ALONG },
  victory: { fingers: { index: EXT, middle: EXT, ring: CURL, pinky: CURL }, spread: { index: 8, middle: -6 }, thumb: THUMB_FOLDED },
  'pointing-up': { fingers: { index: EXT, middle: CURL, ring: CURL, pinky: CURL }, thumb: THUMB_FOLDED },
  ok: { fingers: { index: [35, 55, 35], middle: EXT, ring: EXT, pinky: EXT }, spread: { middle: 3, ring: 0, pinky: -5 }, thumb: 'touch-index' },
  'i-love-you': { fingers: { index: EXT, middle: CURL, ring: CURL, pinky: EXT }, thumb: THUMB_OUT },
  /** like fingerpose's halfcurl.jpg: every finger half bent; no pose */
  'half-curl': { fingers: { index: HALF, middle: HALF, ring: HALF, pinky: HALF }, thumb: [[0.6, 0.7, 0.35], [0.3, 0.7, 0.6], [0, 0.6, 0.8]] },
  /** a pinch (thumb and index tips together, the rest relaxed) and the same hand open */
  pinch: { fingers: { index: [35, 55, 35], middle: HALF, ring: HALF, pinky: HALF }, thumb: 'touch-index' },
  'pinch-open': { fingers: { index: [25, 25, 15], middle: HALF, ring: HALF, pinky: HALF }, thumb: THUMB_OUT },
};

function normalise(v: V): V {
  const n = Math.hypot(v[0], v[1], v[2]);
  return [v[0] / n, v[1] / n, v[2] / n];
}
const add = (a: V, b: V, k = 1): V => [a[0] + b[0] * k, a[1] + b[1] * k, a[2] + b[2] * k];
const rad = (d: number) => (d * Math.PI) / 180;

/** The 21 points of a pose in the hand's frame (mm), MediaPipe order. */
export function handPoints(pose: HandPose, jitter: () => number = () => 0): V[] {
  const pts: V[] = new Array(21);
  pts[0] = [0, 0, 0];
  const order: FingerName[] = ['index', 'middle', 'ring', 'pinky'];
  order.forEach((f, k) => {
    const base = 5 + k * 4;
    const mcp = MCP[f];
    pts[base] = mcp;
    const splay = rad(SPLAY[f] + (pose.spread?.[f] ?? 0) + jitter());
    const d0: V = [Math.sin(splay), Math.cos(splay), 0];
    let theta = 0;
    let p = mcp;
    for (let j = 0; j < 3; j++) {
      theta += rad(pose.fingers[f][j] + jitter());
      const dir: V = [d0[0] * Math.cos(theta), d0[1] * Math.cos(theta), Math.sin(theta)];
      p = add(p, dir, PHALANX[f][j]);
      pts[base + 1 + j] = p;
    }
  });
  pts[1] = THUMB_CMC;
  if (pose.thumb === 'touch-index') {
    const mcp = add(THUMB_CMC, normalise([0.6, 0.6, 0.5]), THUMB[0]);
    const tip = add(pts[8], [-4, 0, 2]);
    const mid: V = add([(mcp[0] + tip[0]) / 2, (mcp[1] + tip[1]) / 2, (mcp[2] + tip[2]) / 2], [6, 0, 6]);
    pts[2] = mcp;
    pts[3] = mid;
    pts[4] = tip;
  } else {
    let p = THUMB_CMC;
    for (let j = 0; j < 3; j++) {
      const a = rad(jitter());
      const d = normalise(pose.thumb[j]);
      const dir = normalise([d[0] * Math.cos(a) - d[1] * Math.sin(a), d[0] * Math.sin(a) + d[1] * Math.cos(a), d[2]]);
      p = add(p, dir, THUMB[j]);
      pts[2 + j] = p;
    }
  }
  return pts;
}

export interface Placement {
  handedness: 'left' | 'right';
  /** hand centre in the frame, normalised */
  cx: number;
  cy: number;
  /** wrist-to-middle-knuckle length as a fraction of frame height */
  palm: number;
  /** rotation in the image plane, degrees, counter-clockwise as seen; 0 = fingers up */
  roll?: number;
  /** rotation about the hand's long axis (palm turning sideways), degrees */
  yaw?: number;
  /** tilt toward/away from the camera, degrees */
  pitch?: number;
  /** pixels, for the aspect ratio */
  width?: number;
  height?: number;
}

/**
 * Place hand-frame points in a camera frame. A right hand with its palm to the camera has its thumb toward
 * the image's right (the camera sees the person from the front); a left hand is the mirror image.
 */
export function project(points: V[], at: Placement, noise: () => number = () => 0): Landmark[] {
  const width = at.width ?? 640;
  const height = at.height ?? 480;
  const scale = at.palm / 85; // model palm length is 85 mm
  const cy = Math.cos(rad(at.yaw ?? 0)), sy = Math.sin(rad(at.yaw ?? 0));
  const cp = Math.cos(rad(at.pitch ?? 0)), sp = Math.sin(rad(at.pitch ?? 0));
  const cr = Math.cos(rad(at.roll ?? 0)), sr = Math.sin(rad(at.roll ?? 0));
  const mirror = at.handedness === 'left' ? -1 : 1;
  return points.map(([hx, hy, hz]) => {
    // hand frame -> world (x right, y up, z toward the camera): palm faces the camera
    let x = hx * mirror, y = hy, z = hz;
    // yaw about the hand's long axis (y), pitch about x, roll about z
    [x, z] = [x * cy + z * sy, -x * sy + z * cy];
    [y, z] = [y * cp - z * sp, y * sp + z * cp];
    [x, y] = [x * cr - y * sr, x * sr + y * cr];
    // centre the palm (about 45 mm up the hand) on (cx, cy)
    const ux = x * scale, uy = (y - 45) * scale, uz = -z * scale;
    return [
      at.cx + (ux + noise()) * (height / width),
      at.cy - (uy + noise()),
      (uz + noise()) * (height / width),
    ] as Landmark;
  });
}

/** Seeded PRNG (mulberry32) and a Gaussian from it. */
export function seeded(seed: number): { uniform: () => number; gauss: (sigma: number) => number } {
  let s = seed >>> 0;
  const uniform = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const gauss = (sigma: number) => {
    const u = Math.max(uniform(), 1e-12);
    return sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
  };
  return { uniform, gauss };
}

export function observation(landmarks: Landmark[], handedness: 'left' | 'right', score = 0.95): HandObservation {
  return { handedness, score, landmarks };
}
