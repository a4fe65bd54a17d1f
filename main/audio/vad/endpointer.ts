/**
 * Turns per-frame speech probabilities into utterances (no model here, so it is testable alone).
 *
 * Rules (close to Silero's own VADIterator):
 * - A frame at or above `positiveThreshold` opens a candidate. The candidate becomes speech once it
 *   holds `minSpeechMs` of voiced frames (>= `negativeThreshold`); only then is `start` reported, with
 *   `at` = the first frame's stream time. Shorter blips report nothing at all.
 * - Hangover: speech ends only after `minSilenceMs` of stream time since the first frame below
 *   `negativeThreshold`; a frame at or above `positiveThreshold` cancels the silence run, frames in
 *   between neither start nor cancel it. `end.at` is where the silence began.
 * - An utterance is cut at `maxUtteranceMs` (forced end) so one never grows without bound.
 * - Audio: the utterance carries `preRollMs` before `start.at` and `postRollMs` after `end.at`.
 */
import { SAMPLE_RATE, samplesToMs } from '../frames.ts';

export interface EndpointerOptions {
  positiveThreshold?: number;
  negativeThreshold?: number;
  minSpeechMs?: number;
  minSilenceMs?: number;
  preRollMs?: number;
  postRollMs?: number;
  maxUtteranceMs?: number;
  /** 0 disables partial windows */
  partialEveryMs?: number;
  partialWindowMs?: number;
}

export const ENDPOINTER_DEFAULTS: Required<EndpointerOptions> = {
  positiveThreshold: 0.5,
  negativeThreshold: 0.35,
  minSpeechMs: 250,
  minSilenceMs: 400,
  preRollMs: 300,
  postRollMs: 200,
  maxUtteranceMs: 15_000,
  partialEveryMs: 1000,
  partialWindowMs: 8000,
};

export interface AudioSpan {
  /** stream ms of the first sample */
  t0: number;
  t1: number;
  samples: Float32Array;
}

export type EndpointDecision =
  | { type: 'start'; at: number; probability: number }
  | ({ type: 'partial' } & AudioSpan)
  | ({ type: 'end'; at: number; probability: number; forced: boolean } & AudioSpan);

type Phase = 'silence' | 'candidate' | 'speech';

export class Endpointer {
  readonly options: Required<EndpointerOptions>;
  private phase: Phase = 'silence';
  private readonly preRoll: SampleRing;
  /** utterance audio, from pre-roll start */
  private chunks: Float32Array[] = [];
  private length = 0;
  private audioT0 = 0;
  private startAt = 0;
  private startProb = 0;
  private voicedMs = 0;
  private silenceSince: number | null = null;
  private silenceProb = 0;
  private lastPartialAt = 0;

  constructor(options: EndpointerOptions = {}) {
    this.options = { ...ENDPOINTER_DEFAULTS, ...stripUndefined(options) };
    const o = this.options;
    if (!(o.negativeThreshold <= o.positiveThreshold)) throw new RangeError('negativeThreshold must not exceed positiveThreshold');
    this.preRoll = new SampleRing(Math.round((o.preRollMs * SAMPLE_RATE) / 1000));
  }

  get inSpeech(): boolean {
    return this.phase === 'speech';
  }

  /** Feed one frame (16 kHz) starting at stream time `t0` with its speech probability. */
  push(frame: Float32Array, t0: number, probability: number): EndpointDecision[] {
    const o = this.options;
    const frameMs = samplesToMs(frame.length);
    const t1 = t0 + frameMs;
    const out: EndpointDecision[] = [];

    if (this.phase === 'silence') {
      if (probability >= o.positiveThreshold) {
        this.openCandidate(t0, probability);
      } else {
        this.preRoll.push(frame);
        return out;
      }
    }

    this.append(frame);
    const voiced = probability >= o.negativeThreshold;
    if (probability >= o.positiveThreshold) this.silenceSince = null;
    else if (!voiced && this.silenceSince === null) {
      this.silenceSince = t0;
      this.silenceProb = probability;
    }
    if (voiced) this.voicedMs += frameMs;

    if (this.phase === 'candidate') {
      if (this.voicedMs >= o.minSpeechMs) {
        this.phase = 'speech';
        this.lastPartialAt = t1;
        out.push({ type: 'start', at: this.startAt, probability: this.startProb });
      } else if (this.silenceSince !== null && t1 - this.silenceSince >= o.minSilenceMs) {
        this.discard();
      }
      return out;
    }

    // phase === 'speech'
    if (this.silenceSince !== null && t1 - this.silenceSince >= o.minSilenceMs) {
      out.push(this.finish(this.silenceSince, this.silenceProb, false));
    } else if (t1 - this.startAt >= o.maxUtteranceMs) {
      out.push(this.finish(t1, probability, true));
      this.preRoll.clear(); // its audio is already in the utterance just ended
    } else if (o.partialEveryMs > 0 && t1 - this.lastPartialAt >= o.partialEveryMs) {
      this.lastPartialAt = t1;
      out.push({ type: 'partial', ...this.window(o.partialWindowMs) });
    }
    return out;
  }

