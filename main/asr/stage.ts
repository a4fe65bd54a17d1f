/**
 * The ASR stage: SpeechSegment in, Transcript out, with the engine in a supervised worker process.
 *
 * One request runs at a time. Finals queue and are never dropped; a partial window runs only when
 * the worker is idle and nothing waits, so a final waits behind at most one partial. Partials that
 * find the worker busy are dropped (reported once per utterance as Metric 'asr.partials_dropped');
 * a partial whose utterance already ended, or that was running when an interrupt came, is discarded.
 */
import type { BeckonEvent, EventOf } from '../common/events.ts';
import { BeckonError, toBeckonError } from '../common/errors.ts';
import { SupervisedWorker } from '../core/worker-rpc.ts';
import { channelStage, type Stage, type StageContext } from '../core/stage.ts';
import type { Channel } from '../core/channel.ts';
import type { AsrEngineConfig, AsrRequest } from './engine.ts';
import type { AsrWorkerResult } from './worker.ts';

export type AsrWorker = SupervisedWorker<AsrEngineConfig, AsrRequest, AsrWorkerResult>;
type Segment = EventOf<'SpeechSegment'>;

export interface AsrStageOptions {
  config: AsrEngineConfig;
  /** the worker module; defaults to ./worker.ts next to this file */
  workerEntry?: URL;
  /** stage name, used as event source and in Error events (default 'asr') */
  name?: string;
  /** false: ignore partial windows, transcribe finals only (default true) */
  partials?: boolean;
  /** a run that takes longer is failed and the worker restarted (default 30 s) */
  runTimeoutMs?: number;
  /** language hint passed to the engine */
  lang?: string;
}

export type AsrStage = Stage & {
  readonly worker: AsrWorker;
  /** Shut the worker down (also done when the input ends). */
  stop(): Promise<void>;
};

/** Errors after which the engine cannot work until the user fixes something. */
const FATAL_CODES = new Set(['ASR_ENGINE_MISSING', 'ASR_GRAMMAR_INVALID', 'ASR_ENGINE_UNKNOWN', 'ASR_ENGINE_FAILED', 'WORKER_GAVE_UP', 'NO_ASR_ENGINE']);

export function createAsrStage(options: AsrStageOptions): AsrStage {
  const name = options.name ?? 'asr';
  const worker: AsrWorker = new SupervisedWorker({
    entry: options.workerEntry ?? new URL('./worker.ts', import.meta.url),
    name,
    init: options.config,
    runTimeoutMs: options.runTimeoutMs ?? 30_000,
  });
  const stop = () => worker.stop();
  const stage = channelStage(name, (input, out, ctx) => runAsr(input, out, ctx, { ...options, name, worker }));
  return { name, run: stage.run, worker, stop };
}

interface Job {
  segment: Segment;
  receivedAt: number;
  /** set when the result must not be emitted (interrupt, or the utterance's final arrived) */
  stale: boolean;
}

async function runAsr(
  input: AsrIterable,
  out: Channel,
  ctx: StageContext,
  options: AsrStageOptions & { name: string; worker: AsrWorker },
): Promise<void> {
  const { worker, name } = options;
  let disabled = false;
  let lane: Promise<void> = Promise.resolve();
  let waiting = 0;
  let running = null as Job | null;
  const ended = new RecentIds();
  const droppedFor = new RecentIds();
  let warnedBehind = false;

  const fail = (err: unknown, job: Job | null): void => {
    const e = toBeckonError(err, 'ASR_FAILED');
    const fatal = FATAL_CODES.has(e.code);
    if (disabled) return;
    if (fatal) disabled = true;
    ctx.log.error(`${name}: ${e.message}`);
    out.push(ctx.make('Error', { stage: name, code: e.code, message: e.message, ...(e.hint ? { hint: e.hint } : {}), ...(fatal ? { fatal } : {}) }));
    if (fatal) void worker.stop();
    if (job) ctx.log.warn(`${name}: utterance ${job.segment.utteranceId} lost`);
  };

  // Load the model while audio is still being captured; a missing engine is reported at once.
  const startup = worker.start().catch((err: unknown) => {
    if (!(err instanceof BeckonError && err.code === 'WORKER_CRASHED')) fail(err, null);
  });

  const unsubscribe = ctx.onControl((control) => {
    if (control.action === 'interrupt' && running && !running.segment.final) running.stale = true;
  });

  const transcribe = async (job: Job): Promise<void> => {
    if (disabled || job.stale) return;
    running = job;
    const { segment } = job;
    try {
      // The samples are copied to the worker process (structured clone): the event keeps its own.
      const request: AsrRequest = { samples: segment.samples, final: segment.final, ...(options.lang ? { lang: options.lang } : {}) };
      const result = await worker.run(request);
      const ms = performance.now() - job.receivedAt;
      if (job.stale || (!segment.final && ended.has(segment.utteranceId))) return;
      const text = result.text.trim();
      const kind = segment.final ? 'final' : 'partial';
      out.push(ctx.make('Metric', { name: `asr.${kind}_ms`, ms }));
      if (segment.final) out.push(ctx.make('Metric', { name: 'asr.engine_ms', ms: result.engineMs }));
      if (!text) {
        if (segment.final) out.push(ctx.make('Metric', { name: 'asr.no_speech', ms }));
        return;
      }
      out.push(
        ctx.make('Transcript', {
          final: segment.final,
          text,
          t0: segment.t0,
          t1: segment.t1,
          utteranceId: segment.utteranceId,
          lang: result.lang,
          confidence: Math.max(0, Math.min(1, result.confidence)),
          engine: result.engine,
        }),
      );
    } catch (err) {
      fail(err, job);
    } finally {
      running = null;
    }
  };

  const enqueue = (job: Job): void => {
    waiting++;
    lane = lane.then(() => transcribe(job)).finally(() => waiting--);
  };

  const dropPartial = (segment: Segment): void => {
    if (droppedFor.has(segment.utteranceId)) return;
    droppedFor.add(segment.utteranceId);
    out.push(ctx.make('Metric', { name: 'asr.partials_dropped', ms: segment.t1 - segment.t0 }));
    if (!warnedBehind) {
      warnedBehind = true;
      ctx.log.warn(`${name}: recognition is slower than speech; dropping partial transcripts`);
    }
  };

  try {
    for await (const event of input) {
      if (event.kind === 'Control') continue; // the pipeline delivers Control to every stage itself
      if (event.kind !== 'SpeechSegment') {
        out.push(event);
        continue;
      }
      if (disabled) continue;
      const job: Job = { segment: event, receivedAt: performance.now(), stale: false };
      if (event.final) {
        ended.add(event.utteranceId);
        if (running && !running.segment.final && running.segment.utteranceId === event.utteranceId) running.stale = true;
        enqueue(job);
      } else if (options.partials === false || ended.has(event.utteranceId)) {
        continue;
      } else if (waiting > 0) {
        dropPartial(event);
      } else {
        enqueue(job);
      }
    }
    await lane;
    await startup; // so that a failed start is reported even when no speech came
  } finally {
    unsubscribe();
    await worker.stop();
  }
}

type AsrIterable = AsyncIterable<BeckonEvent>;

/** A set of the most recent utterance ids, so a long session does not grow it without bound. */
class RecentIds {
  private readonly ids = new Set<string>();
  constructor(private readonly limit = 256) {}
  has(id: string): boolean {
    return this.ids.has(id);
  }
  add(id: string): void {
    this.ids.add(id);
    if (this.ids.size > this.limit) this.ids.delete(this.ids.values().next().value!);
  }
}
