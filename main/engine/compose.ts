import { readWav } from '../audio/wav.ts';
import { wavSource } from '../audio/wav-source.ts';
import { micSource } from '../audio/mic-source.ts';
import { createVadStage } from '../audio/vad-stage.ts';
import { createAsrStage } from '../asr/stage.ts';
import { chooseAsrEngine } from '../asr/select.ts';
import { matchCommand } from '../commands/matcher.ts';
import { toJsgf } from '../commands/jsgf.ts';
import { commandHelp } from '../commands/registry.ts';
import { createActionExecutor } from '../actions/executor.ts';
import { createActionStage } from '../actions/stage.ts';
import { createTtsStage } from '../tts/stage.ts';
import { createDefaultTtsEngine } from '../tts/default-engine.ts';
import { createIntentStage } from '../fusion/intent-stage.ts';
import { intentForGesture, parseGestureMappings } from '../vision/gestures/mappings.ts';
import { createReplyStage } from '../fusion/reply-stage.ts';
import { createAffectStage } from '../fusion/affect.ts';
import { createDeixisResolver, DEFAULT_FUSION_RULES, gestureMappingsOf } from '../fusion/rules.ts';
import { createLlmStage } from '../llm/stage.ts';
import { createConfiguredLlm, type ChosenLlm, type ConfiguredLlm } from '../llm/select.ts';
import { createToolset } from '../llm/tools.ts';
import { createBargeInStage } from '../fusion/barge-in.ts';
import { Pipeline } from '../core/pipeline.ts';
import type { Stage } from '../core/stage.ts';
import type { Logger } from '../core/log.ts';
import { JsonlRecorder, readJsonl, replay } from '../core/recorder.ts';
import { createLatencyTracker } from '../core/latency.ts';
import type { BeckonEvent } from '../common/events.ts';
import type { EngineConfig } from './config.ts';

export interface Engine {
  pipeline: Pipeline;
  /** every event that reaches the end of the pipeline */
  events: AsyncIterable<BeckonEvent>;
  /** stop listening, finish speaking what is queued, and release workers and files */
  stop(reason?: string): Promise<void>;
  /** what was chosen, for status displays */
  chosen: { asr?: { engine: string; model?: string }; tts: { engine: string; voice?: string }; llm?: ChosenLlm };
}

/** Optional hooks for hosts that keep an engine running (the dashboard service). */
export interface EngineHooks {
  /** asked for every source event before it enters the pipeline; false drops it (mute, push-to-talk) */
  admit?: (event: BeckonEvent) => boolean;
  /**
   * A language model the host keeps across engines (a loaded GGUF outlives a settings change); the
   * engine uses it and leaves it open. Undefined: the engine makes its own from config.llm.
   */
  llm?: ConfiguredLlm | null;
}

/**
 * Builds the voice loop: audio -> VAD -> ASR (worker) -> intent -> action -> reply -> TTS.
 * Failures that the user can fix (a missing wav, no speech engine) throw a BeckonError before anything runs.
 */
export async function createEngine(config: EngineConfig, log: Logger, hooks: EngineHooks = {}): Promise<Engine> {
  const closers: Array<() => Promise<void>> = [];
  try {
    return await buildEngine(config, log, hooks, closers);
  } catch (err) {
    // what started before the failure (a speech worker, a loaded language model) must not outlive it
    for (const close of closers) await close().catch(() => undefined);
    throw err;
  }
}

