import { writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BeckonEvent } from '../../main/common/events.ts';
import { Pipeline } from '../../main/core/pipeline.ts';
import { type DecodedAudio, readWav } from '../../main/audio/wav.ts';
import { wavSource } from '../../main/audio/wav-source.ts';
import { createVadStage, type VadStageOptions } from '../../main/audio/vad-stage.ts';
import { SileroVad } from '../../main/audio/vad/silero.ts';
import { collect, loudExtentMs, ofKind, sox, speech16k, tempDir } from './helpers.ts';

let dir: Awaited<ReturnType<typeof tempDir>>;
let vad: SileroVad;
let sentence: string;
let sentenceAudio: DecodedAudio;

beforeAll(async () => {
  dir = await tempDir();
  vad = await SileroVad.load();
  sentence = await speech16k('Hello Beckon, please open the calendar for tomorrow morning.', dir, 'sentence');
  sentenceAudio = await readWav(sentence);
});
afterAll(async () => {
  await vad.release();
  await dir.cleanup();
});

/** Runs a wav through a real pipeline with the VAD stage; the shared model is reset per run. */
async function runVad(input: string | DecodedAudio, options: VadStageOptions = {}): Promise<BeckonEvent[]> {
  vad.reset();
  const pipeline = new Pipeline([createVadStage({ vad, ...options })]);
  return collect(pipeline.run(wavSource(input, { make: (k, b, s) => pipeline.make(k, b, s), padEndMs: 600 })));
}

const utteranceKinds = (events: BeckonEvent[]) =>
  events
    .filter((e) => e.kind === 'Vad' || (e.kind === 'SpeechSegment' && e.final))
    .map((e) => (e.kind === 'Vad' ? `Vad:${e.state}:${e.utteranceId}` : `Final:${(e as { utteranceId: string }).utteranceId}`));

