import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EmotionClassifier } from '../../../main/vision/emotion/classifier.ts';
import { EmotionModel } from '../../../main/vision/emotion/model.ts';
import { topLabel } from '../../../main/vision/emotion/labels.ts';
import { BeckonError } from '../../../main/common/errors.ts';
import { buildTempEmotionModel } from './model-fixture.ts';
import { franckCrops } from './franck-faces.ts';

const model = buildTempEmotionModel();
let faces: Awaited<ReturnType<typeof franckCrops>>;

beforeAll(async () => {
  faces = await franckCrops();
  if ('skip' in faces) console.warn(`real-face tests skipped: ${faces.skip}`);
});
afterAll(() => model.cleanup());

const noFaces = () => faces === undefined || 'skip' in faces;
const crop = (name: 'neutral' | 'smiling'): Uint8Array => (faces as { crops: Record<string, Uint8Array> }).crops[name]!;

async function expectCode(promise: Promise<unknown>, code: string): Promise<BeckonError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(BeckonError);
  expect((err as BeckonError).code).toBe(code);
  return err as BeckonError;
}

describe('EmotionModel', () => {
  it('a missing model file -> MODEL_MISSING with the build hint', async () => {
    const err = await expectCode(EmotionModel.load({ modelPath: join(model.dir, 'nope.onnx') }), 'MODEL_MISSING');
    expect(err.hint).toContain('npx beckon models build');
  });

  it('a corrupt model file -> MODEL_CORRUPT', async () => {
    const bad = join(model.dir, 'corrupt.onnx');
    writeFileSync(bad, Buffer.from('this is not an onnx model'.repeat(100)));
    const err = await expectCode(EmotionModel.load({ modelPath: bad }), 'MODEL_CORRUPT');
    expect(err.hint).toContain('npx beckon models build');
  });

  it('rejects a crop of the wrong size', async () => {
    const m = await EmotionModel.load({ modelPath: model.path });
    await expectCode(m.classify([new Uint8Array(10)]), 'EMOTION_BAD_CROP');
    await m.dispose();
  });

  it('gives a smiling face a higher happy probability than a neutral one (franck frames)', async (ctx) => {
    if (noFaces()) return ctx.skip();
    const m = await EmotionModel.load({ modelPath: model.path });
    const [neutral, smiling] = await m.classify([crop('neutral'), crop('smiling')]);
    console.info('neutral frame:', neutral, '\nsmiling frame:', smiling);
    expect(smiling!.happy).toBeGreaterThan(neutral!.happy);
    expect(topLabel(smiling!)).toBe('happy');
    expect(topLabel(neutral!)).not.toBe('happy');
    for (const p of [neutral!, smiling!]) expect(Object.values(p).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);

    // ms per face, the model alone (reported, not asserted: timing goals stay out of unit tests)
    const runs = 100;
    const started = performance.now();
    for (let i = 0; i < runs; i++) await m.classify([crop(i % 2 ? 'neutral' : 'smiling')]);
    console.info(`emotion model alone: ${((performance.now() - started) / runs).toFixed(2)} ms per face`);
    await m.dispose();
  });
});

describe('EmotionClassifier (worker thread)', () => {
  it('classifies in the worker, survives a worker crash, and rate-limits live frames', async () => {
    const restarts: string[] = [];
    const classifier = new EmotionClassifier({ modelPath: model.path, onRestart: (e) => restarts.push(e.code) });
    await classifier.start();
    const input = noFaces() ? new Uint8Array(4096).fill(128) : crop('smiling');
    const first = await classifier.classify(input);
    expect(Object.keys(first).sort()).toEqual(['angry', 'disgusted', 'fearful', 'happy', 'neutral', 'sad', 'surprised']);
    expect(input.length).toBe(4096); // the caller's buffer is not transferred away

    // A crash fails the call in flight (if the worker had not answered yet), and the worker
    // comes back with the model reloaded; a call sent right behind the restart waits for it.
    const inFlight = classifier.classify(input).then(
      () => 'answered',
      (e: BeckonError) => e.code,
    );
    await new Promise((r) => setImmediate(r));
    classifier.worker.kill('test crash');
    expect(['answered', 'WORKER_CRASHED']).toContain(await inFlight);
    expect(restarts).toEqual(['WORKER_CRASHED']);
    const after = await classifier.classify(input);
    for (const label of Object.keys(first) as (keyof typeof first)[]) expect(after[label]).toBeCloseTo(first[label], 5);

    // 5 per second: a frame 100 ms after a classified one is skipped, 200 ms after is classified.
    expect(await classifier.classifyLive(input, 10_000)).not.toBeNull();
    expect(await classifier.classifyLive(input, 10_100)).toBeNull();
    expect(await classifier.classifyLive(input, 10_200)).not.toBeNull();

    // ms per face through the worker (round trip), reported only
    const runs = 100;
    const started = performance.now();
    for (let i = 0; i < runs; i++) await classifier.classify(input);
    const roundTrip = (performance.now() - started) / runs;
    console.info(`emotion through the worker: ${roundTrip.toFixed(2)} ms per face (model ${classifier.lastModelMs.toFixed(2)} ms of it, last run)`);
    await classifier.stop();
  });

  it('start() rejects with MODEL_CORRUPT for a corrupt file, and MODEL_MISSING for none', async () => {
    const bad = join(model.dir, 'corrupt-worker.onnx');
    writeFileSync(bad, Buffer.alloc(4096, 7));
    const corrupt = new EmotionClassifier({ modelPath: bad });
    await expectCode(corrupt.start(), 'MODEL_CORRUPT');
    await corrupt.stop();
    const missing = new EmotionClassifier({ modelPath: join(model.dir, 'absent.onnx') });
    const err = await expectCode(missing.start(), 'MODEL_MISSING');
    expect(err.hint).toContain('npx beckon models build');
    await missing.stop();
  });
});
