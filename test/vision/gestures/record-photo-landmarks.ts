/**
 * Records REAL landmarks: MediaPipe HandLandmarker (models/generated/hand_landmarker.task, built by
 * `npx beckon models build`) in headless Chromium on fingerpose's photos, into
 * test/fixtures/landmarks/fingerpose-photos.json. Run: npx tsx test/vision/gestures/record-photo-landmarks.ts
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { withMediapipePage } from '../../support/mediapipe-page.ts';

const ASSETS = resolve(import.meta.dirname, '..', '..', '..', 'node_modules', 'fingerpose', 'assets');
const PHOTOS = [
  { file: 'fullcurl.jpg', expected: 'fist', what: 'a fist' },
  { file: 'nocurl.jpg', expected: 'pointing-up', what: 'the index finger pointing up, the others curled' },
  { file: 'halfcurl.jpg', expected: null, what: 'the fingers half curled (no pose)' },
];

const samples = await withMediapipePage(async (mp) => {
  const out = [];
  for (const p of PHOTOS) {
    const r = await mp.detectHands(join(ASSETS, p.file), { numHands: 1 });
    const round = (v: number) => Math.round(v * 1e6) / 1e6;
    out.push({
      photo: `node_modules/fingerpose/assets/${p.file}`,
      what: p.what,
      expected: p.expected,
      width: r.width,
      height: r.height,
      hands: r.results.map((h) => ({ handedness: h.handedness, score: round(h.score), landmarks: h.landmarks.map((q) => q.map(round)) })),
    });
    console.log(p.file, r.results.length, 'hand(s)', r.ms.toFixed(1), 'ms');
  }
  return out;
});

const fixture = {
  source:
    'REAL: MediaPipe HandLandmarker (@mediapipe/tasks-vision 1.1.0, hand_landmarker.task built from @mediapipe/hands) in headless Chromium, ' +
    'IMAGE mode, on the fingerpose package photos. Recorded by test/vision/gestures/record-photo-landmarks.ts. ' +
    "handedness is MediaPipe's raw label (it assumes a mirrored selfie image).",
  samples,
};
writeFileSync(resolve(import.meta.dirname, '..', '..', 'fixtures', 'landmarks', 'fingerpose-photos.json'), JSON.stringify(fixture, null, 1) + '\n');
