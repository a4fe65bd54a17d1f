/**
 * Where speech really begins in a segment, by short-time energy.
 *
 * pocketsphinx's grammar search mis-recognises when an utterance starts with more than ~50 ms of
 * non-speech (espeak-ng "turn the volume up": right with 20-50 ms before it, "mute audio" with
 * 100 ms or more of silence or pink noise), while the VAD deliberately keeps 300 ms of pre-roll.
 */
const FRAME_MS = 10;

export function speechOnsetSample(samples: Float32Array, sampleRate: number, options: { keepMs?: number } = {}): number {
  const frame = Math.round((sampleRate * FRAME_MS) / 1000);
  const frames = Math.floor(samples.length / frame);
  if (frames < 3) return 0;
  const db = new Float32Array(frames);
  for (let f = 0; f < frames; f++) {
    let sum = 0;
    for (let i = f * frame; i < (f + 1) * frame; i++) sum += samples[i]! * samples[i]!;
    db[f] = 10 * Math.log10(sum / frame + 1e-12);
  }
  const sorted = Array.from(db).sort((a, b) => a - b);
  const floor = sorted[Math.floor(frames * 0.1)]!;
  const peak = sorted[frames - 1]!;
  // Speech starts where energy rises well above the noise floor and within reach of the peak.
  const threshold = Math.max(floor + 15, peak - 35);
  const first = db.findIndex((v) => v >= threshold);
  if (first <= 0) return 0;
  const keep = Math.round(((options.keepMs ?? 30) * sampleRate) / 1000);
  return Math.max(0, first * frame - keep);
}
