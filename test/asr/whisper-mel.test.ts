/**
 * Whisper log-mel features against a numpy reference written from Whisper's formulas, on real
 * espeak-ng speech. (The reference itself cross-checks its STFT against torch.stft.)
 */
import { describe, expect, it } from 'vitest';
import { N_FRAMES, N_MELS, WhisperMel, melFilterbank, hzToMel, melToHz } from '../../main/asr/engines/whisper/mel.ts';
import { readWav16, referenceMel, speechWav, tempDir } from './whisper/fixture.ts';

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

describe('Whisper log-mel', () => {
  it('matches the numpy reference on an espeak-ng clip (max abs diff < 1e-3)', async () => {
    const dir = tempDir();
    const wav = await speechWav('turn on the kitchen lights and play some music', dir);
    const samples = readWav16(wav);
    const ours = new WhisperMel().compute(samples);
    const ref = await referenceMel(wav, dir);
    expect(ours.length).toBe(N_MELS * N_FRAMES);
    expect(ref.length).toBe(ours.length);
    expect(maxAbsDiff(ours, ref)).toBeLessThan(1e-3);
    // the clip is speech, not a constant: the features vary
    expect(Math.max(...ours.subarray(0, N_FRAMES))).toBeGreaterThan(Math.min(...ours.subarray(0, N_FRAMES)));
  });

  it('keeps the last 30 s of longer audio, matching the reference on the trimmed clip', async () => {
    const dir = tempDir();
    const wav = await speechWav('one two three four five six seven eight nine ten', dir);
    const speech = readWav16(wav);
    const long = new Float32Array(31 * 16_000 + speech.length);
    long.set(speech, long.length - speech.length);
    long.set(speech, 0); // must be cut off: it lies outside the last 30 s
    const trimmed = long.subarray(long.length - 480_000);
    const mel = new WhisperMel();
    expect(maxAbsDiff(mel.compute(long), mel.compute(trimmed))).toBe(0);
  });

  it('reuses its buffers: a second call with an output buffer gives identical features', async () => {
    const dir = tempDir();
    const samples = readWav16(await speechWav('hello', dir));
    const mel = new WhisperMel();
    const first = mel.compute(samples).slice();
    mel.compute(new Float32Array(16_000).fill(0.3)); // dirty the scratch buffers
    const out = new Float32Array(N_MELS * N_FRAMES);
    expect(mel.compute(samples, out)).toBe(out);
    expect(maxAbsDiff(first, out)).toBe(0);
  });

  it('builds a slaney filterbank whose mel scale round-trips and whose filters have unit area in mel', () => {
    for (const hz of [0, 500, 1000, 2500, 8000]) expect(melToHz(hzToMel(hz))).toBeCloseTo(hz, 6);
    const fb = melFilterbank();
    expect(fb).toHaveLength(80);
    expect(fb.every((row) => row.length === 201 && row.some((w) => w > 0))).toBe(true);
  });
});
