import { readFile, writeFile } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BeckonError } from '../../main/common/errors.ts';
import { type DecodedAudio, decodeWav, encodeWav, readWav } from '../../main/audio/wav.ts';
import { correlation, ffmpeg, sox, speech16k, tempDir } from './helpers.ts';

let dir: Awaited<ReturnType<typeof tempDir>>;
let reference: DecodedAudio;
let referencePath: string;

beforeAll(async () => {
  dir = await tempDir();
  referencePath = await speech16k('Hello Beckon, please open the calendar for tomorrow morning.', dir, 'ref');
  reference = await readWav(referencePath);
});
afterAll(() => dir.cleanup());

async function rejection(p: Promise<unknown>): Promise<BeckonError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(BeckonError);
  return err as BeckonError;
}

describe('readWav', () => {
  it('reads 16 kHz mono 16-bit as is', () => {
    expect(reference.sampleRate).toBe(16000);
    expect(reference.original).toEqual({ sampleRate: 16000, channels: 1, bitDepth: '16' });
    expect(reference.durationMs).toBeCloseTo((reference.samples.length / 16000) * 1000, 6);
    expect(Math.max(...reference.samples.map(Math.abs))).toBeLessThanOrEqual(1);
  });

  const conversions: { name: string; make: (src: string, out: string) => Promise<void>; original: DecodedAudio['original'] }[] = [
    { name: '8 kHz stereo', make: (s, o) => sox(s, '-r', '8000', '-c', '2', o), original: { sampleRate: 8000, channels: 2, bitDepth: '16' } },
    { name: '44.1 kHz', make: (s, o) => sox(s, '-r', '44100', o), original: { sampleRate: 44100, channels: 1, bitDepth: '16' } },
    { name: '48 kHz 24-bit', make: (s, o) => sox(s, '-r', '48000', '-b', '24', o), original: { sampleRate: 48000, channels: 1, bitDepth: '24' } },
    { name: 'float32', make: (s, o) => sox(s, '-e', 'floating-point', '-b', '32', o), original: { sampleRate: 16000, channels: 1, bitDepth: '32f' } },
    { name: '22.05 kHz 32-bit int', make: (s, o) => sox(s, '-r', '22050', '-b', '32', o), original: { sampleRate: 22050, channels: 1, bitDepth: '32' } },
    { name: '8-bit unsigned', make: (s, o) => ffmpeg('-i', s, '-c:a', 'pcm_u8', o), original: { sampleRate: 16000, channels: 1, bitDepth: '8' } },
    { name: '3 channels 24-bit (extensible)', make: (s, o) => ffmpeg('-i', s, '-ac', '3', '-c:a', 'pcm_s24le', o), original: { sampleRate: 16000, channels: 3, bitDepth: '24' } },
  ];
  for (const c of conversions) {
    it(`converts ${c.name} to 16 kHz mono close to the original`, async () => {
      const out = dir.path(`${c.name.replace(/\W+/g, '_')}.wav`);
      await c.make(referencePath, out);
      const decoded = await readWav(out);
      expect(decoded.original).toEqual(c.original);
      expect(decoded.sampleRate).toBe(16000);
      expect(Math.abs(decoded.samples.length - reference.samples.length)).toBeLessThanOrEqual(2);
      // 8 kHz loses everything above 4 kHz, so it can only match the band it kept
      expect(correlation(decoded.samples, reference.samples)).toBeGreaterThan(c.original.sampleRate === 8000 ? 0.95 : 0.99);
    });
  }

  it('averages channels when downmixing', async () => {
    const left = dir.path('left.wav');
    // right channel silent: the mono result is half the left channel
    await sox(referencePath, left, 'remix', '1', '0');
    const decoded = await readWav(left);
    expect(decoded.original.channels).toBe(2);
    let maxDiff = 0;
    for (let i = 0; i < decoded.samples.length; i++) maxDiff = Math.max(maxDiff, Math.abs(decoded.samples[i] - reference.samples[i] / 2));
    expect(maxDiff).toBeLessThan(1e-4);
  });

  it('says WAV_NOT_FOUND for a missing file', async () => {
    const err = await rejection(readWav(dir.path('nope.wav')));
    expect(err.code).toBe('WAV_NOT_FOUND');
    expect(err.message).toContain('nope.wav');
  });

  it('says WAV_INVALID for a text file', async () => {
    const path = dir.path('notes.wav');
    await writeFile(path, 'this is not audio\n'.repeat(20));
    const err = await rejection(readWav(path));
    expect(err.code).toBe('WAV_INVALID');
    expect(err.hint).toMatch(/ffmpeg|sox/);
  });

  it('says WAV_INVALID for an mp3 file', async () => {
    const path = dir.path('speech.mp3');
    await ffmpeg('-i', referencePath, '-c:a', 'libmp3lame', path);
    const err = await rejection(readWav(path));
    expect(err.code).toBe('WAV_INVALID');
    expect(err.hint).toContain('ffmpeg -i');
  });

  it('says WAV_EMPTY for a wav without samples', async () => {
    const path = dir.path('empty.wav');
    await sox('-n', '-r', '16000', '-c', '1', '-b', '16', path, 'trim', '0', '0');
    const err = await rejection(readWav(path));
    expect(err.code).toBe('WAV_EMPTY');
  });

  it('says WAV_UNSUPPORTED with a conversion command for µ-law', async () => {
    const path = dir.path('mulaw.wav');
    await ffmpeg('-i', referencePath, '-c:a', 'pcm_mulaw', path);
    const err = await rejection(readWav(path));
    expect(err.code).toBe('WAV_UNSUPPORTED');
    expect(err.message).toContain('µ-law');
    expect(err.hint).toContain(`ffmpeg -i ${JSON.stringify(path)}`);
    expect(err.hint).toContain('sox');
  });

  it('says WAV_UNSUPPORTED for IMA ADPCM', async () => {
    const path = dir.path('adpcm.wav');
    await sox(referencePath, '-e', 'ima-adpcm', path);
    const err = await rejection(readWav(path));
    expect(err.code).toBe('WAV_UNSUPPORTED');
  });
});

