/**
 * The real node-record-lpcm16 code path with stand-in recorders: executables named like the real
 * ones, first on PATH, that stream an espeak-ng wav as 16 kHz s16le in real time through ffmpeg.
 */
import { chmod, writeFile } from 'node:fs/promises';
import { delimiter } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BeckonEvent } from '../../main/common/events.ts';
import { BeckonError } from '../../main/common/errors.ts';
import { Pipeline } from '../../main/core/pipeline.ts';
import { defaultRecorder, micSource } from '../../main/audio/mic-source.ts';
import { findExecutable } from '../../main/audio/find-executable.ts';
import { createVadStage } from '../../main/audio/vad-stage.ts';
import { SileroVad } from '../../main/audio/vad/silero.ts';
import { collect, ofKind, speech16k, stamper, tempDir } from './helpers.ts';

const ffmpegPath = findExecutable('ffmpeg');
const originalPath = process.env.PATH;
let dir: Awaited<ReturnType<typeof tempDir>>;
let bin: string;
let speech: string;
let vad: SileroVad;

async function script(name: string, body: string): Promise<void> {
  const path = `${bin}/${name}`;
  await writeFile(path, `#!/bin/sh\n${body}\n`);
  await chmod(path, 0o755);
}

beforeAll(async () => {
  dir = await tempDir('beckon-mic-');
  bin = dir.path('bin');
  await (await import('node:fs/promises')).mkdir(bin);
  speech = await speech16k('Hello Beckon, what time is it?', dir, 'speech');
  vad = await SileroVad.load();
});
afterEach(() => {
  process.env.PATH = originalPath;
});
afterAll(async () => {
  await vad.release();
  await dir.cleanup();
});

/** Stand-ins for every recorder name, all playing `wav` (plus 1 s of silence) in real time; arguments ignored. */
async function standIns(wav: string, extraSeconds = 1): Promise<void> {
  const play = `exec ${JSON.stringify(ffmpegPath)} -hide_banner -loglevel error -re -i ${JSON.stringify(wav)} -af apad=pad_dur=${extraSeconds} -f s16le -ac 1 -ar 16000 -`;
  for (const name of ['arecord', 'sox', 'rec']) await script(name, play);
  process.env.PATH = `${bin}${delimiter}${originalPath}`;
}

describe.skipIf(!ffmpegPath)('micSource with a stand-in recorder', () => {
  if (!ffmpegPath) console.warn('skipping mic tests: ffmpeg is not on PATH (needed for the stand-in recorder)');

  it('picks a recorder found on PATH', async () => {
    await standIns(speech);
    const chosen = defaultRecorder();
    expect(chosen).not.toBeNull();
    expect(findExecutable(chosen!)).toBe(`${bin}/${chosen}`);
  });

  for (const recorder of [undefined, 'sox'] as const) {
    it(`feeds the VAD stage, which finds the utterance (recorder: ${recorder ?? 'default'})`, async () => {
      await standIns(speech);
      vad.reset();
      const pipeline = new Pipeline([createVadStage({ vad, partialEveryMs: 0 })]);
      const events = await collect(pipeline.run(micSource({ recorder, make: (k, b, s) => pipeline.make(k, b, s) })));
      const frames = ofKind(events, 'AudioFrame');
      frames.forEach((f, k) => expect(f.t0).toBeCloseTo(k * 32, 9));
      expect(frames.every((f) => f.samples.length === 512 && f.source === 'mic')).toBe(true);
      const vads = ofKind(events, 'Vad');
      expect(vads.map((v) => `${v.state}:${v.utteranceId}`)).toEqual(['start:u1', 'end:u1']);
      const final = ofKind(events, 'SpeechSegment').filter((s) => s.final);
      expect(final).toHaveLength(1);
      expect(final[0].samples.length).toBeGreaterThan(16000);
    });
  }

  it('stops cleanly on abort even though the recorder exits non-zero when killed', async () => {
    await standIns(speech, 30);
    const controller = new AbortController();
    const events: BeckonEvent[] = [];
    const started = performance.now();
    for await (const e of micSource({ make: stamper(), signal: controller.signal })) {
      events.push(e);
      if (events.length === 10) controller.abort();
    }
    expect(events.length).toBeGreaterThanOrEqual(10);
    expect(events.length).toBeLessThan(40);
    expect(performance.now() - started).toBeLessThan(20_000);
  });

  it('says MIC_UNAVAILABLE with the recorder output when it fails at once', async () => {
    for (const name of ['arecord', 'sox', 'rec']) await script(name, 'echo "audio open error: No such device" >&2; exit 1');
    process.env.PATH = `${bin}${delimiter}${originalPath}`;
    const err = await collect(micSource({ make: stamper() })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BeckonError);
    expect((err as BeckonError).code).toBe('MIC_UNAVAILABLE');
    expect((err as BeckonError).message).toContain('No such device');
    expect((err as BeckonError).hint).toMatch(/install sox or alsa-utils/);
  });
});

describe('micSource without a recorder', () => {
  it('says MIC_UNAVAILABLE when no recorder is on PATH', async () => {
    process.env.PATH = dir.path('empty-bin-that-does-not-exist');
    expect(defaultRecorder()).toBeNull();
    const err = await collect(micSource({ make: stamper() })).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'MIC_UNAVAILABLE' });
    expect((err as BeckonError).hint).toContain('install sox or alsa-utils / check the device');
    const named = await collect(micSource({ recorder: 'arecord', make: stamper() })).catch((e: unknown) => e);
    expect(named).toMatchObject({ code: 'MIC_UNAVAILABLE' });
    expect((named as BeckonError).message).toContain('arecord');
  });
});
