import { describe, expect, it } from 'vitest';
import { GestureEngine, type GestureEngineOptions } from '../../../main/vision/gestures/engine.ts';
import type { GestureBody, GestureFrame } from '../../../main/vision/gestures/types.ts';
import { sequence, together } from './sequences.ts';

function pointer(frames: GestureFrame[], options: GestureEngineOptions['pointer'] = {}, mirror = true): GestureBody[] {
  const engine = new GestureEngine({ mirror, pointer: { enabled: true, ...options } });
  return frames.flatMap((f) => engine.update(f));
}

describe('GestureEngine pointer mode', () => {
  it('is off by default', () => {
    const out = new GestureEngine().update(sequence([{ ms: 40, pose: 'pointing-up' }])[0]);
    expect(out.filter((e) => e.gestureType === 'pointer')).toEqual([]);
  });

  it('the index fingertip drives a smoothed pointer; mirrored for a selfie camera', () => {
    const frames = sequence([{ ms: 300, pose: 'pointing-up', from: { cx: 0.7 } }, { ms: 600, pose: 'pointing-up', to: { cx: 0.4 } }, { ms: 600, pose: 'pointing-up' }]);
    const mirrored = pointer(frames).filter((e) => e.label === 'pointer-move');
    expect(mirrored.length).toBeGreaterThan(10);
    for (const e of mirrored) {
      expect(e.gestureType).toBe('pointer');
      expect(e.x).toBeGreaterThanOrEqual(0);
      expect(e.x).toBeLessThanOrEqual(1);
    }
    // the hand moves toward the image's left: to the user's right, so the mirrored pointer goes right
    expect(mirrored[mirrored.length - 1].x!).toBeGreaterThan(mirrored[0].x! + 0.2);
    const plain = pointer(frames, {}, false).filter((e) => e.label === 'pointer-move');
    expect(plain[plain.length - 1].x!).toBeLessThan(plain[0].x! - 0.2);
    // mirrored and plain are reflections of each other
    expect(mirrored[0].x! + plain[0].x!).toBeCloseTo(1, 5);
  });

  it('a still, noisy fingertip gives a steady pointer (few move events)', () => {
    const frames = sequence([{ ms: 2000, pose: 'pointing-up' }], { noise: 0.002 });
    const moves = pointer(frames).filter((e) => e.label === 'pointer-move');
    const raw = pointer(frames, { oneEuro: { minCutoff: 1000, beta: 0, dCutoff: 1 } }).filter((e) => e.label === 'pointer-move');
    expect(moves.length).toBeLessThan(raw.length / 2);
  });

  it('pinch clicks once, where the pointer was before the pinch; the pointer hand makes no tap or swipe', () => {
    const frames = sequence([{ ms: 500, pose: 'pinch-open' }, { ms: 200, pose: 'pinch' }, { ms: 300, pose: 'pinch-open' }]);
    const out = pointer(frames);
    const clicks = out.filter((e) => e.label === 'pointer-click');
    expect(clicks).toHaveLength(1);
    expect(out.some((e) => e.gestureType !== 'pointer')).toBe(false);
    const before = out.filter((e) => e.label === 'pointer-move' && e !== clicks[0]);
    expect(Math.abs(clicks[0].x! - before[0].x!)).toBeLessThan(0.1);
  });

  it('dwell click: pointer still within the radius for dwellMs clicks once, again only after moving away', () => {
    const frames = sequence([
      { ms: 1200, pose: 'pointing-up', from: { cx: 0.5 } },
      { ms: 300, pose: 'pointing-up', to: { cx: 0.3 } },
      { ms: 1200, pose: 'pointing-up' },
    ]);
    const dwell = pointer(frames, { dwellMs: 800, dwellRadius: 0.03 }).filter((e) => e.label === 'pointer-dwell-click');
    expect(dwell).toHaveLength(2);
    expect(pointer(frames).filter((e) => e.label === 'pointer-dwell-click')).toHaveLength(0);
  });

  it('the other hand still makes poses', () => {
    const a = sequence([{ ms: 800, pose: 'pointing-up', from: { cx: 0.7 } }], { hand: 'right', seed: 1 });
    const b = sequence([{ ms: 800, pose: 'fist', from: { cx: 0.3 } }], { hand: 'left', seed: 2 });
    const out = pointer(together(a, b), { hand: 'right' });
    expect(out.filter((e) => e.gestureType === 'pose').map((e) => `${e.hand}:${e.label}`)).toEqual(['left:fist']);
    expect(out.filter((e) => e.gestureType === 'pointer').every((e) => e.hand === 'right')).toBe(true);
  });
});
