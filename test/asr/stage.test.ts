import { describe, expect, it } from 'vitest';
import { createAsrStage, type AsrStage } from '../../main/asr/stage.ts';
import { isPocketsphinxAvailable } from '../../main/asr/engines/pocketsphinx.ts';
import { Pipeline } from '../../main/core/pipeline.ts';
import { Channel } from '../../main/core/channel.ts';
import type { BeckonEvent, EventOf } from '../../main/common/events.ts';
import { COMMAND_GRAMMAR, concat, silence, speak } from './speech.ts';

const available = await isPocketsphinxAvailable();
if (!available) console.warn('skipping ASR stage tests: pocketsphinx is not installed (apt-get install pocketsphinx pocketsphinx-en-us)');

const config = { engine: 'pocketsphinx', jsgf: COMMAND_GRAMMAR } as const;

interface Harness {
  pipeline: Pipeline;
  source: Channel;
  output: Promise<BeckonEvent[]>;
  segment(utteranceId: string, samples: Float32Array, final?: boolean): void;
}

function harness(stage: AsrStage): Harness {
  const pipeline = new Pipeline([stage]);
  const source = new Channel({ droppable: new Set() });
  const output = (async () => {
    const events: BeckonEvent[] = [];
    for await (const e of pipeline.run(source)) events.push(e);
    return events;
  })();
  let t = 0;
  const segment = (utteranceId: string, samples: Float32Array, final = true) => {
    const ms = (samples.length / 16_000) * 1000;
    source.push(pipeline.make('SpeechSegment', { utteranceId, final, t0: t, t1: t + ms, samples, sampleRate: 16_000 }, 'vad'));
    t += ms;
  };
  return { pipeline, source, output, segment };
}

const utterance = async (text: string) => concat(silence(300), await speak(text), silence(200));
const transcripts = (events: BeckonEvent[]) => events.filter((e): e is EventOf<'Transcript'> => e.kind === 'Transcript');
const errors = (events: BeckonEvent[]) => events.filter((e): e is EventOf<'Error'> => e.kind === 'Error');
const metrics = (events: BeckonEvent[], name: string) => events.filter((e) => e.kind === 'Metric' && e.name === name);

/** Calls `hook` right after the stage hands its next request to the worker. */
function onNextRun(stage: AsrStage, hook: () => void): void {
  const worker = stage.worker;
  const original = worker.run.bind(worker);
  worker.run = (input) => {
    worker.run = original;
    const result = original(input);
    setImmediate(hook);
    return result;
  };
}

