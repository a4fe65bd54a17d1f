import { describe, expect, it } from 'vitest';
import { GestureEngine } from '../../../main/vision/gestures/engine.ts';
import type { GestureBody, GestureFrame } from '../../../main/vision/gestures/types.ts';
import { GestureSchema } from '../../../main/common/events.ts';
import type { Landmark } from '../../../main/common/perception.ts';
import { sequence, together } from './sequences.ts';

function run(engine: GestureEngine, frames: GestureFrame[]): (GestureBody & { t: number })[] {
  const out: (GestureBody & { t: number })[] = [];
  for (const f of frames) for (const g of engine.update(f)) out.push({ ...g, t: f.t });
  return out;
}
const poses = (events: GestureBody[]) => events.filter((e) => e.gestureType === 'pose');

describe('GestureEngine poses: firing rules', () => {
  it('fires a held pose once, with the hand and a confidence, as a valid Gesture event body', () => {
    const out = run(new GestureEngine(), sequence([{ ms: 1500, pose: 'fist' }], { hand: 'left' }));
    expect(poses(out).map((e) => e.label)).toEqual(['fist']);
    const g = poses(out)[0];
    expect(g.hand).toBe('left');
    expect(g.score).toBeGreaterThan(0.7);
    expect(GestureSchema.safeParse({ ...g, kind: 'Gesture', t: 1, seq: 0, source: 'vision' }).success).toBe(true);
  });

  it('waits for the minimum hold: a pose shown for less does not fire; fires about minHoldMs after it appears', () => {
    const brief = run(new GestureEngine(), sequence([{ ms: 300, pose: null }, { ms: 130, pose: 'thumbs-up', from: { roll: 90 } }, { ms: 500, pose: 'half-curl', from: { roll: 0 } }]));
    expect(poses(brief)).toEqual([]);
    const held = run(new GestureEngine({ poseFiring: { minHoldMs: 200 } }), sequence([{ ms: 300, pose: null }, { ms: 600, pose: 'thumbs-up', from: { roll: 90 } }]));
    expect(poses(held).map((e) => e.label)).toEqual(['thumbs-up']);
    const firstPoseFrame = 300;
    expect(held[0].t - firstPoseFrame).toBeGreaterThanOrEqual(200);
    expect(held[0].t - firstPoseFrame).toBeLessThan(300);
  });

  it('fires again only after the pose ends (re-arm), once per performance', () => {
    const frames = sequence([
      { ms: 600, pose: 'victory' },
      { ms: 400, pose: 'half-curl' },
      { ms: 600, pose: 'victory' },
    ]);
    expect(poses(run(new GestureEngine(), frames)).map((e) => e.label)).toEqual(['victory', 'victory']);
  });

  it('hysteresis: a pose that wavers between the exit and enter scores stays one performance', () => {
    // a long hold with strong joint jitter: scores dip now and then, but rarely below exit for long
    const frames = sequence([{ ms: 3000, pose: 'open-palm' }], { jitterDeg: 9, seed: 3 });
    expect(poses(run(new GestureEngine(), frames)).map((e) => e.label)).toEqual(['open-palm']);
    // with no hysteresis (exit = enter) and no release grace, the same frames fire more than once
    const strict = run(new GestureEngine({ poseFiring: { enter: 0.97, exit: 0.97, releaseMs: 0, minHoldMs: 0 } }), frames);
    expect(poses(strict).length).toBeGreaterThan(1);
  });

  it('a one-frame dropout of the pose does not end it (release grace)', () => {
    const frames = sequence([{ ms: 500, pose: 'ok' }, { ms: 34, pose: 'half-curl' }, { ms: 500, pose: 'ok' }]);
    expect(poses(run(new GestureEngine(), frames)).map((e) => e.label)).toEqual(['ok']);
  });

  it('each hand has its own state; both hands fire', () => {
    const left = sequence([{ ms: 800, pose: 'fist', from: { cx: 0.3 } }], { hand: 'left', seed: 1 });
    const right = sequence([{ ms: 800, pose: 'i-love-you', from: { cx: 0.7 } }], { hand: 'right', seed: 2 });
    const out = poses(run(new GestureEngine(), together(left, right)));
    expect(out.map((e) => `${e.hand}:${e.label}`).sort()).toEqual(['left:fist', 'right:i-love-you']);
  });

  it('a hand that disappears loses its state: the same pose fires again when it comes back', () => {
    const frames = sequence([{ ms: 600, pose: 'pointing-up' }, { ms: 100, pose: null }, { ms: 600, pose: 'pointing-up' }]);
    expect(poses(run(new GestureEngine(), frames)).map((e) => e.label)).toEqual(['pointing-up', 'pointing-up']);
    // a hand lost during the hold does not fire
    const interrupted = sequence([{ ms: 150, pose: 'pointing-up' }, { ms: 100, pose: null }, { ms: 150, pose: 'pointing-up' }, { ms: 300, pose: null }]);
    expect(poses(run(new GestureEngine(), interrupted))).toEqual([]);
  });

  it('a moving hand does not fire a static pose (waving is not an open palm)', () => {
    const frames = sequence([
      { ms: 250, pose: 'open-palm', from: { cx: 0.35 }, to: { cx: 0.6 } },
      { ms: 250, pose: 'open-palm', to: { cx: 0.35 } },
      { ms: 250, pose: 'open-palm', to: { cx: 0.6 } },
    ]);
    expect(poses(run(new GestureEngine(), frames))).toEqual([]);
  });

  it('every pose fires through the engine', () => {
    const cases: [string, number][] = [['open-palm', 0], ['fist', 0], ['thumbs-up', 90], ['victory', 0], ['pointing-up', 0], ['ok', 0], ['i-love-you', 0]];
    for (const [name, roll] of cases) {
      const out = poses(run(new GestureEngine(), sequence([{ ms: 700, pose: name, from: { roll } }], { seed: name.length })));
      expect(out.map((e) => e.label), name).toEqual([name]);
    }
    const down = poses(run(new GestureEngine(), sequence([{ ms: 700, pose: 'thumbs-up', from: { roll: -90 } }])));
    expect(down.map((e) => e.label)).toEqual(['thumbs-down']);
  });

  it('ignores bad input without throwing: NaN landmarks, wrong counts, low scores, time going back', () => {
    const engine = new GestureEngine();
    const good = sequence([{ ms: 700, pose: 'fist' }]);
    const lm = good[0].hands[0].landmarks;
    const bad: GestureFrame[] = [
      { t: 0, hands: [{ handedness: 'right', score: 0.9, landmarks: lm.map((p, i) => (i === 3 ? ([NaN, 0, 0] as Landmark) : p)) }] },
      { t: 10, hands: [{ handedness: 'right', score: 0.9, landmarks: lm.slice(0, 19) }] },
      { t: 20, hands: [{ handedness: 'right', score: 0.1, landmarks: lm }] },
      { t: 30, hands: [{ handedness: 'middle', score: 0.9, landmarks: lm } as never] },
      { t: 40, hands: [null as never, 42 as never] },
      { t: NaN, hands: [] },
      { t: 50, hands: undefined as never },
      null as never,
    ];
    for (const f of bad) expect(() => engine.update(f)).not.toThrow();
    for (const f of bad.slice(0, 5)) expect(engine.update({ ...f, t: f.t + 1 })).toEqual([]);
    // after the bad frames the engine still works, and ignores frames from the past
    const shifted = good.map((f) => ({ ...f, t: f.t + 100 }));
    expect(poses(run(engine, shifted)).map((e) => e.label)).toEqual(['fist']);
    expect(engine.update({ ...good[0], t: 0 })).toEqual([]);
  });

  it('reset() forgets everything', () => {
    const engine = new GestureEngine();
    const frames = sequence([{ ms: 700, pose: 'fist' }]);
    expect(poses(run(engine, frames))).toHaveLength(1);
    engine.reset();
    expect(poses(run(engine, frames))).toHaveLength(1);
  });

  it('update() cost per frame (reported, not asserted)', () => {
    const frames = together(
      sequence([{ ms: 10_000, pose: 'open-palm', from: { cx: 0.3 }, to: { cx: 0.4 } }], { hand: 'left', seed: 11 }),
      sequence([{ ms: 10_000, pose: 'pinch', from: { cx: 0.7 }, to: { cx: 0.6 } }], { hand: 'right', seed: 12 }),
    );
    const engine = new GestureEngine();
    for (const f of frames.slice(0, 60)) engine.update(f);
    const start = performance.now();
    let n = 0;
    for (let rep = 0; rep < 5; rep++) {
      engine.reset();
      for (const f of frames) {
        engine.update(f);
        n++;
      }
    }
    const perFrame = (performance.now() - start) / n;
    console.log(`GestureEngine.update: ${(perFrame * 1000).toFixed(1)} us per frame with two hands (${n} frames)`);
    expect(perFrame).toBeGreaterThan(0);
  });
});
