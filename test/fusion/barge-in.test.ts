/**
 * Barge-in with real parts: real espeak-ng speech in the input wav (after 1 s of silence), the real
 * Silero VAD, the real TTS stage speaking a long reply through a real-time paced null player and
 * writing it to a wav. Latencies are printed, not asserted against the 100 ms goal (bench figures);
 * the assertions use generous bounds only. BARGE_IN_RUNS=10 repeats the latency runs for a median.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BeckonEvent, EventOf } from '../../main/common/events.ts';
import { Pipeline } from '../../main/core/pipeline.ts';
import type { Stage } from '../../main/core/stage.ts';
import { type DecodedAudio, readWav } from '../../main/audio/wav.ts';
import { wavSource } from '../../main/audio/wav-source.ts';
import { createVadStage } from '../../main/audio/vad-stage.ts';
import { SileroVad } from '../../main/audio/vad/silero.ts';
import { createBargeInStage, type BargeInOptions } from '../../main/fusion/barge-in.ts';
import { createIntentStage } from '../../main/fusion/intent-stage.ts';
import { DEFAULT_GESTURE_MAPPINGS, intentForGesture } from '../../main/vision/gestures/mappings.ts';
import { createTtsStage } from '../../main/tts/stage.ts';
import { EspeakEngine } from '../../main/tts/espeak.ts';
import { findOnPath } from '../../main/tts/process.ts';
import { PACED_NULL_PLAYER, pacedNullOutput } from '../../main/tts/testing/null-output.ts';

const run = promisify(execFile);
const missing = ['espeak-ng', 'sox', PACED_NULL_PLAYER.command].filter((c) => !findOnPath(c));
if (missing.length) console.warn(`barge-in tests skipped: ${missing.join(', ')} not on PATH`);
const RUNS = Math.max(1, Number(process.env.BARGE_IN_RUNS ?? 1));

const LONG_REPLY =
  'Here is a long answer to your question. It goes on for several sentences, so that there is time to interrupt it. ' +
  'The weather today is mild, with a light wind from the west. Tomorrow it will rain in the morning and clear up later. ' +
  'If you want to know more, just ask me again.';
const SHORT_REPLY = 'This reply is short. It ends soon.';

let dir = '';
let vad: SileroVad;
let voiceInput: DecodedAudio;
let silentInput: DecodedAudio;

beforeAll(async () => {
  if (missing.length) return;
  dir = await mkdtemp(join(tmpdir(), 'beckon-barge-in-'));
  const said = join(dir, 'said.wav');
  await run('espeak-ng', ['-w', said, 'Wait, stop, I have another question about the weather.']);
  // 1 s of silence, then the user's speech
  await run('sox', [said, '-r', '16000', '-c', '1', '-b', '16', join(dir, 'voice.wav'), 'pad', '1.0', '0.5']);
  await run('sox', ['-n', '-r', '16000', '-c', '1', '-b', '16', join(dir, 'silence.wav'), 'trim', '0', '3.0']);
  voiceInput = await readWav(join(dir, 'voice.wav'));
  silentInput = await readWav(join(dir, 'silence.wav'));
  vad = await SileroVad.load();
}, 30_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

interface Outcome {
  events: BeckonEvent[];
  outPath: string;
}

/** A reply starts speaking at once; the input audio plays in real time as the microphone. */
async function runVoice(audio: DecodedAudio, bargeIn: BargeInOptions, reply = LONG_REPLY, tag = 'v'): Promise<Outcome> {
  const outPath = join(dir, `tts-${tag}-${Math.random().toString(36).slice(2)}.wav`);
  const barge = createBargeInStage(bargeIn);
  const stages: Stage[] = [
    createVadStage({ vad, resetOnInterrupt: false }),
    barge,
    createTtsStage({ engine: new EspeakEngine(), play: true, output: pacedNullOutput(), outPath }),
  ];
  const pipeline = new Pipeline(stages);
  pipeline.bus.subscribe(barge.observe);
  const make: typeof pipeline.make = (k, b, s) => pipeline.make(k, b, s);
  async function* source(): AsyncIterable<BeckonEvent> {
    yield make('Reply', { replyId: 'r1', text: reply, partial: false }, 'reply');
    yield* wavSource(audio, { realtime: true, make, padEndMs: 800 });
  }
  const events: BeckonEvent[] = [];
  for await (const e of pipeline.run(source())) events.push(e);
  return { events, outPath };
}

/** The same long reply, with an open-palm Gesture event arriving after `afterMs`. */
async function runGesture(afterMs: number): Promise<BeckonEvent[]> {
  const stages: Stage[] = [
    createIntentStage({
      match: () => null,
      gestureIntent: (g) => intentForGesture(g.label, DEFAULT_GESTURE_MAPPINGS, { hand: g.hand, score: g.score }),
    }),
    createTtsStage({ engine: new EspeakEngine(), play: true, output: pacedNullOutput() }),
  ];
  const pipeline = new Pipeline(stages);
  const make: typeof pipeline.make = (k, b, s) => pipeline.make(k, b, s);
  async function* source(): AsyncIterable<BeckonEvent> {
    yield make('Reply', { replyId: 'r1', text: LONG_REPLY, partial: false }, 'reply');
    await sleep(afterMs);
    yield make('Gesture', { label: 'open-palm', hand: 'right', score: 0.95, gestureType: 'pose' }, 'vision');
    await sleep(300);
  }
  const events: BeckonEvent[] = [];
  for await (const e of pipeline.run(source())) events.push(e);
  return events;
}

