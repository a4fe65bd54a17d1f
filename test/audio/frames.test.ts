import { describe, expect, it } from 'vitest';
import { FloatFrameAssembler, S16FrameAssembler } from '../../main/audio/frames.ts';

function s16Bytes(values: number[]): Uint8Array {
  const buf = Buffer.alloc(values.length * 2);
  values.forEach((v, i) => buf.writeInt16LE(v, i * 2));
  return new Uint8Array(buf);
}

describe('S16FrameAssembler', () => {
  it('gives the same frames however the bytes are chunked, odd splits included', () => {
    const values = Array.from({ length: 1300 }, (_, i) => ((i * 977) % 65536) - 32768);
    const bytes = s16Bytes(values);
    const whole = new S16FrameAssembler(512).push(bytes);
    const chunked = new S16FrameAssembler(512);
    const frames: Float32Array[] = [];
    for (let i = 0; i < bytes.length; ) {
      const n = 1 + ((i * 7) % 333); // odd and even sizes
      frames.push(...chunked.push(bytes.subarray(i, i + n)));
      i += n;
    }
    expect(frames.length).toBe(2);
    expect(frames.map((f) => Array.from(f))).toEqual(whole.map((f) => Array.from(f)));
    expect(frames[0][0]).toBe(values[0] / 32768);
    expect(frames[1][511]).toBe(values[1023] / 32768);
    const last = chunked.flush()!;
    expect(last.length).toBe(512);
    expect(last[1300 - 1024 - 1]).toBe(values[1299] / 32768);
    expect(last[300]).toBe(0);
    expect(chunked.flush()).toBeNull();
  });
});

describe('FloatFrameAssembler', () => {
  it('re-cuts frames of any size and keeps stream time', () => {
    const a = new FloatFrameAssembler(512);
    const out = [...a.push(new Float32Array(300).fill(1), 1000), ...a.push(new Float32Array(800).fill(2), 1000 + (300 / 16))];
    expect(out.map((f) => f.t0)).toEqual([1000, 1032]);
    expect(out[0].samples[299]).toBe(1);
    expect(out[0].samples[300]).toBe(2);
  });
});
