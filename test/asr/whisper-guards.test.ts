/**
 * Whisper hallucination guards and loop detection: pure functions, checked on their own.
 * Plumbing, not accuracy.
 */
import { describe, expect, it } from 'vitest';
import { collapseRepeats, isKnownHallucination, isSilent, normaliseForCompare } from '../../main/asr/engines/whisper/guards.ts';
import { repeatedTail } from '../../main/asr/engines/whisper/decoder.ts';
import { readWav16, speechWav, tempDir } from './whisper/fixture.ts';

describe('Whisper guards', () => {
  it('calls digital silence and faint noise silent, and espeak-ng speech not', async () => {
    expect(isSilent(new Float32Array(16_000), 0.004)).toBe(true);
    const noise = Float32Array.from({ length: 16_000 }, (_, i) => 0.001 * Math.sin(i * 1.7));
    expect(isSilent(noise, 0.004)).toBe(true);
    const speech = readWav16(await speechWav('hello there', tempDir()));
    expect(isSilent(speech, 0.004)).toBe(false);
    // one loud 25 ms burst is enough to count as sound
    const burst = new Float32Array(16_000);
    burst.fill(0.1, 8000, 8400);
    expect(isSilent(burst, 0.004)).toBe(false);
  });

  it('recognises known hallucinations after normalising case, punctuation and spacing', () => {
    expect(isKnownHallucination(' Thank you for watching! ')).toBe(true);
    expect(isKnownHallucination('THANKS FOR WATCHING')).toBe(true);
    expect(isKnownHallucination('Subtitles by the Amara.org community')).toBe(true);
    expect(isKnownHallucination('you')).toBe(true);
    expect(isKnownHallucination('Bye.')).toBe(true);
    expect(isKnownHallucination('字幕由Amara.org社区提供')).toBe(true);
    expect(isKnownHallucination('thank you for watching the oven')).toBe(false);
    expect(isKnownHallucination('turn on the lights')).toBe(false);
    expect(isKnownHallucination('')).toBe(false);
    expect(normaliseForCompare('  Hello,   WORLD!! ')).toBe('hello world');
  });

  it('collapses phrases repeated in a loop, in English and in Mandarin', () => {
    expect(collapseRepeats("I'm sorry. I'm sorry. I'm sorry. I'm sorry.")).toBe("I'm sorry.");
    expect(collapseRepeats('open the door the door the door the door please')).toBe('open the door please');
    expect(collapseRepeats('go go go go go go')).toBe('go go');
    expect(collapseRepeats('谢谢谢谢谢谢谢谢')).toBe('谢谢');
    // ordinary repetition in speech stays
    expect(collapseRepeats('no no no')).toBe('no no no');
    expect(collapseRepeats('turn on the lights and turn on the fan')).toBe('turn on the lights and turn on the fan');
  });

  it('finds token loops at the end of a sequence and says how many tokens to drop', () => {
    expect(repeatedTail([1, 2, 3])).toBe(0);
    expect(repeatedTail(Array(12).fill(7))).toBe(11);
    expect(repeatedTail([9, ...Array(11).fill(7)])).toBe(0);
    expect(repeatedTail([5, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2])).toBe(10);
    expect(repeatedTail([5, 1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4])).toBe(8);
  });
});
