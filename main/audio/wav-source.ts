/**
 * Plays a wav file (or decoded audio) into the pipeline as AudioFrame events, either as fast as the
 * consumer takes them or paced like a live microphone. Used by `beckon listen --file`, tests and benchmarks.
 */
import type { EventOf } from '../common/events.ts';
import { type DecodedAudio, readWav } from './wav.ts';
import { FRAME_SAMPLES, type MakeEvent, SAMPLE_RATE, samplesToMs } from './frames.ts';

export interface WavSourceOptions {
  make: MakeEvent;
  /** pace frames like a live microphone (frame k is released when its last sample would have been heard) */
  realtime?: boolean;
  /**
   * Pace at this multiple of real time (e.g. 20); overrides `realtime`. Useful for long files: the
   * pipeline has no back-pressure, so an unpaced source can overrun a stage's queue (2000 events by
   * default, ~64 s of frames) and the oldest frames are dropped.
   */
  speed?: number;
  frameSamples?: number;
  /**
   * Silence appended after the file, so a VAD can see the speech end when the file stops right after
   * it. Default 0. Roughly minSilenceMs + 100 is enough for the VAD stage.
   */
  padEndMs?: number;
  /** source name stamped on events */
  source?: string;
  signal?: AbortSignal;
}

export async function* wavSource(
  input: string | DecodedAudio,
  options: WavSourceOptions,
): AsyncGenerator<EventOf<'AudioFrame'>> {
  const audio = typeof input === 'string' ? await readWav(input) : input;
  const frameSamples = options.frameSamples ?? FRAME_SAMPLES;
  const source = options.source ?? 'wav';
  const padSamples = Math.round(((options.padEndMs ?? 0) * SAMPLE_RATE) / 1000);
  const total = audio.samples.length + padSamples;
  const frameMs = samplesToMs(frameSamples);
  const speed = options.speed ?? (options.realtime ? 1 : 0);
  const started = performance.now();

  for (let k = 0, start = 0; start < total; k++, start += frameSamples) {
    if (options.signal?.aborted) return;
    if (speed > 0) {
      // absolute schedule from the start time: sleeping late on one frame does not delay the rest
      const due = started + ((k + 1) * frameMs) / speed;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait, options.signal);
      if (options.signal?.aborted) return;
    }
    // The last frame (and the padding) is zero-filled: the VAD needs whole frames.
    const frame = new Float32Array(frameSamples);
    if (start < audio.samples.length) frame.set(audio.samples.subarray(start, Math.min(start + frameSamples, audio.samples.length)));
    yield options.make('AudioFrame', { samples: frame, sampleRate: SAMPLE_RATE, t0: samplesToMs(start) }, source);
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
