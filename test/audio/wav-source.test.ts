import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DecodedAudio, readWav } from '../../main/audio/wav.ts';
import { wavSource } from '../../main/audio/wav-source.ts';
import { collect, speech16k, stamper, tempDir } from './helpers.ts';

let dir: Awaited<ReturnType<typeof tempDir>>;
let path: string;
let audio: DecodedAudio;

beforeAll(async () => {
  dir = await tempDir();
  path = await speech16k('Open the window.', dir, 'speech');
  audio = await readWav(path);
});
afterAll(() => dir.cleanup());

describe('wavSource', () => {
  it('cuts the file into 512-sample frames with stream times, the last one zero-filled', async () => {
    const frames = await collect(wavSource(path, { make: stamper() }));
    expect(frames.length).toBe(Math.ceil(audio.samples.length / 512));
    frames.forEach((f, k) => {
      expect(f.kind).toBe('AudioFrame');
      expect(f.samples.length).toBe(512);
      expect(f.sampleRate).toBe(16000);
      expect(f.t0).toBeCloseTo(k * 32, 9);
      expect(f.source).toBe('wav');
    });
    const joined = new Float32Array(frames.length * 512);
    frames.forEach((f, k) => joined.set(f.samples, k * 512));
    expect(Array.from(joined.subarray(0, audio.samples.length))).toEqual(Array.from(audio.samples));
    expect(joined.subarray(audio.samples.length).every((v) => v === 0)).toBe(true);
  });

  it('appends padEndMs of silence', async () => {
    const frames = await collect(wavSource(audio, { make: stamper(), padEndMs: 640 }));
    expect(frames.length).toBe(Math.ceil((audio.samples.length + 640 * 16) / 512));
    expect(frames.at(-1)!.samples.every((v) => v === 0)).toBe(true);
  });

  it('paces frames in real time when asked', async () => {
    const second = { ...audio, samples: audio.samples.subarray(0, 16000), durationMs: 1000 };
    const started = performance.now();
    const releasedAt: number[] = [];
    for await (const _frame of wavSource(second, { make: stamper(), realtime: true })) releasedAt.push(performance.now() - started);
    expect(releasedAt.length).toBe(32);
    // Each frame is released no earlier than its last sample would have been heard (lower bounds
    // only: a loaded machine may release late, never early); the last one after about a second.
    for (let k = 0; k < releasedAt.length; k++) expect(releasedAt[k]).toBeGreaterThanOrEqual((k + 1) * 32 - 2);
    expect(releasedAt.at(-1)).toBeGreaterThanOrEqual(0.95 * 1000);
  });

  it('paces at a multiple of real time with speed', async () => {
    const second = { ...audio, samples: audio.samples.subarray(0, 16000), durationMs: 1000 };
    const started = performance.now();
    const frames = await collect(wavSource(second, { make: stamper(), speed: 4 }));
    expect(frames.length).toBe(32);
    expect(performance.now() - started).toBeGreaterThanOrEqual(0.95 * 250);
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    const frames = [];
    for await (const f of wavSource(audio, { make: stamper(), realtime: true, signal: controller.signal })) {
      frames.push(f);
      if (frames.length === 3) controller.abort();
    }
    expect(frames.length).toBe(3);
  });

  it('reports a missing file', async () => {
    await expect(collect(wavSource(dir.path('missing.wav'), { make: stamper() }))).rejects.toMatchObject({ code: 'WAV_NOT_FOUND' });
  });
});