describe.skipIf(!available)('ASR stage with the pocketsphinx worker', () => {
  it('turns final speech segments into final transcripts and passes other events through', async () => {
    const stage = createAsrStage({ config });
    const h = harness(stage);
    h.source.push(h.pipeline.make('Metric', { name: 'passthrough', ms: 1 }, 'test'));
    h.segment('u1', await utterance('open firefox'));
    h.segment('u2', await utterance('pause the music'));
    h.source.close();
    const events = await h.output;
    const finals = transcripts(events);
    expect(finals.map((e) => [e.utteranceId, e.text, e.final, e.engine, e.lang])).toEqual([
      ['u1', 'open firefox', true, 'pocketsphinx', 'en'],
      ['u2', 'pause the music', true, 'pocketsphinx', 'en'],
    ]);
    expect(finals[0]!.confidence).toBeGreaterThan(0);
    expect(finals[1]!.t0).toBe(finals[0]!.t1);
    expect(events.some((e) => e.kind === 'SpeechSegment')).toBe(false);
    expect(metrics(events, 'passthrough')).toHaveLength(1);
    expect(metrics(events, 'asr.final_ms')).toHaveLength(2);
  });

  it('emits nothing for speech outside the grammar, only a no-speech metric', async () => {
    const stage = createAsrStage({ config });
    const h = harness(stage);
    h.segment('u1', await utterance('tell me a joke'));
    h.source.close();
    const events = await h.output;
    expect(transcripts(events)).toHaveLength(0);
    expect(metrics(events, 'asr.no_speech')).toHaveLength(1);
  });

  it('reports WORKER_CRASHED when the worker dies mid-utterance and recognises the next one', async () => {
    const stage = createAsrStage({ config });
    const h = harness(stage);
    await stage.worker.start();
    const [first, second] = await Promise.all([utterance('what time is it'), utterance('turn the volume up')]);
    onNextRun(stage, () => stage.worker.kill());
    h.segment('u1', first);
    h.segment('u2', second);
    h.source.close();
    const events = await h.output;
    const crash = errors(events);
    expect(crash.map((e) => [e.stage, e.code])).toEqual([['asr', 'WORKER_CRASHED']]);
    expect(crash[0]!.message).toMatch(/stopped unexpectedly/);
    expect(crash[0]!.hint).toBeTruthy();
    expect(transcripts(events).map((e) => [e.utteranceId, e.text])).toEqual([['u2', 'turn the volume up']]);
  });

  it('reports a fatal error with a hint when the engine cannot start, and keeps passing events', async () => {
    const stage = createAsrStage({ config: { engine: 'pocketsphinx', jsgf: COMMAND_GRAMMAR, modelDir: '/nonexistent/pocketsphinx-model' } });
    const h = harness(stage);
    h.segment('u1', await utterance('open firefox'));
    h.source.push(h.pipeline.make('Metric', { name: 'after', ms: 2 }, 'test'));
    h.source.close();
    const events = await h.output;
    const failures = errors(events);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ stage: 'asr', code: 'ASR_ENGINE_MISSING', fatal: true });
    expect(failures[0]!.hint).toContain('sudo apt-get install pocketsphinx pocketsphinx-en-us');
    expect(metrics(events, 'after')).toHaveLength(1);
    expect(transcripts(events)).toHaveLength(0);
  });

  it('reports an invalid grammar as a fatal error', async () => {
    const stage = createAsrStage({ config: { engine: 'pocketsphinx', jsgf: '#JSGF V1.0;\ngrammar g;\npublic <a> = open ( firefox ;\n' } });
    const h = harness(stage);
    h.source.close();
    const failures = errors(await h.output);
    expect(failures.map((e) => [e.code, e.fatal])).toEqual([['ASR_GRAMMAR_INVALID', true]]);
  });

  it('drops partial windows that arrive while the worker is busy, and never a final', async () => {
    const stage = createAsrStage({ config });
    const h = harness(stage);
    await stage.worker.start();
    const speech = await utterance('open firefox');
    const next = await utterance('what time is it');
    h.segment('u1', speech, true);
    // u2's partial windows arrive while u1's final is still being recognised.
    h.segment('u2', next.subarray(0, 16_000), false);
    h.segment('u2', next.subarray(0, 20_000), false);
    h.segment('u2', next, true);
    h.source.close();
    const events = await h.output;
    expect(transcripts(events).filter((e) => e.final).map((e) => [e.utteranceId, e.text])).toEqual([
      ['u1', 'open firefox'],
      ['u2', 'what time is it'],
    ]);
    expect(transcripts(events).filter((e) => !e.final)).toHaveLength(0);
    expect(metrics(events, 'asr.partials_dropped')).toHaveLength(1);
  });

  it('runs a partial window when idle and discards it when an interrupt arrives', async () => {
    const stage = createAsrStage({ config });
    const h = harness(stage);
    await stage.worker.start();
    const speech = await utterance('pause the music');
    // First: an idle worker transcribes a partial window.
    h.segment('u1', speech, false);
    await new Promise<void>((resolve) => {
      const off = h.pipeline.bus.subscribe((e) => {
        if (e.kind === 'Transcript') resolve();
      });
      void off;
    });
    // Then: a partial in flight when the user interrupts is not reported.
    onNextRun(stage, () => h.pipeline.control('interrupt', 'test barge-in'));
    h.segment('u2', speech, false);
    await new Promise((r) => setTimeout(r, 500));
    h.segment('u2', speech, true);
    h.source.close();
    const events = await h.output;
    expect(transcripts(events).map((e) => [e.utteranceId, e.final, e.text])).toEqual([
      ['u1', false, 'pause the music'],
      ['u2', true, 'pause the music'],
    ]);
  });
});
