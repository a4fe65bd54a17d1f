import { describe, expect, it } from 'vitest';
import { OneEuroFilter } from '../../../main/vision/gestures/one-euro.ts';
import { seeded } from './hand-model.ts';

const DT = 1000 / 30;
const std = (xs: number[]) => {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length);
};

describe('OneEuroFilter', () => {
  it('takes the first sample as is', () => {
    expect(new OneEuroFilter().filter(0.37, 0)).toBe(0.37);
  });

  it('removes most jitter from a noisy still signal', () => {
    const rng = seeded(5);
    const f = new OneEuroFilter({ minCutoff: 1, beta: 10, dCutoff: 1 });
    const raw: number[] = [];
    const out: number[] = [];
    for (let i = 0; i < 300; i++) {
      const v = 0.5 + rng.gauss(0.004);
      raw.push(v);
      out.push(f.filter(v, i * DT));
    }
    const rawJitter = std(raw.slice(30));
    const outJitter = std(out.slice(30));
    console.log(`one euro: still jitter ${rawJitter.toFixed(5)} -> ${outJitter.toFixed(5)}`);
    expect(outJitter).toBeLessThan(rawJitter / 2);
  });

  it('follows a fast move with little lag, far less than a fixed low-pass of the same still cutoff', () => {
    const oneEuro = new OneEuroFilter({ minCutoff: 1, beta: 10, dCutoff: 1 });
    const fixed = new OneEuroFilter({ minCutoff: 1, beta: 0, dCutoff: 1 });
    let lagEuro = 0;
    let lagFixed = 0;
    // 0.1 -> 0.9 in 300 ms (a quick flick across the screen), measured at the end of the move
    for (let i = 0; i <= 9; i++) {
      const v = 0.1 + (0.8 * i) / 9;
      lagEuro = v - oneEuro.filter(v, i * DT);
      lagFixed = v - fixed.filter(v, i * DT);
    }
    console.log(`one euro: lag at the end of a fast move ${lagEuro.toFixed(3)} (fixed cutoff: ${lagFixed.toFixed(3)})`);
    expect(Math.abs(lagEuro)).toBeLessThan(0.1);
    expect(Math.abs(lagEuro)).toBeLessThan(Math.abs(lagFixed) / 3);
  });

  it('a higher beta means less lag; a lower min cutoff means less jitter', () => {
    const lag = (beta: number) => {
      const f = new OneEuroFilter({ beta });
      let l = 0;
      for (let i = 0; i <= 9; i++) l = (0.8 * i) / 9 - f.filter((0.8 * i) / 9, i * DT);
      return l;
    };
    expect(lag(20)).toBeLessThan(lag(2));
    const jitter = (minCutoff: number) => {
      const rng = seeded(9);
      const f = new OneEuroFilter({ minCutoff, beta: 0 });
      const out: number[] = [];
      for (let i = 0; i < 200; i++) out.push(f.filter(rng.gauss(0.01), i * DT));
      return std(out.slice(20));
    };
    expect(jitter(0.3)).toBeLessThan(jitter(3));
  });

  it('ignores samples that do not move time forward, and reset() starts over', () => {
    const f = new OneEuroFilter();
    f.filter(0, 0);
    const a = f.filter(1, 100);
    expect(f.filter(5, 100)).toBe(a);
    expect(f.filter(5, 50)).toBe(a);
    f.reset();
    expect(f.filter(5, 200)).toBe(5);
  });
});
