import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BeckonError } from '../../main/common/errors.ts';
import { readWav } from '../../main/audio/wav.ts';
import { SileroVad, defaultSileroModelPath } from '../../main/audio/vad/silero.ts';
import { sox, speech16k, tempDir } from './helpers.ts';

let dir: Awaited<ReturnType<typeof tempDir>>;
let vad: SileroVad;

beforeAll(async () => {
  dir = await tempDir();
  vad = await SileroVad.load();
});
afterAll(async () => {
  await vad.release();
  await dir.cleanup();
});

async function probabilities(path: string): Promise<number[]> {
  const { samples } = await readWav(path);
  vad.reset();
  const out: number[] = [];
  for (let i = 0; i + 512 <= samples.length; i += 512) out.push(await vad.process(samples.subarray(i, i + 512)));
  return out;
}

describe('SileroVad', () => {
  it('finds its model inside the installed @ricky0123/vad-web package', () => {
    const path = defaultSileroModelPath();
    expect(path).toMatch(/@ricky0123[\\/]vad-web[\\/]dist[\\/]silero_vad_v5\.onnx$/);
    expect(existsSync(path)).toBe(true);
  });

  it('gives high probabilities on speech and low ones on silence and noise', async () => {
    const speech = await probabilities(await speech16k('Please turn the music down a little.', dir, 'speech'));
    const silence = dir.path('silence.wav');
    await sox('-n', '-r', '16000', '-c', '1', '-b', '16', silence, 'trim', '0', '3');
    const white = dir.path('white.wav');
    await sox('-n', '-r', '16000', '-c', '1', '-b', '16', white, 'synth', '3', 'whitenoise', 'vol', '0.3');
    const brown = dir.path('brown.wav');
    await sox('-n', '-r', '16000', '-c', '1', '-b', '16', brown, 'synth', '3', 'brownnoise', 'vol', '0.5');

    expect(speech.filter((p) => p > 0.5).length).toBeGreaterThan(speech.length / 3);
    for (const path of [silence, white, brown]) {
      const probs = await probabilities(path);
      expect(probs.length).toBe(Math.floor(48000 / 512));
      expect(Math.max(...probs), path).toBeLessThan(0.5);
    }
  });

  it('gives the same answers after reset (state and context are cleared)', async () => {
    const path = await speech16k('Hello there.', dir, 'hello');
    expect(await probabilities(path)).toEqual(await probabilities(path));
  });

  it('rejects frames that are not 512 samples', async () => {
    await expect(vad.process(new Float32Array(480))).rejects.toThrow(RangeError);
  });

  it('says MODEL_CORRUPT for a file of garbage bytes', async () => {
    const path = dir.path('garbage.onnx');
    await writeFile(path, randomBytes(4096));
    const err = await SileroVad.load({ modelPath: path }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BeckonError);
    expect((err as BeckonError).code).toBe('MODEL_CORRUPT');
    expect((err as BeckonError).hint).toContain('beckon models');
  });

  it('says MODEL_MISSING for a path with no file', async () => {
    const err = await SileroVad.load({ modelPath: dir.path('none.onnx') }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'MODEL_MISSING' });
    expect((err as BeckonError).hint).toContain('beckon models');
  });

  it('says MODEL_CORRUPT for a real ONNX model of the wrong kind (the older Silero v4)', async () => {
    const legacy = defaultSileroModelPath().replace('silero_vad_v5.onnx', 'silero_vad_legacy.onnx');
    const err = await SileroVad.load({ modelPath: legacy }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'MODEL_CORRUPT' });
  });
});
