import { describe, expect, it } from 'vitest';
import { EmotionSmoother } from '../../../main/vision/emotion/smoother.ts';
import { RateLimiter } from '../../../main/vision/emotion/rate-limiter.ts';
import { emptyProbs, type EmotionLabel, type EmotionProbs } from '../../../main/vision/emotion/labels.ts';

/** A distribution with `p` on one label and the rest spread over the others. */
function peaked(label: EmotionLabel, p: number): EmotionProbs {
  const probs = emptyProbs();
  const labels = Object.keys(probs) as EmotionLabel[];
  for (const l of labels) probs[l] = l === label ? p : (1 - p) / (labels.length - 1);
  return probs;
}

describe('EmotionSmoother', () => {
  it('starts in no-face, takes the first face at once, and reports the change', () => {
    const s = new EmotionSmoother();
    expect(s.state().label).toBe('no-face');
    const first = s.update(0, peaked('neutral', 0.8));
    expect(first).toMatchObject({ label: 'neutral', changed: true });
    expect(s.update(200, peaked('neutral', 0.8)).changed).toBe(false);
  });

  it('smooths exponentially with the time constant (63 % of a step after one tau)', () => {
    const s = new EmotionSmoother({ timeConstantMs: 500 });
    s.update(0, peaked('neutral', 1));
    const after = s.update(500, peaked('happy', 1));
    expect(after.probs.happy).toBeCloseTo(1 - Math.exp(-1), 5);
    expect(after.probs.neutral).toBeCloseTo(Math.exp(-1), 5);
  });

  it('does not flicker on a single-frame outlier, but follows a sustained change', () => {
    const s = new EmotionSmoother({ timeConstantMs: 300, minHoldMs: 300 });
    const labels: string[] = [];
    let t = 0;
    const feed = (label: EmotionLabel, frames: number) => {
      for (let i = 0; i < frames; i++, t += 200) {
        const st = s.update(t, peaked(label, 0.9));
        if (st.changed) labels.push(st.label);
      }
    };
    feed('neutral', 5);
    feed('happy', 1); // one outlier frame
    feed('neutral', 5);
    expect(labels).toEqual(['neutral']);
    feed('happy', 10); // sustained smile
    expect(labels).toEqual(['neutral', 'happy']);
    expect(s.state().label).toBe('happy');
  });

  it('holds the label while two emotions are within the switch margin (hysteresis)', () => {
    const s = new EmotionSmoother({ timeConstantMs: 100, switchMargin: 0.1, minHoldMs: 0 });
    s.update(0, { ...emptyProbs(), neutral: 0.6, happy: 0.4 });
    let changes = 0;
    // Alternating near-ties: happy leads by at most 0.06, never by the margin.
    for (let t = 200; t < 4000; t += 200) {
      const lead = (t / 200) % 2 ? 0.53 : 0.47;
      if (s.update(t, { ...emptyProbs(), happy: lead, neutral: 1 - lead }).changed) changes++;
    }
    expect(changes).toBe(0);
    expect(s.state().label).toBe('neutral');
  });

  it("goes to 'no-face' only after noFaceAfterMs without a face, then takes a new face at once", () => {
    const s = new EmotionSmoother({ noFaceAfterMs: 1000 });
    s.update(0, peaked('happy', 0.9));
    expect(s.noFace(500)).toMatchObject({ label: 'happy', changed: false });
    const gone = s.noFace(1000);
    expect(gone).toMatchObject({ label: 'no-face', changed: true });
    expect(Object.values(gone.probs).every((p) => p === 0)).toBe(true);
    expect(s.noFace(1500).changed).toBe(false);
    expect(s.update(1600, peaked('sad', 0.7))).toMatchObject({ label: 'sad', changed: true });
  });
});

describe('RateLimiter', () => {
  it('lets 5 per second through from 30 fps frames, evenly spaced', () => {
    const limiter = new RateLimiter(5);
    const taken: number[] = [];
    for (let i = 0; i < 90; i++) {
      const t = (i * 1000) / 30;
      if (limiter.tryTake(t)) taken.push(t);
    }
    expect(taken.length).toBe(15); // 3 s at 5/s
    const gaps = taken.slice(1).map((t, i) => t - taken[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(1000 / 30 * 5);
  });

  it('starts afresh after a pause instead of bursting to catch up', () => {
    const limiter = new RateLimiter(5);
    expect(limiter.tryTake(0)).toBe(true);
    expect(limiter.tryTake(5000)).toBe(true);
    expect(limiter.tryTake(5050)).toBe(false);
    expect(limiter.tryTake(5199)).toBe(false);
    expect(limiter.tryTake(5200)).toBe(true);
  });

  it('refuses a rate that is not positive', () => {
    expect(() => new RateLimiter(0)).toThrow(RangeError);
  });
});