async function buildEngine(config: EngineConfig, log: Logger, hooks: EngineHooks, closers: Array<() => Promise<void>>): Promise<Engine> {
  const stages: Stage[] = [];
  const bargeIn = createBargeInStage({ mode: config.bargeIn ?? 'voice' }); // sees Vad right after the VAD; Speak via the bus
  const fromAudio = config.input.kind !== 'events';
  let chosenAsr: Engine['chosen']['asr'];

  let recorded: BeckonEvent[] | null = null;
  let decoded: Awaited<ReturnType<typeof readWav>> | null = null;
  if (config.input.kind === 'events') recorded = await readJsonl(config.input.path);
  if (config.input.kind === 'wav') decoded = await readWav(config.input.path);

  // loaded first: a missing or broken model file is reported before any worker has started
  const ownsLlm = hooks.llm === undefined;
  const configuredLlm = ownsLlm ? (config.llm ? await createConfiguredLlm(config.llm, log) : null) : hooks.llm!;
  const llm = configuredLlm?.engine ?? null;
  if (llm && ownsLlm) closers.push(async () => llm.close?.());

  if (fromAudio) {
    const asrConfig = await chooseAsrEngine({
      prefer: config.asr.prefer,
      whisperModelDir: config.asr.whisperModelDir,
      jsgf: toJsgf(),
      // a question outside the command grammar still reaches the language model as free text
      dictation: llm !== null,
    });
    chosenAsr = { engine: asrConfig.engine, ...('modelDir' in asrConfig && asrConfig.modelDir ? { model: asrConfig.modelDir } : {}) };
    const asr = createAsrStage({ config: asrConfig, lang: config.asr.lang });
    closers.push(() => asr.stop());
    // voice barge-in: the interrupting utterance must survive its own interrupt (resetOnInterrupt false)
    stages.push(createVadStage({ resetOnInterrupt: false }), bargeIn, asr);
  }

  const executor = createActionExecutor({ dryRun: config.actions.dryRun });
  const ttsEngine = createDefaultTtsEngine({ voice: config.tts.voice });
  const tts = createTtsStage({
    engine: ttsEngine,
    play: config.tts.play,
    outPath: config.tts.outPath,
  });
  const fusionRules = config.fusionRules ?? DEFAULT_FUSION_RULES; // rules are data: the user's configuration file
  const gestureMappings = parseGestureMappings(gestureMappingsOf(fusionRules)); // gesture names checked against the recogniser's labels
  stages.push(
    createIntentStage({
      match: (text) => matchCommand(text),
      gestureIntent: (g) => intentForGesture(g.label, gestureMappings, { hand: g.hand, score: g.score }),
      resolveDeixis: createDeixisResolver(fusionRules),
    }),
    createAffectStage(), // before the LLM, which puts the latest Affect into its system prompt
  );
  // The model answers chat before the action stage, so a tool call it makes (an Intent) runs through
  // the same action and reply stages as a spoken command.
  if (llm) {
    stages.push(createLlmStage({ engine: llm, tools: createToolset(), language: config.asr.lang }));
  }
  stages.push(
    createActionStage({ executor }),
    createReplyStage({ commandHelp: commandHelp(), hasLanguageModel: llm !== null }),
    tts,
  );

  // A file read as fast as possible must not lose audio to a full queue: it waits in memory instead.
  const unpacedFile = config.input.kind === 'wav' && !config.input.realtime;
  const pipeline = new Pipeline(stages, { log, queueCapacity: unpacedFile ? Number.POSITIVE_INFINITY : undefined });
  pipeline.bus.subscribe(bargeIn.observe);
  const realtimeAudio = config.input.kind === 'wav' ? config.input.realtime : config.input.kind === 'mic';
  pipeline.bus.subscribe(
    createLatencyTracker({ realtimeAudio, report: (m) => pipeline.report('Metric', m, 'latency') }),
  );
  if (config.recordPath) {
    const recorder = new JsonlRecorder(config.recordPath);
    pipeline.bus.subscribe(recorder.observe);
    closers.push(() => recorder.close());
  }

  const make: typeof pipeline.make = (kind, body, source) => pipeline.make(kind, body, source);
  let source: AsyncIterable<BeckonEvent>;
  if (config.input.kind === 'wav') source = wavSource(decoded!, { realtime: config.input.realtime, make, padEndMs: 1000 });
  else if (config.input.kind === 'mic')
    source = micSource({ recorder: config.input.recorder, device: config.input.device, make, signal: pipeline.signal });
  else source = replay(recorded!, { realtime: config.input.realtime, kinds: REPLAYED_KINDS });

  if (hooks.admit) source = admitted(source, hooks.admit);

  const events = pipeline.run(source);
  return {
    pipeline,
    events,
    chosen: {
      asr: chosenAsr,
      tts: { engine: ttsEngine.name, ...(config.tts.voice ? { voice: config.tts.voice } : {}) },
      ...(configuredLlm ? { llm: configuredLlm.chosen } : {}),
    },
    async stop(reason = 'stopped') {
      pipeline.stop(reason);
      for (const close of closers) await close().catch((err: unknown) => log.warn('shutdown step failed', err));
    },
  };
}

/** What a recorded session feeds back in: the inputs of fusion, not its outputs (those are recomputed). */
const REPLAYED_KINDS: ReadonlySet<string> = new Set(['Vad', 'Transcript', 'Gesture', 'Emotion', 'Control']);

async function* admitted(source: AsyncIterable<BeckonEvent>, admit: (e: BeckonEvent) => boolean): AsyncIterable<BeckonEvent> {
  for await (const event of source) if (admit(event)) yield event;
}
