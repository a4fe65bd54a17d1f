import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Landmark } from '../../../main/common/perception.ts';
import { classifyPose } from '../../../main/vision/gestures/classify.ts';
import { PoseLabels } from '../../../main/vision/gestures/types.ts';
import { POSES, handPoints, project } from './hand-model.ts';

interface Fixture {
  source: string;
  width: number;
  height: number;
  samples: { name: string; expected: string | null; handedness: 'left' | 'right'; landmarks: Landmark[] }[];
}
const fixture = JSON.parse(readFileSync(fileURLToPath(new URL('../../fixtures/landmarks/poses.synthetic.json', import.meta.url)), 'utf8')) as Fixture;
const size = { width: fixture.width, height: fixture.height };

describe('pose classifier on landmark fixtures (synthetic: measured hand geometry, see the fixture source)', () => {
  it('covers every pose and a no-pose hand', () => {
    const labels = new Set(fixture.samples.map((s) => s.expected));
    for (const label of PoseLabels) expect(labels.has(label)).toBe(true);
    expect(labels.has(null)).toBe(true);
  });

  for (const sample of fixture.samples) {
    it(`${sample.name} -> ${sample.expected ?? 'no pose'}`, () => {
      const result = classifyPose(sample.landmarks, size);
      expect(result?.label ?? null).toBe(sample.expected);
      if (result) {
        expect(result.score).toBeGreaterThanOrEqual(0.5);
        expect(result.score).toBeLessThanOrEqual(1);
      }
    });
  }
});

describe('pose classifier invariances', () => {
  const rotationFree = ['open-palm', 'fist', 'victory', 'ok', 'i-love-you'] as const;
  it.each(rotationFree)('%s keeps its label at any roll and at several sizes', (name) => {
    for (let roll = 0; roll < 360; roll += 30) {
      for (const palm of [0.08, 0.2, 0.4]) {
        const lm = project(handPoints(POSES[name]), { handedness: 'left', cx: 0.5, cy: 0.5, palm, roll });
        expect(classifyPose(lm, { width: 640, height: 480 })?.label, `roll ${roll} palm ${palm}`).toBe(name);
      }
    }
  });

  it('thumbs up turned upside down is thumbs down; pointing up pointing down is no pose', () => {
    const up = project(handPoints(POSES['thumbs-up']), { handedness: 'right', cx: 0.5, cy: 0.5, palm: 0.2, roll: 90 });
    const down = project(handPoints(POSES['thumbs-up']), { handedness: 'right', cx: 0.5, cy: 0.5, palm: 0.2, roll: -90 });
    const pointingDown = project(handPoints(POSES['pointing-up']), { handedness: 'right', cx: 0.5, cy: 0.5, palm: 0.2, roll: 180 });
    expect(classifyPose(up, { width: 640, height: 480 })?.label).toBe('thumbs-up');
    expect(classifyPose(down, { width: 640, height: 480 })?.label).toBe('thumbs-down');
    expect(classifyPose(pointingDown, { width: 640, height: 480 })).toBeNull();
  });

  it('a thumb sticking out sideways from a fist is neither fist nor thumbs up/down', () => {
    const sideways = project(handPoints(POSES['thumbs-up']), { handedness: 'right', cx: 0.5, cy: 0.5, palm: 0.2, roll: 0 });
    expect(classifyPose(sideways, { width: 640, height: 480 })).toBeNull();
  });

  it('measures in pixels: a hand in a very wide frame (1920x480) is classified with the frame size', () => {
    const lm = project(handPoints(POSES.fist), { handedness: 'right', cx: 0.5, cy: 0.5, palm: 0.2, roll: 45, width: 1920, height: 480 });
    expect(classifyPose(lm, { width: 1920, height: 480 })?.label).toBe('fist');
  });

  it('bad landmarks give null, never throw', () => {
    const good = project(handPoints(POSES.fist), { handedness: 'right', cx: 0.5, cy: 0.5, palm: 0.2 });
    const nan = good.map((p, i) => (i === 8 ? ([NaN, p[1], p[2]] as Landmark) : p));
    expect(classifyPose(nan)).toBeNull();
    expect(classifyPose(good.slice(0, 20))).toBeNull();
    expect(classifyPose([] as Landmark[])).toBeNull();
    expect(classifyPose(good.map((p) => [p[0], p[1]]) as unknown as Landmark[])).toBeNull();
    expect(classifyPose(null as unknown as Landmark[])).toBeNull();
    // all points on one spot: degenerate but finite
    expect(() => classifyPose(good.map(() => [0.5, 0.5, 0] as Landmark))).not.toThrow();
  });
});
