import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BeckonEvent, EventOf } from '../../main/common/events.ts';
import { Channel } from '../../main/core/channel.ts';
import { Pipeline } from '../../main/core/pipeline.ts';
import type { SynthesisOptions, TtsEngine } from '../../main/tts/engine.ts';
import { EspeakEngine } from '../../main/tts/espeak.ts';
import { SayEngine } from '../../main/tts/say.ts';
import { AudioOutput } from '../../main/tts/player.ts';
import { descendantPids, findOnPath } from '../../main/tts/process.ts';
import { createTtsStage, type TtsStageOptions } from '../../main/tts/stage.ts';
import { PACED_NULL_PLAYER, pacedNullOutput } from '../../main/tts/testing/null-output.ts';
import { parseWavHeader, wavDurationMs } from '../../main/tts/wav.ts';

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'beckon-tts-stage-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Real espeak-ng, with a record of which texts were synthesized, in order. */
class RecordingEngine implements TtsEngine {
  readonly name = 'espeak-ng (recorded)';
  readonly texts: string[] = [];
  private readonly inner = new EspeakEngine();
  stream(text: string, options?: SynthesisOptions): AsyncIterable<Uint8Array> {
    this.texts.push(text);
    return this.inner.stream(text, options);
  }
  synthesize(text: string, options?: SynthesisOptions) {
    return this.inner.synthesize(text, options);
  }
  speak(): Promise<void> {
    throw new Error('the stage plays through its own output');
  }
}

function start(options: Omit<TtsStageOptions, 'engine'> & { engine?: TtsEngine }) {
  const engine = (options.engine as RecordingEngine | undefined) ?? new RecordingEngine();
  const pipeline = new Pipeline([createTtsStage({ ...options, engine })]);
  const src = new Channel();
  const events: BeckonEvent[] = [];
  const done = (async () => {
    for await (const e of pipeline.run(src)) events.push(e);
  })();
  const reply = (replyId: string, text: string, partial: boolean) =>
    src.push(pipeline.make('Reply', { replyId, text, partial }, 'llm'));
  return { pipeline, src, events, done, reply, engine: engine as RecordingEngine };
}

const speaks = (events: BeckonEvent[]) => events.filter((e): e is EventOf<'Speak'> => e.kind === 'Speak');
const metrics = (events: BeckonEvent[], name: string) =>
  events.filter((e): e is EventOf<'Metric'> => e.kind === 'Metric' && e.name === name);

