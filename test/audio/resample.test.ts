import { describe, expect, it } from 'vitest';
import { resample } from '../../main/audio/resample.ts';
import { correlation, rms } from './helpers.ts';

function tone(freq: number, rate: number, seconds: number, amp = 0.5): Float32Array {
  const out = new Float32Array(Math.round(rate * seconds));
  for (let i = 0; i < out.length; i++) out[i] = amp * Math.sin((2 * Math.PI * freq * i) / rate);
  return out;
}

/** ignore the filter's edge transients */
const middle = (x: Float32Array) => x.subarray(200, x.length - 200);

describe('resample', () => {
  for (const from of [8000, 11025, 22050, 44100, 48000, 44056]) {
    it(`keeps a 440 Hz tone when going ${from} -> 16000 Hz`, () => {
      const out = resample(tone(440, from, 1), from, 16000);
      expect(out.length).toBe(Math.floor((tone(440, from, 1).length * 16000) / from));
      const ideal = tone(440, 16000, out.length / 16000);
      expect(correlation(middle(out), middle(ideal))).toBeGreaterThan(0.999);
      expect(rms(middle(out))).toBeCloseTo(rms(middle(ideal)), 2);
    });
  }

  it('removes tones above the new Nyquist frequency instead of aliasing them', () => {
    const out = resample(tone(10_000, 44100, 1), 44100, 16000);
    expect(rms(middle(out))).toBeLessThan(0.005 * rms(tone(10_000, 44100, 1)));
  });

  it('keeps a constant signal constant', () => {
    const out = resample(new Float32Array(4000).fill(0.25), 22050, 16000);
    for (const v of middle(out).subarray(0, 1000)) expect(v).toBeCloseTo(0.25, 4);
  });

  it('returns a copy at equal rates and nothing for no input', () => {
    const x = Float32Array.from([0.1, 0.2]);
    const y = resample(x, 16000, 16000);
    expect(Array.from(y)).toEqual(Array.from(x));
    expect(y).not.toBe(x);
    expect(resample(new Float32Array(0), 44100, 16000).length).toBe(0);
  });
});
