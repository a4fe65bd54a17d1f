import { describe, expect, it } from 'vitest';
import { speechOnsetSample } from '../../../main/asr/engines/leading-silence.ts';
import { concat, silence, speak } from '../speech.ts';

const noise = (ms: number, amplitude: number) => {
  let seed = 7;
  return Float32Array.from({ length: ms * 16 }, () => {
    seed = (seed * 16807) % 2147483647;
    return ((seed / 2147483647) - 0.5) * amplitude;
  });
};

describe('speechOnsetSample', () => {
  it('finds where espeak-ng speech starts after silence or noise, keeping 30 ms before it', async () => {
    const speech = await speak('turn the volume up');
    const own = speechOnsetSample(speech, 16000);
    for (const lead of [silence(300), noise(300, 0.004)]) {
      const onset = speechOnsetSample(concat(lead, speech), 16000);
      expect(Math.abs(onset - (lead.length + own))).toBeLessThanOrEqual(160); // within 10 ms
    }
  });

  it('keeps everything when the segment starts with speech or is too short to judge', async () => {
    expect(speechOnsetSample(new Float32Array(100), 16000)).toBe(0);
    const speech = await speak('scroll down');
    expect(speechOnsetSample(speech, 16000)).toBeLessThan(16000 * 0.1);
  });
});
