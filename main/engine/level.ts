import type { EventOf } from '../common/events.ts';

/** RMS level of samples in [-1, 1], in dBFS clamped to -100..0. */
export function rmsDbfs(samples: Float32Array): number {
  if (samples.length === 0) return -100;
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += samples[i]! * samples[i]!;
  const rms = Math.sqrt(sum / samples.length);
  if (rms <= 0) return -100;
  return Math.max(-100, Math.min(0, Math.round(20 * Math.log10(rms) * 10) / 10));
}

/**
 * Turns a stream of AudioFrames into a meter reading every `intervalMs` of audio: the loudest frame
 * of the window, so short sounds still show. Paced by stream time, so a file read fast is metered the same.
 */
export function createLevelMeter(emit: (db: number) => void, intervalMs = 100): (frame: EventOf<'AudioFrame'>) => void {
  let windowStart: number | null = null;
  let peak = -100;
  return (frame) => {
    peak = Math.max(peak, rmsDbfs(frame.samples));
    windowStart ??= frame.t0;
    const end = frame.t0 + (frame.samples.length / frame.sampleRate) * 1000;
    if (end - windowStart >= intervalMs) {
      emit(peak);
      peak = -100;
      windowStart = end;
    }
  };
}
