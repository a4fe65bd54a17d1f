import { describe, expect, it } from 'vitest';
import { type EndpointDecision, Endpointer, type EndpointerOptions } from '../../main/audio/vad/endpointer.ts';

/** Feed one 32 ms frame per probability; each frame's samples hold its index so audio can be traced. */
function feed(probabilities: number[], options: EndpointerOptions = {}) {
  const ep = new Endpointer(options);
  const decisions: (EndpointDecision & { frame: number })[] = [];
  probabilities.forEach((p, k) => {
    for (const d of ep.push(new Float32Array(512).fill(k), k * 32, p)) decisions.push({ ...d, frame: k });
  });
  for (const d of ep.flush(probabilities.length * 32)) decisions.push({ ...d, frame: probabilities.length });
  return decisions;
}
const speech = (n: number) => Array<number>(n).fill(0.9);
const quiet = (n: number) => Array<number>(n).fill(0.05);
const frameIndices = (samples: Float32Array) => [...new Set(samples)];

describe('Endpointer', () => {
  it('reports start once minSpeechMs is confirmed, with at = where speech began, and end after minSilenceMs', () => {
    const d = feed([...quiet(20), ...speech(30), ...quiet(30)], { minSpeechMs: 250, minSilenceMs: 400, partialEveryMs: 0 });
    expect(d.map((x) => x.type)).toEqual(['start', 'end']);
    expect(d[0]).toMatchObject({ at: 20 * 32, frame: 20 + 7 }); // 8 frames = 256 ms >= 250
    const end = d[1] as Extract<EndpointDecision, { type: 'end' }> & { frame: number };
    expect(end.at).toBe(50 * 32);
    expect(end.frame).toBe(50 + 12); // 13 frames = 416 ms >= 400
    expect(end.forced).toBe(false);
  });

  it('includes preRollMs before the start and postRollMs after the end', () => {
    const d = feed([...quiet(20), ...speech(30), ...quiet(30)], { preRollMs: 320, postRollMs: 192, partialEveryMs: 0 });
    const end = d.find((x) => x.type === 'end')!;
    if (end.type !== 'end') throw new Error('no end');
    expect(end.t0).toBe(20 * 32 - 320);
    expect(end.t1).toBe(50 * 32 + 192);
    expect(frameIndices(end.samples)).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19, ...Array.from({ length: 36 }, (_, i) => 20 + i)]);
  });

  it('ignores blips shorter than minSpeechMs', () => {
    expect(feed([...quiet(10), ...speech(5), ...quiet(30), 0.9, ...quiet(30)])).toEqual([]);
  });

  it('keeps speech alive over dips shorter than minSilenceMs (hangover)', () => {
    const d = feed([...speech(20), ...quiet(10), ...speech(20), ...quiet(20)], { minSilenceMs: 400, partialEveryMs: 0 });
    expect(d.map((x) => x.type)).toEqual(['start', 'end']);
  });

  it('counts probabilities between the thresholds as neither silence start nor its end', () => {
    // 0.4 sits between 0.35 and 0.5: it does not start a silence run...
    const held = feed([...speech(10), ...Array<number>(30).fill(0.4), ...quiet(20)], { partialEveryMs: 0 });
    expect(held.find((x) => x.type === 'end')!).toMatchObject({ at: 40 * 32 });
    // ...nor does it interrupt one that has begun
    const ended = feed([...speech(10), ...quiet(3), ...Array<number>(30).fill(0.4)], { partialEveryMs: 0 });
    expect(ended.find((x) => x.type === 'end')!).toMatchObject({ at: 10 * 32, frame: 10 + 12 });
  });

  it('splits at a silence longer than minSilenceMs into two utterances', () => {
    const d = feed([...speech(20), ...quiet(20), ...speech(20), ...quiet(20)], { partialEveryMs: 0 });
    expect(d.map((x) => x.type)).toEqual(['start', 'end', 'start', 'end']);
    expect(d[2]).toMatchObject({ at: 40 * 32 });
  });

  it('forces an end at maxUtteranceMs and starts again if speech goes on', () => {
    const d = feed([...speech(100), ...quiet(20)], { maxUtteranceMs: 1600, partialEveryMs: 0 });
    const ends = d.filter((x) => x.type === 'end') as Extract<EndpointDecision, { type: 'end' }>[];
    expect(ends.length).toBeGreaterThanOrEqual(2);
    expect(ends[0].forced).toBe(true);
    expect(ends[0].at).toBe(50 * 32);
    // the next utterance does not repeat audio of the forced one
    const second = ends[1];
    expect(Math.min(...frameIndices(second.samples))).toBeGreaterThanOrEqual(50);
  });

  it('emits partial windows every partialEveryMs, no longer than partialWindowMs', () => {
    const d = feed([...speech(150), ...quiet(20)], { partialEveryMs: 960, partialWindowMs: 2000, preRollMs: 0 });
    const partials = d.filter((x) => x.type === 'partial') as Extract<EndpointDecision, { type: 'partial' }>[];
    expect(partials.length).toBe(Math.floor((150 * 32 + 12 * 32 - 8 * 32) / 960));
    for (const p of partials) {
      expect(p.samples.length).toBeLessThanOrEqual(2000 * 16);
      expect(p.t1 - p.t0).toBeCloseTo(p.samples.length / 16, 6);
    }
    expect(partials.at(-1)!.samples.length).toBe(2000 * 16);
  });

  it('closes an utterance still going at the end of the stream, and reset forgets it', () => {
    expect(feed(speech(20)).map((x) => x.type)).toEqual(['start', 'end']);
    const ep = new Endpointer();
    for (let k = 0; k < 20; k++) ep.push(new Float32Array(512), k * 32, 0.9);
    expect(ep.inSpeech).toBe(true);
    expect(ep.reset()).toBe(true);
    expect(ep.flush(640)).toEqual([]);
  });
});