const ofKind = <K extends BeckonEvent['kind']>(events: BeckonEvent[], kind: K) =>
  events.filter((e): e is EventOf<K> => e.kind === kind);
const speakStates = (events: BeckonEvent[]) => ofKind(events, 'Speak').map((s) => s.state);
const interrupts = (events: BeckonEvent[]) => ofKind(events, 'Control').filter((c) => c.action === 'interrupt');

/** the user's speech started while the reply was being spoken, and the reply still ran to its end */
function expectSpokeOver(events: BeckonEvent[]): void {
  const vadStart = ofKind(events, 'Vad').find((v) => v.state === 'start');
  const speak = ofKind(events, 'Speak');
  expect(vadStart, 'the VAD heard the user').toBeDefined();
  expect(speak.find((s) => s.state === 'start')!.t).toBeLessThan(vadStart!.t);
  expect(speak.find((s) => s.state === 'end')?.t ?? 0).toBeGreaterThan(vadStart!.t);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

describe.skipIf(missing.length > 0)('barge-in', () => {
  it('stops the spoken reply when the user starts speaking, and writes what was said to the wav', async () => {
    const toStopped: number[] = [];
    const toControl: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const { events, outPath } = await runVoice(voiceInput, { mode: 'voice' }, LONG_REPLY, `voice${i}`);
      const vadStart = ofKind(events, 'Vad').find((v) => v.state === 'start');
      expect(vadStart, 'the VAD heard the user').toBeDefined();
      expect(vadStart!.at).toBeGreaterThan(900); // the speech begins after 1 s of silence
      const [control] = interrupts(events);
      expect(control?.reason).toBe('barge-in: voice');
      const stopped = ofKind(events, 'Speak').find((s) => s.state === 'stopped');
      expect(stopped, 'the reply was cut').toBeDefined();
      expect(speakStates(events)).not.toContain('end');
      expect(stopped!.text.length).toBeLessThan(LONG_REPLY.length);
      expect(stopped!.t - vadStart!.t).toBeLessThan(1000);
      // the utterance that interrupted is kept whole (VAD resetOnInterrupt false): it ends with a final segment
      expect(ofKind(events, 'SpeechSegment').some((s) => s.final && s.utteranceId === vadStart!.utteranceId)).toBe(true);
      expect((await stat(outPath)).size).toBeGreaterThan(44);
      toStopped.push(stopped!.t - vadStart!.t);
      toControl.push(control!.t - vadStart!.t);
    }
    console.log(
      `barge-in by voice over ${RUNS} run(s): Vad start -> Control interrupt median ${median(toControl).toFixed(1)} ms, ` +
        `Vad start -> Speak stopped median ${median(toStopped).toFixed(1)} ms (all: ${toStopped.map((x) => x.toFixed(0)).join(', ')})`,
    );
  }, 60_000 * RUNS);

  it('stops the spoken reply on an open palm', async () => {
    const toStopped: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const events = await runGesture(1200);
      const gesture = ofKind(events, 'Gesture')[0]!;
      const [control] = interrupts(events);
      expect(control?.reason).toBe('gesture: open-palm');
      const stopped = ofKind(events, 'Speak').find((s) => s.state === 'stopped');
      expect(stopped, 'the reply was cut').toBeDefined();
      expect(speakStates(events)).not.toContain('end');
      expect(stopped!.t - gesture.t).toBeLessThan(1000);
      toStopped.push(stopped!.t - gesture.t);
    }
    console.log(
      `barge-in by open palm over ${RUNS} run(s): Gesture -> Speak stopped median ${median(toStopped).toFixed(1)} ms ` +
        `(all: ${toStopped.map((x) => x.toFixed(0)).join(', ')})`,
    );
  }, 30_000 * RUNS);

  it('does not interrupt itself when the microphone hears no speech', async () => {
    const { events } = await runVoice(silentInput, { mode: 'voice' }, SHORT_REPLY, 'silent');
    expect(ofKind(events, 'Vad')).toEqual([]);
    expect(interrupts(events)).toEqual([]);
    expect(speakStates(events)).toEqual(['start', 'audio', 'end']);
  }, 30_000);

  it('ignores the voice in gesture-only mode', async () => {
    const { events } = await runVoice(voiceInput, { mode: 'gesture-only' }, SHORT_REPLY, 'gesture-only');
    expectSpokeOver(events);
    expect(interrupts(events)).toEqual([]);
  }, 30_000);

  it('ignores speech shorter than minBargeInMs', async () => {
    const { events } = await runVoice(voiceInput, { mode: 'voice', minBargeInMs: 60_000 }, LONG_REPLY.slice(0, 160), 'short');
    expectSpokeOver(events);
    expect(interrupts(events)).toEqual([]);
  }, 40_000);
});

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
