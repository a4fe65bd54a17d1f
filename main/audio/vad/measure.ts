/**
 * VAD speed, for `beckon bench` and the report: real-time factor = ms of processing per ms of audio.
 * `model` times Silero alone; `stage` runs the whole VAD stage (model + endpointing + events) in a
 * real Pipeline fed as fast as possible from the given 16 kHz samples.
 */
import { Pipeline } from '../../core/pipeline.ts';
import { createVadStage } from '../vad-stage.ts';
import { wavSource } from '../wav-source.ts';
import { SAMPLE_RATE, samplesToMs } from '../frames.ts';
import { SILERO_FRAME, SileroVad, type SileroOptions } from './silero.ts';

export interface VadSpeed {
  audioMs: number;
  frames: number;
  model: { ms: number; msPerFrame: number; rtf: number };
  stage: { ms: number; rtf: number; utterances: number };
}

export async function measureVadRtf(samples: Float32Array, options: SileroOptions & { vad?: SileroVad } = {}): Promise<VadSpeed> {
  const vad = options.vad ?? (await SileroVad.load(options));
  try {
    const audioMs = samplesToMs(samples.length);
    const frames = Math.floor(samples.length / SILERO_FRAME);
    vad.reset();
    const t0 = performance.now();
    for (let i = 0; i < frames; i++) await vad.process(samples.subarray(i * SILERO_FRAME, (i + 1) * SILERO_FRAME));
    const modelMs = performance.now() - t0;

    vad.reset();
    const pipeline = new Pipeline([createVadStage({ vad, passAudio: false })], { queueCapacity: Number.POSITIVE_INFINITY });
    const audio = { samples, sampleRate: SAMPLE_RATE, durationMs: audioMs, original: { sampleRate: SAMPLE_RATE, channels: 1, bitDepth: '32f' } } as const;
    let utterances = 0;
    const t1 = performance.now();
    for await (const e of pipeline.run(wavSource(audio, { make: (k, b, s) => pipeline.make(k, b, s) }))) {
      if (e.kind === 'Vad' && e.state === 'start') utterances++;
    }
    const stageMs = performance.now() - t1;
    return {
      audioMs,
      frames,
      model: { ms: modelMs, msPerFrame: modelMs / Math.max(1, frames), rtf: modelMs / audioMs },
      stage: { ms: stageMs, rtf: stageMs / audioMs, utterances },
    };
  } finally {
    if (!options.vad) await vad.release();
  }
}
