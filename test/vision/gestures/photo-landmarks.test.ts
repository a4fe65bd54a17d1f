/**
 * Gesture engine on REAL landmarks: MediaPipe HandLandmarker's output on fingerpose's photos, recorded
 * into test/fixtures/landmarks/fingerpose-photos.json by record-photo-landmarks.ts. Motions move and
 * rotate a recorded hand over time with seeded noise.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { HandObservation, Landmark } from '../../../main/common/perception.ts';
import { classifyPose } from '../../../main/vision/gestures/classify.ts';
import { GestureEngine } from '../../../main/vision/gestures/engine.ts';
import type { GestureFrame } from '../../../main/vision/gestures/types.ts';
import { seeded } from './hand-model.ts';

interface PhotoSample {
  photo: string;
  expected: string | null;
  width: number;
  height: number;
  hands: { handedness: string; score: number; landmarks: Landmark[] }[];
}
const fixture = JSON.parse(readFileSync(fileURLToPath(new URL('../../fixtures/landmarks/fingerpose-photos.json', import.meta.url)), 'utf8')) as { samples: PhotoSample[] };

describe('poses on real MediaPipe landmarks of the fingerpose photos', () => {
  for (const s of fixture.samples) {
    it(`${s.photo} -> ${s.expected ?? 'no pose'}`, () => {
      expect(s.hands).toHaveLength(1);
      const r = classifyPose(s.hands[0].landmarks, s);
      expect(r?.label ?? null).toBe(s.expected);
    });
  }
});

/** Rotate (about the wrist, in pixels) and shift a recorded hand; noise in normalised units. */
function moved(s: PhotoSample, dx: number, dy: number, rollDeg: number, noise: () => number, scale = 1): Landmark[] {
  const lm = s.hands[0].landmarks;
  const [wx, wy] = [lm[0][0] * s.width, lm[0][1] * s.height];
  const c = scale * Math.cos((rollDeg * Math.PI) / 180), n = scale * Math.sin((rollDeg * Math.PI) / 180);
  return lm.map(([x, y, z]) => {
    const px = x * s.width - wx, py = y * s.height - wy;
    return [(wx + px * c - py * n) / s.width + dx + noise(), (wy + px * n + py * c) / s.height + dy + noise(), z * scale] as Landmark;
  });
}

function stream(s: PhotoSample, path: (k: number) => { dx: number; dy: number; roll: number; scale?: number }, frames: number, seed: number): GestureFrame[] {
  const rng = seeded(seed);
  const out: GestureFrame[] = [];
  for (let i = 0; i < frames; i++) {
    const p = path(i);
    const hand: HandObservation = { handedness: 'right', score: 0.9, landmarks: moved(s, p.dx, p.dy, p.roll, () => rng.gauss(0.0015), p.scale) };
    out.push({ t: Math.round((i * 1000) / 30), hands: [hand], width: s.width, height: s.height });
  }
  return out;
}

describe('the engine on a recorded hand moved and rotated over time', () => {
  const fist = fixture.samples.find((s) => s.expected === 'fist')!;
  const pointing = fixture.samples.find((s) => s.expected === 'pointing-up')!;

  it('a recorded fist held with a slow roll fires fist once', () => {
    const engine = new GestureEngine();
    const out = stream(fist, (k) => ({ dx: 0, dy: 0, roll: k * 1.5 }), 60, 1).flatMap((f) => engine.update(f));
    expect(out.map((e) => e.label)).toEqual(['fist']);
  });

  it('a recorded pointing hand swept across the frame fires one swipe (and the pose while it was still)', () => {
    const engine = new GestureEngine();
    // the photo's hand fills the frame: shown at half size (farther from the camera), still 400 ms,
    // then 0.5 of the frame width to the image's left in 300 ms (about 2 palm sizes), then still
    const path = (k: number) => ({ dx: 0.25 + (k < 12 ? 0 : k < 21 ? (-0.5 * (k - 12)) / 9 : -0.5), dy: 0.2, roll: 0, scale: 0.5 });
    const out = stream(pointing, path, 50, 2).flatMap((f) => engine.update(f));
    expect(out.filter((e) => e.gestureType === 'motion').map((e) => e.label)).toEqual(['swipe-right']);
    expect(out.filter((e) => e.gestureType === 'pose').map((e) => e.label)).toEqual(['pointing-up']);
  });
});
