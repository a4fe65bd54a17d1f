import { describe, expect, it } from 'vitest';
import { GestureEngine, type GestureEngineOptions } from '../../../main/vision/gestures/engine.ts';
import type { GestureBody, GestureFrame } from '../../../main/vision/gestures/types.ts';
import { sequence, type Segment } from './sequences.ts';

function motions(frames: GestureFrame[], options: GestureEngineOptions = {}): GestureBody[] {
  const engine = new GestureEngine(options);
  return frames.flatMap((f) => engine.update(f)).filter((g) => g.gestureType === 'motion');
}
const labels = (events: GestureBody[]) => events.map((e) => e.label);
const still = (ms: number, pose = 'open-palm'): Segment => ({ ms, pose });

describe('GestureEngine motions (synthetic sequences: a modelled pose moved over time with seeded noise)', () => {
  // Frames come from a camera facing the user; with mirror on (default) the user's left is the image's right.
  it.each([
    ['swipe-left', { cx: 0.25 }, { cx: 0.75 }],
    ['swipe-right', { cx: 0.75 }, { cx: 0.25 }],
    ['swipe-up', { cy: 0.75 }, { cy: 0.25 }],
    ['swipe-down', { cy: 0.25 }, { cy: 0.75 }],
  ] as const)('%s fires once', (label, from, to) => {
    const frames = sequence([{ ms: 200, pose: 'open-palm', from }, { ms: 300, pose: 'open-palm', to }, still(600)], { seed: label.length });
    const out = motions(frames);
    expect(labels(out)).toEqual([label]);
    expect(out[0].hand).toBe('right');
    expect(out[0].score).toBeGreaterThan(0.5);
  });

  it('mirror off: the image direction is the label', () => {
    const frames = sequence([{ ms: 200, pose: 'open-palm', from: { cx: 0.25 } }, { ms: 300, pose: 'open-palm', to: { cx: 0.75 } }, still(600)]);
    expect(labels(motions(frames, { mirror: false }))).toEqual(['swipe-right']);
  });

  it('too slow or too short is no swipe; a diagonal is no swipe', () => {
    const slow = sequence([{ ms: 200, pose: 'fist', from: { cx: 0.25 } }, { ms: 2000, pose: 'fist', to: { cx: 0.75 } }, still(400, 'fist')]);
    expect(motions(slow)).toEqual([]);
    const short = sequence([{ ms: 200, pose: 'fist', from: { cx: 0.4 } }, { ms: 250, pose: 'fist', to: { cx: 0.55 } }, still(400, 'fist')]);
    expect(motions(short)).toEqual([]);
    const diagonal = sequence([{ ms: 200, pose: 'fist', from: { cx: 0.3, cy: 0.3 } }, { ms: 300, pose: 'fist', to: { cx: 0.7, cy: 0.7 } }, still(400, 'fist')]);
    expect(motions(diagonal)).toEqual([]);
  });

  it('the hand coming back after a swipe is not a second swipe', () => {
    const frames = sequence([
      { ms: 200, pose: 'open-palm', from: { cx: 0.25 } },
      { ms: 300, pose: 'open-palm', to: { cx: 0.75 } },
      still(300),
      { ms: 400, pose: 'open-palm', to: { cx: 0.3 } },
      still(300),
    ]);
    expect(labels(motions(frames))).toEqual(['swipe-left']);
  });

  it('wave: x oscillating with two or more turns fires one wave, not swipes', () => {
    const seg = (cx: number): Segment => ({ ms: 230, pose: 'open-palm', to: { cx, roll: cx > 0.5 ? -15 : 15 } });
    const frames = sequence([{ ms: 200, pose: 'open-palm', from: { cx: 0.45 } }, seg(0.6), seg(0.4), seg(0.6), seg(0.4), seg(0.6), still(1800)]);
    expect(labels(motions(frames))).toEqual(['wave']);
    // one turn only is not a wave
    const once = sequence([{ ms: 200, pose: 'open-palm', from: { cx: 0.45 } }, seg(0.6), seg(0.45), still(800)]);
    expect(motions(once)).toEqual([]);
  });

  it('pinch tap: closes and opens within 400 ms, at the pinch point', () => {
    const frames = sequence([still(300, 'pinch-open'), still(200, 'pinch'), still(400, 'pinch-open')]);
    const out = motions(frames);
    expect(labels(out)).toEqual(['pinch-tap']);
    expect(out[0].x).toBeGreaterThan(0.3);
    expect(out[0].x).toBeLessThan(0.7);
    // a pinch held too long is no tap
    const held = sequence([still(300, 'pinch-open'), still(800, 'pinch'), still(400, 'pinch-open')]);
    expect(motions(held)).toEqual([]);
  });

  it('a fist is not a pinch', () => {
    expect(motions(sequence([still(300, 'open-palm'), still(200, 'fist'), still(400, 'open-palm')]))).toEqual([]);
  });

  it('pinch and drag: start, moves, end; positions follow the hand; no swipe meanwhile', () => {
    const frames = sequence([
      still(300, 'pinch-open'),
      { ms: 200, pose: 'pinch' },
      { ms: 500, pose: 'pinch', to: { cx: 0.2 } },
      still(200, 'pinch'),
      still(300, 'pinch-open'),
    ]);
    const out = motions(frames);
    const l = labels(out);
    expect(l[0]).toBe('pinch-drag-start');
    expect(l[l.length - 1]).toBe('pinch-drag-end');
    expect(l.filter((x) => x === 'pinch-drag').length).toBeGreaterThan(5);
    expect(l.some((x) => x.startsWith('swipe') || x === 'pinch-tap')).toBe(false);
    // the image-left move is a move to the user's right (mirror on): x grows
    const moves = out.filter((e) => e.label === 'pinch-drag');
    expect(moves[moves.length - 1].x!).toBeGreaterThan(moves[0].x! + 0.2);
  });

  it('a hand lost mid-drag ends the drag', () => {
    const frames = sequence([still(300, 'pinch-open'), { ms: 200, pose: 'pinch' }, { ms: 300, pose: 'pinch', to: { cx: 0.3 } }, { ms: 100, pose: null }]);
    const l = labels(motions(frames));
    expect(l[0]).toBe('pinch-drag-start');
    expect(l[l.length - 1]).toBe('pinch-drag-end');
  });
});