describe('encodeWav', () => {
  it('round-trips float samples through 16-bit PCM', () => {
    const bytes = encodeWav(reference.samples, 16000);
    const back = decodeWav(bytes, 'memory');
    expect(back.samples.length).toBe(reference.samples.length);
    let maxDiff = 0;
    for (let i = 0; i < back.samples.length; i++) maxDiff = Math.max(maxDiff, Math.abs(back.samples[i] - reference.samples[i]));
    expect(maxDiff).toBeLessThanOrEqual(1 / 32767);
  });

  it('writes Int16 samples exactly and files that sox reads', async () => {
    const original = await readFile(referencePath);
    const ints = new Int16Array(reference.samples.length);
    for (let i = 0; i < ints.length; i++) ints[i] = Math.round(reference.samples[i] * 32768);
    const bytes = encodeWav(ints, 16000);
    // same sample bytes as sox wrote
    expect(Buffer.from(bytes.subarray(44)).equals(original.subarray(original.length - ints.length * 2))).toBe(true);
    const path = dir.path('encoded.wav');
    await writeFile(path, bytes);
    const soxi = async (flag: string) => (await promisify(execFile)('soxi', [flag, path])).stdout.trim();
    expect([await soxi('-r'), await soxi('-c'), await soxi('-s')]).toEqual(['16000', '1', String(ints.length)]);
  });

  it('clips out-of-range floats', () => {
    const back = decodeWav(encodeWav(Float32Array.from([2, -2, 0.5]), 8000), 'memory');
    expect(back.original.sampleRate).toBe(8000);
    expect(back.sampleRate).toBe(16000);
    expect(Math.max(...back.samples)).toBeLessThanOrEqual(1.1); // resampling may ring slightly past a clipped edge
  });
});