describe('TTS stage', () => {
  it('speaks streamed partial replies sentence by sentence, starting before the final reply', async () => {
    const { src, events, done, reply, engine } = start({ play: false });
    const chunks = ['Sure. ', 'I will open ', 'the settings now. Then I ', 'will wait for you.'];
    for (const chunk of chunks) {
      reply('r1', chunk, true);
      await sleep(150); // an LLM producing tokens
    }
    reply('r1', chunks.join(''), false);
    src.close();
    await done;

    expect(engine.texts).toEqual(['Sure.', 'I will open the settings now.', 'Then I will wait for you.']);
    const s = speaks(events);
    expect(s.map((e) => e.state)).toEqual(['start', 'audio', 'end']);
    expect(s[2]!.text).toBe(engine.texts.join(' '));
    const finalIndex = events.findIndex((e) => e.kind === 'Reply' && !e.partial);
    const audioIndex = events.indexOf(s[1]!);
    expect(audioIndex).toBeLessThan(finalIndex); // first audio came while the reply was still streaming
    expect(events.filter((e) => e.kind === 'Reply')).toHaveLength(5); // passed through
    const firstAudio = metrics(events, 'tts.first_audio_ms');
    expect(firstAudio).toHaveLength(1);
    console.log(`stage: tts.first_audio_ms = ${firstAudio[0]!.ms.toFixed(1)} ms (silent synthesis)`);
  });

  it('speaks a lone final reply in full, once, and replies in order', async () => {
    const { src, events, done, reply, engine } = start({ play: false });
    reply('a', 'First answer. It has two sentences.', false);
    reply('b', '第二个回答。', false);
    reply('a', 'First answer. It has two sentences.', false); // a repeated final is not spoken again
    src.close();
    await done;
    expect(engine.texts).toEqual(['First answer.', 'It has two sentences.', '第二个回答。']);
    const s = speaks(events).map((e) => `${e.replyId}:${e.state}`);
    expect(s).toEqual(['a:start', 'a:audio', 'a:end', 'b:start', 'b:audio', 'b:end']);
  });

  it('speaks what the partials left open when the input ends without a final reply', async () => {
    const { src, events, done, reply, engine } = start({ play: false });
    reply('r', 'One. Two without an end', true);
    src.close();
    await done;
    expect(engine.texts).toEqual(['One.', 'Two without an end']);
    expect(speaks(events).at(-1)!.state).toBe('end');
  });

  it('without a speaker: reports NO_AUDIO_OUTPUT once, keeps speaking silently and writes --tts-out', async () => {
    const outPath = join(dir, 'speech.wav');
    const noDevice = new AudioOutput([{ name: 'aplay', command: 'aplay', args: ['-q', '-D', 'beckon_no_such_device', '-'] }]);
    const { src, events, done, reply, engine } = start({ play: true, output: noDevice, outPath });
    reply('a', 'Hello there. How are you?', false);
    reply('b', 'Goodbye.', false);
    src.close();
    await done;

    const errors = events.filter((e): e is EventOf<'Error'> => e.kind === 'Error');
    expect(errors.map((e) => [e.code, e.fatal])).toEqual([['NO_AUDIO_OUTPUT', false]]);
    expect(errors[0]!.hint).toMatch(/--tts-out/);
    expect(speaks(events).map((e) => `${e.replyId}:${e.state}`)).toEqual(['a:start', 'a:audio', 'a:end', 'b:start', 'b:audio', 'b:end']);

    // One valid WAV holding exactly the synthesized sentences, back to back.
    const wav = new Uint8Array(await readFile(outPath));
    expect(parseWavHeader(wav)!.format).toEqual({ sampleRate: 22050, channels: 1, bitsPerSample: 16 });
    const expected = (await Promise.all(engine.texts.map((t) => new EspeakEngine().synthesize(t)))).reduce((ms, w) => ms + wavDurationMs(w), 0);
    expect(wavDurationMs(wav)).toBeCloseTo(expected, 0);
    const { stdout } = await run('soxi', ['-D', outPath]);
    expect(Number(stdout) * 1000).toBeCloseTo(expected, 0);
  });

  it('writes a valid empty WAV when nothing was said', async () => {
    const outPath = join(dir, 'empty.wav');
    const { src, done } = start({ play: false, outPath });
    src.close();
    await done;
    const wav = new Uint8Array(readFileSync(outPath));
    expect(existsSync(outPath)).toBe(true);
    expect(wavDurationMs(wav)).toBe(0);
  });

  it.skipIf(!findOnPath(PACED_NULL_PLAYER.command))('goes silent at once on interrupt and drops the rest of the reply', async () => {
    const { pipeline, src, events, done, reply, engine } = start({ play: true, output: pacedNullOutput() });
    const audio = new Promise<void>((resolve) =>
      pipeline.bus.subscribe((e) => {
        if (e.kind === 'Speak' && e.state === 'audio') resolve();
      }),
    );
    reply('r', 'This is the first sentence, and it is rather long so that it plays for a few seconds. Second sentence. Third sentence.', false);
    await audio;
    await sleep(300); // well into playback
    const speechPids = descendantPids(process.pid).filter((pid) => /^(espeak-ng|ffmpeg)$/.test(commandOf(pid)));
    const speechCommands = speechPids.map(commandOf);
    expect(speechCommands).toContain('ffmpeg'); // the (null) speaker is playing

    const t0 = performance.now();
    pipeline.control('interrupt', 'user spoke');
    while (speechPids.some(isRunning)) await new Promise((r) => setImmediate(r));
    const silentAfter = performance.now() - t0;
    reply('r', 'Late partial for the cut reply.', true); // must not be spoken
    reply('r2', 'Next answer.', false); // a new reply after barge-in is spoken
    src.close();
    await done;

    console.log(
      `stop latency: control -> ${speechCommands.join('+')} exited ${silentAfter.toFixed(1)} ms; ` +
        `stage metric tts.stop_ms = ${metrics(events, 'tts.stop_ms')[0]?.ms.toFixed(1)} ms; ` +
        `tts.first_audio_ms with playback = ${metrics(events, 'tts.first_audio_ms')[0]?.ms.toFixed(1)} ms`,
    );
    expect(silentAfter).toBeLessThan(1000);
    expect(engine.texts).toEqual(['This is the first sentence, and it is rather long so that it plays for a few seconds.', 'Next answer.']);
    expect(speaks(events).map((e) => `${e.replyId}:${e.state}`)).toEqual(['r:start', 'r:audio', 'r:stopped', 'r2:start', 'r2:audio', 'r2:end']);
    expect(metrics(events, 'tts.stop_ms')).toHaveLength(1);
    expect(events.some((e) => e.kind === 'Error')).toBe(false);
  });

  it.skipIf(!findOnPath(PACED_NULL_PLAYER.command))('stops speaking and ends when the pipeline stops', async () => {
    const { pipeline, events, done, reply, engine } = start({ play: true, output: pacedNullOutput() });
    const audio = new Promise<void>((resolve) => pipeline.bus.subscribe((e) => e.kind === 'Speak' && e.state === 'audio' && resolve()));
    reply('r', 'A sentence that plays for a while on the speaker. And another one after it.', true);
    await audio;
    let stoppedAt = -1;
    pipeline.bus.subscribe((e) => e.kind === 'Speak' && e.state === 'stopped' && (stoppedAt = performance.now() - t0));
    const t0 = performance.now();
    pipeline.stop();
    await done;
    console.log(`pipeline.stop() -> Speak stopped ${stoppedAt.toFixed(1)} ms, stage ended ${(performance.now() - t0).toFixed(1)} ms`);
    expect(engine.texts).toEqual(['A sentence that plays for a while on the speaker.']);
    expect(speaks(events).map((e) => e.state)).toEqual(['start', 'audio', 'stopped']);
  });

  it.skipIf(!SayEngine.isAvailable())('drives the say engine (festival) through speak(), sanitised', async () => {
    const marker = join(dir, 'stage-pwned');
    const { src, events, done, reply } = start({ play: true, engine: new SayEngine() });
    reply('s', `Hello there. hi") (system "touch ${marker}") ("`, false);
    src.close();
    await done;
    expect(existsSync(marker)).toBe(false);
    expect(speaks(events).map((e) => e.state).filter((s) => s !== 'audio')).toEqual(['start', 'end']);
    // with a sound device both sentences play; without one the stage says so once
    const errors = events.filter((e): e is EventOf<'Error'> => e.kind === 'Error');
    expect(errors.every((e) => e.code === 'NO_AUDIO_OUTPUT' && e.fatal === false)).toBe(true);
    expect(errors.length).toBeLessThanOrEqual(1);
  });

  it('refuses --tts-out with an engine that cannot hand out audio', () => {
    const speakOnly: TtsEngine = { name: 'speak-only', synthesize: async () => new Uint8Array(), speak: async () => {} };
    expect(() => createTtsStage({ engine: speakOnly, play: true, outPath: join(dir, 'x.wav') })).toThrow(/cannot write speech/);
  });
});

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

/** Alive and not a zombie (a zombie has exited; it only waits to be reaped). */
function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}
