import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readWav } from '../../../main/audio/wav.ts';
import { measureVadRtf } from '../../../main/audio/vad/measure.ts';
import { sox, speech16k, tempDir } from '../helpers.ts';

let dir: Awaited<ReturnType<typeof tempDir>>;
beforeAll(async () => {
  dir = await tempDir();
});
afterAll(() => dir.cleanup());

describe('measureVadRtf', () => {
  it('times the model and the stage over the audio and counts its utterances', async () => {
    const a = await speech16k('Open the calendar.', dir, 'a');
    const b = await speech16k('Close the window.', dir, 'b');
    const joined = dir.path('joined.wav');
    // 1.2 s of silence after the first sentence, 1 s after the second
    await sox(a, dir.path('a_padded.wav'), 'pad', '0', '1.2');
    await sox(dir.path('a_padded.wav'), b, joined, 'pad', '0', '1');
    const { samples } = await readWav(joined);
    const speed = await measureVadRtf(samples);
    expect(speed.frames).toBe(Math.floor(samples.length / 512));
    expect(speed.audioMs).toBeCloseTo(samples.length / 16, 6);
    expect(speed.model.ms).toBeGreaterThan(0);
    expect(speed.model.rtf).toBeCloseTo(speed.model.ms / speed.audioMs, 9);
    expect(speed.stage.rtf).toBeGreaterThan(0);
    expect(speed.stage.utterances).toBe(2);
  });
});
