/**
 * The VAD stage: AudioFrame in, Vad start/end and SpeechSegment (partial windows and the final
 * utterance) out. Endpointing rules live in vad/endpointer.ts.
 *
 * Decisions:
 * - AudioFrame events are passed through (option `passAudio`, default true) so that later stages and
 *   observers (a level meter) can see them; every other event is passed through as well.
 * - Vad start is emitted only once `minSpeechMs` of speech is confirmed, with `at` = where the speech
 *   began; shorter sounds produce no events at all.
 * - Every Vad start is matched by exactly one Vad end. The final SpeechSegment follows the end, except
 *   after a Control stop/interrupt in mid-utterance: then the end is emitted (at the current stream
 *   time) without a final segment, and model state and buffers are reset.
 * - Frames must be 16 kHz; frames of other lengths than 512 samples are re-cut.
 * - A model that cannot load gives one fatal Error event (code MODEL_MISSING / MODEL_CORRUPT with its
 *   hint); the stage then passes everything through.
 * - At the end of the input an utterance still going on is closed, then one Metric
 *   'vad.ms_per_frame' (model + endpointing time per 32 ms frame) is emitted.
 */
import type { BeckonEvent } from '../common/events.ts';
import { toBeckonError } from '../common/errors.ts';
import type { Stage, StageContext } from '../core/stage.ts';
import { FloatFrameAssembler, SAMPLE_RATE, samplesToMs } from './frames.ts';
import { type EndpointDecision, Endpointer, type EndpointerOptions } from './vad/endpointer.ts';
import { SILERO_FRAME, SileroVad, type SileroOptions } from './vad/silero.ts';

export interface VadStageOptions extends EndpointerOptions, SileroOptions {
  name?: string;
  /** forward AudioFrame events downstream (default true) */
  passAudio?: boolean;
  /**
   * reset on Control interrupt as well as stop (default true). Set false when voice barge-in raises
   * the interrupt: otherwise the very utterance that interrupted is cut off.
   */
  resetOnInterrupt?: boolean;
  /** an already loaded model (tests, benchmarks); otherwise loaded when the stage starts */
  vad?: SileroVad;
  /** utterance ids; default u1, u2, ... */
  nextUtteranceId?: () => string;
}

export function createVadStage(options: VadStageOptions = {}): Stage {
  const name = options.name ?? 'vad';
  return {
    name,
    async *run(input: AsyncIterable<BeckonEvent>, ctx: StageContext): AsyncIterable<BeckonEvent> {
      let vad: SileroVad;
      try {
        vad = options.vad ?? (await SileroVad.load(options));
      } catch (err) {
        // Without a VAD there is no speech, but gestures and the rest still work: say why and pass through.
        const e = toBeckonError(err, 'VAD_FAILED');
        yield ctx.make('Error', { stage: name, code: e.code, message: e.message, hint: e.hint, fatal: true });
        yield* input;
        return;
      }
      const endpointer = new Endpointer(options);
      const framer = new FloatFrameAssembler(SILERO_FRAME);
      let counter = 0;
      const nextId = options.nextUtteranceId ?? (() => `u${++counter}`);
      let utteranceId = '';
      let streamEnd = 0;
      let frames = 0;
      let busyMs = 0;
      let warnedRate = false;

      const toEvents = (decisions: EndpointDecision[]): BeckonEvent[] => {
        const out: BeckonEvent[] = [];
        for (const d of decisions) {
          if (d.type === 'start') {
            utteranceId = nextId();
            out.push(ctx.make('Vad', { state: 'start', utteranceId, at: d.at, probability: d.probability }));
          } else {
            const segment = { utteranceId, t0: d.t0, t1: d.t1, samples: d.samples, sampleRate: SAMPLE_RATE };
            if (d.type === 'partial') {
              out.push(ctx.make('SpeechSegment', { ...segment, final: false }));
            } else {
              out.push(ctx.make('Vad', { state: 'end', utteranceId, at: d.at, probability: d.probability }));
              out.push(ctx.make('SpeechSegment', { ...segment, final: true }));
            }
          }
        }
        return out;
      };

      try {
        for await (const event of input) {
          if (event.kind === 'Control') {
            if (event.action === 'stop' || (event.action === 'interrupt' && options.resetOnInterrupt !== false)) {
              const wasSpeech = endpointer.reset();
              vad.reset();
              framer.clear();
              if (wasSpeech) yield ctx.make('Vad', { state: 'end', utteranceId, at: streamEnd, probability: 0 });
            }
            continue; // the pipeline delivers Control to everyone itself
          }
          if (event.kind !== 'AudioFrame') {
            yield event;
            continue;
          }
          if (options.passAudio !== false) yield event;
          if (event.sampleRate !== SAMPLE_RATE) {
            if (!warnedRate) {
              warnedRate = true;
              yield ctx.make('Error', {
                stage: name,
                code: 'VAD_SAMPLE_RATE',
                message: `VAD needs 16 kHz audio, got ${event.sampleRate} Hz frames; they are ignored`,
                hint: 'resample the source to 16 kHz (wavSource and micSource do)',
              });
            }
            continue;
          }
          const pieces =
            event.samples.length === SILERO_FRAME ? [{ samples: event.samples, t0: event.t0 }] : framer.push(event.samples, event.t0);
          for (const piece of pieces) {
            const started = performance.now();
            const probability = await vad.process(piece.samples);
            const decisions = endpointer.push(piece.samples, piece.t0, probability);
            busyMs += performance.now() - started;
            frames++;
            streamEnd = piece.t0 + samplesToMs(piece.samples.length);
            yield* toEvents(decisions);
          }
        }
        yield* toEvents(endpointer.flush(streamEnd));
        if (frames > 0) yield ctx.make('Metric', { name: 'vad.ms_per_frame', ms: busyMs / frames });
      } finally {
        if (!options.vad) await vad.release();
      }
    },
  };
}