  /** End of stream: close an utterance in progress; a candidate too short to count is dropped. */
  flush(streamEnd: number): EndpointDecision[] {
    if (this.phase !== 'speech') {
      this.discard();
      return [];
    }
    const at = this.silenceSince ?? streamEnd;
    return [this.finish(at, this.silenceSince === null ? 0 : this.silenceProb, false)];
  }

  /** Forget everything (interrupt/stop). Returns true if an utterance was in progress. */
  reset(): boolean {
    const wasSpeech = this.phase === 'speech';
    this.discard();
    this.preRoll.clear();
    return wasSpeech;
  }

  private openCandidate(t0: number, probability: number): void {
    const head = this.preRoll.read();
    this.preRoll.clear();
    this.phase = 'candidate';
    this.chunks = head.length ? [head] : [];
    this.length = head.length;
    this.audioT0 = t0 - samplesToMs(head.length);
    this.startAt = t0;
    this.startProb = probability;
    this.voicedMs = 0;
    this.silenceSince = null;
  }

  private append(frame: Float32Array): void {
    this.chunks.push(frame);
    this.length += frame.length;
  }

  private finish(at: number, probability: number, forced: boolean): EndpointDecision {
    const endMs = forced ? at : at + this.options.postRollMs;
    const wanted = Math.round(((endMs - this.audioT0) * SAMPLE_RATE) / 1000);
    const samples = this.concat(0, Math.min(this.length, Math.max(0, wanted)));
    const decision: EndpointDecision = {
      type: 'end',
      at,
      probability,
      forced,
      t0: this.audioT0,
      t1: this.audioT0 + samplesToMs(samples.length),
      samples,
    };
    // Frames after the cut (the rest of the silence run) seed the next pre-roll.
    const rest = this.concat(samples.length, this.length);
    this.discard();
    if (!forced) this.preRoll.push(rest);
    return decision;
  }

  private window(windowMs: number): AudioSpan {
    const windowSamples = Math.round((windowMs * SAMPLE_RATE) / 1000);
    const from = Math.max(0, this.length - windowSamples);
    const samples = this.concat(from, this.length);
    const t0 = this.audioT0 + samplesToMs(from);
    return { t0, t1: t0 + samplesToMs(samples.length), samples };
  }

  private concat(from: number, to: number): Float32Array {
    const out = new Float32Array(Math.max(0, to - from));
    let pos = 0;
    for (const chunk of this.chunks) {
      const a = Math.max(from - pos, 0);
      const b = Math.min(to - pos, chunk.length);
      if (b > a) out.set(chunk.subarray(a, b), pos + a - from);
      pos += chunk.length;
      if (pos >= to) break;
    }
    return out;
  }

  private discard(): void {
    if (this.phase === 'candidate') {
      // the candidate's audio was not speech: keep its tail as pre-roll for the next one
      this.preRoll.push(this.concat(0, this.length));
    }
    this.phase = 'silence';
    this.chunks = [];
    this.length = 0;
    this.voicedMs = 0;
    this.silenceSince = null;
  }
}

/** The most recent `capacity` samples. */
class SampleRing {
  private readonly buffer: Float32Array;
  private write = 0;
  private filled = 0;
  constructor(readonly capacity: number) {
    this.buffer = new Float32Array(capacity);
  }
  push(samples: Float32Array): void {
    if (this.capacity === 0) return;
    const src = samples.length > this.capacity ? samples.subarray(samples.length - this.capacity) : samples;
    const first = Math.min(src.length, this.capacity - this.write);
    this.buffer.set(src.subarray(0, first), this.write);
    this.buffer.set(src.subarray(first), 0);
    this.write = (this.write + src.length) % this.capacity;
    this.filled = Math.min(this.capacity, this.filled + src.length);
  }
  read(): Float32Array {
    const out = new Float32Array(this.filled);
    const start = (this.write - this.filled + this.capacity) % this.capacity;
    const first = Math.min(this.filled, this.capacity - start);
    out.set(this.buffer.subarray(start, start + first));
    out.set(this.buffer.subarray(0, this.filled - first), first);
    return out;
  }
  clear(): void {
    this.write = 0;
    this.filled = 0;
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
