/**
 * Writes test/fixtures/landmarks/poses.synthetic.json from the kinematic hand model (hand-model.ts).
 * Run: npx tsx test/vision/gestures/make-pose-fixtures.ts
 * Replace with landmarks recorded by MediaPipe HandLandmarker on real photos when the harness exists.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { POSES, handPoints, project, seeded } from './hand-model.ts';

const WIDTH = 640;
const HEIGHT = 480;
const rng = seeded(20261129);

/** base roll per pose and hand so that "up" poses point up */
function baseRoll(name: string, hand: 'left' | 'right'): number {
  const side = hand === 'right' ? 1 : -1;
  if (name === 'thumbs-up') return 90 * side;
  if (name === 'thumbs-down') return -90 * side;
  return 0;
}

const samples: unknown[] = [];
const names = [...Object.keys(POSES).filter((n) => n !== 'pinch-open' && n !== 'pinch'), 'thumbs-down'];
for (const name of names) {
  const pose = POSES[name === 'thumbs-down' ? 'thumbs-up' : name];
  for (const handedness of ['right', 'left'] as const) {
    for (const [roll, yaw, pitch, palm] of [
      [0, 0, 0, 0.22],
      [-20, 30, 10, 0.15],
      [20, -25, -15, 0.3],
    ]) {
      const points = handPoints(pose, () => rng.gauss(4));
      const landmarks = project(
        points,
        { handedness, cx: 0.3 + 0.4 * rng.uniform(), cy: 0.35 + 0.3 * rng.uniform(), palm, roll: baseRoll(name, handedness) + roll, yaw, pitch, width: WIDTH, height: HEIGHT },
        () => rng.gauss(0.002),
      ).map((p) => p.map((v) => Math.round(v * 1e5) / 1e5));
      samples.push({ name: `${name} ${handedness} roll${roll} yaw${yaw} pitch${pitch} palm${palm}`, expected: name === 'half-curl' ? null : name, handedness, landmarks });
    }
  }
}

const out = {
  source:
    'SYNTHETIC, not recorded: a kinematic hand model with average adult bone lengths (Buryanov & Kotiuk 2010), ' +
    'joint angles per pose, seeded joint jitter (sigma 4 deg) and landmark noise (sigma 0.002), projected like MediaPipe HandLandmarker output. ' +
    'Made by test/vision/gestures/make-pose-fixtures.ts. To be replaced by real recordings.',
  width: WIDTH,
  height: HEIGHT,
  samples,
};
writeFileSync(fileURLToPath(new URL('../../fixtures/landmarks/poses.synthetic.json', import.meta.url)), JSON.stringify(out, null, 1) + '\n');
console.log(`wrote ${samples.length} samples`);