describe('VAD stage', () => {
  it('finds exactly one utterance in a spoken sentence, covering all of the speech', async () => {
    const events = await runVad(sentence);
    expect(utteranceKinds(events)).toEqual(['Vad:start:u1', 'Vad:end:u1', 'Final:u1']);
    const [start, end] = ofKind(events, 'Vad');
    const final = ofKind(events, 'SpeechSegment').find((s) => s.final)!;
    const loud = loudExtentMs(sentenceAudio.samples);
    expect(start.at).toBeLessThanOrEqual(loud.from + 100);
    expect(end.at).toBeGreaterThanOrEqual(loud.to - 100);
    expect(end.at).toBeGreaterThan(start.at);
    expect(final.t0).toBeLessThanOrEqual(loud.from);
    expect(final.t1).toBeGreaterThanOrEqual(loud.to);
    expect(final.t0).toBeGreaterThanOrEqual(Math.max(0, start.at - 300) - 1e-6);
    expect(final.samples.length).toBeCloseTo(((final.t1 - final.t0) * 16000) / 1000, 0);
    // the segment's audio is the file's audio at those times
    const offset = Math.round((final.t0 * 16000) / 1000);
    expect(Array.from(final.samples.subarray(0, 1000))).toEqual(Array.from(sentenceAudio.samples.subarray(offset, offset + 1000)));
  });

  it('sends partial windows while speech goes on, then the final segment', async () => {
    const events = await runVad(sentence, { partialEveryMs: 1000, partialWindowMs: 1500 });
    const segments = ofKind(events, 'SpeechSegment');
    const partials = segments.filter((s) => !s.final);
    expect(partials.length).toBeGreaterThanOrEqual(2);
    for (const p of partials) {
      expect(p.utteranceId).toBe('u1');
      expect(p.t1 - p.t0).toBeLessThanOrEqual(1500 + 1e-6);
    }
    const kinds = events.filter((e) => e.kind === 'Vad' || e.kind === 'SpeechSegment').map((e) => e.kind);
    expect(kinds[0]).toBe('Vad');
    expect(kinds.at(-1)).toBe('SpeechSegment');
    expect(segments.at(-1)!.final).toBe(true);
  });

  it('passes audio frames through and ends with one Metric vad.ms_per_frame', async () => {
    const events = await runVad(sentence);
    const frames = ofKind(events, 'AudioFrame');
    expect(frames.length).toBe(Math.ceil((sentenceAudio.samples.length + 600 * 16) / 512));
    const metrics = ofKind(events, 'Metric');
    expect(metrics.map((m) => m.name)).toEqual(['vad.ms_per_frame']);
    expect(metrics[0].ms).toBeGreaterThan(0);
    expect(events.at(-1)!.kind).toBe('Metric');
    const quiet = await runVad(sentence, { passAudio: false });
    expect(ofKind(quiet, 'AudioFrame')).toEqual([]);
  });

  for (const noise of [
    { name: 'silence', args: ['trim', '0', '3'] },
    { name: 'white noise', args: ['synth', '3', 'whitenoise', 'vol', '0.3'] },
    { name: 'brown noise', args: ['synth', '3', 'brownnoise', 'vol', '0.5'] },
  ]) {
    it(`finds no speech in 3 s of ${noise.name}`, async () => {
      const path = dir.path(`${noise.name.replace(' ', '_')}.wav`);
      await sox('-n', '-r', '16000', '-c', '1', '-b', '16', path, ...noise.args);
      const events = await runVad(path);
      expect(ofKind(events, 'Vad')).toEqual([]);
      expect(ofKind(events, 'SpeechSegment')).toEqual([]);
      expect(ofKind(events, 'AudioFrame').length).toBeGreaterThan(90);
    });
  }

  it('finds two utterances in two sentences 1.5 s apart', async () => {
    const first = await speech16k('Turn on the lights in the kitchen.', dir, 'first');
    const second = await speech16k('And play some music please.', dir, 'second');
    const gap = dir.path('gap.wav');
    await sox('-n', '-r', '16000', '-c', '1', '-b', '16', gap, 'trim', '0', '1.5');
    const both = dir.path('both.wav');
    await sox(first, gap, second, both);
    const events = await runVad(both);
    expect(utteranceKinds(events)).toEqual(['Vad:start:u1', 'Vad:end:u1', 'Final:u1', 'Vad:start:u2', 'Vad:end:u2', 'Final:u2']);
    const firstMs = (await readWav(first)).durationMs;
    const [s1, e1, s2] = ofKind(events, 'Vad');
    expect(e1.at).toBeLessThan(firstMs + 100);
    expect(s2.at).toBeGreaterThan(firstMs + 1400);
    expect(s1.at).toBeLessThan(e1.at);
  });

  /** 1.5 s of the sentence, a Control event once speech has started, then the whole sentence again. */
  async function interruptedRun(action: 'stop' | 'interrupt', options: VadStageOptions = {}): Promise<BeckonEvent[]> {
    vad.reset();
    const pipeline = new Pipeline([createVadStage({ vad, partialEveryMs: 0, ...options })]);
    const seen: BeckonEvent[] = [];
    const frame = (samples: Float32Array, t0: number) => pipeline.make('AudioFrame', { samples, sampleRate: 16000, t0 }, 'test');
    const s = sentenceAudio.samples;
    async function* source() {
      // 1.5 s of the sentence in lock-step (each frame reaches the stage before the next is sent)
      for (let i = 0; i + 512 <= 24_000; i += 512) {
        const f = frame(s.slice(i, i + 512), (i / 16000) * 1000);
        yield f;
        await until(() => seen.includes(f));
      }
      await until(() => seen.some((e) => e.kind === 'Vad'));
      pipeline.control(action, 'test');
      // then the whole sentence again, with trailing silence
      for (let i = 0; i < s.length + 9600; i += 512) {
        const samples = new Float32Array(512);
        samples.set(s.subarray(i, Math.min(i + 512, s.length)));
        yield frame(samples, ((24_000 + i) / 16000) * 1000);
      }
    }
    for await (const e of pipeline.run(source())) seen.push(e);
    return seen;
  }

  for (const action of ['stop', 'interrupt'] as const) {
    it(`on Control ${action} mid-utterance ends it without a final segment and starts afresh`, async () => {
      const seen = await interruptedRun(action);
      expect(utteranceKinds(seen)).toEqual(['Vad:start:u1', 'Vad:end:u1', 'Vad:start:u2', 'Vad:end:u2', 'Final:u2']);
      expect(ofKind(seen, 'SpeechSegment').every((x) => x.utteranceId === 'u2')).toBe(true);
      expect(ofKind(seen, 'Vad')[2].at).toBeGreaterThanOrEqual(1500);
    });
  }

  it('keeps the utterance across an interrupt when resetOnInterrupt is false', async () => {
    const seen = await interruptedRun('interrupt', { resetOnInterrupt: false });
    expect(utteranceKinds(seen)).toEqual(['Vad:start:u1', 'Vad:end:u1', 'Final:u1']);
    const final = ofKind(seen, 'SpeechSegment')[0];
    expect(final.t1 - final.t0).toBeGreaterThan(1500 + sentenceAudio.durationMs - 1000);
  });

  it('reports a corrupt model as an Error event with its hint and still passes events through', async () => {
    const path = dir.path('bad.onnx');
    await writeFile(path, 'not a model at all');
    const pipeline = new Pipeline([createVadStage({ modelPath: path, passAudio: true })]);
    const events = await collect(pipeline.run(wavSource(sentence, { make: (k, b, s) => pipeline.make(k, b, s) })));
    const errors = ofKind(events, 'Error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'MODEL_CORRUPT', stage: 'vad', fatal: true });
    expect(errors[0].hint).toContain('beckon models');
    expect(ofKind(events, 'AudioFrame').length).toBeGreaterThan(0);
    expect(ofKind(events, 'Vad')).toEqual([]);
  });
});

async function until(cond: () => boolean, timeoutMs = 20_000): Promise<void> {
  const started = performance.now();
  while (!cond()) {
    if (performance.now() - started > timeoutMs) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 1));
  }
}
