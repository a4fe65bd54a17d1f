/**
 * Cutting audio into the fixed-size frames the VAD needs (512 samples = 32 ms at 16 kHz).
 * Shared by the wav and microphone sources.
 */
import type { EventBody, EventKind, EventOf } from '../common/events.ts';

export const FRAME_SAMPLES = 512;
export const SAMPLE_RATE = 16_000;

/** The pipeline's stamping function, e.g. `(k, b, s) => pipeline.make(k, b, s)`. */
export type MakeEvent = <K extends EventKind>(kind: K, body: EventBody<K>, source: string) => EventOf<K>;

export function samplesToMs(samples: number, sampleRate = SAMPLE_RATE): number {
  return (samples / sampleRate) * 1000;
}

/**
 * Collects little-endian signed 16-bit PCM bytes arriving in chunks of any length (even odd byte
 * counts) and hands out whole frames as floats; the remainder waits for the next chunk.
 */
export class S16FrameAssembler {
  private readonly frame: Float32Array;
  private filled = 0;
  private pendingByte: number | null = null;

  constructor(readonly frameSamples = FRAME_SAMPLES) {
    this.frame = new Float32Array(frameSamples);
  }

  /** Returns the frames completed by this chunk (fresh arrays, safe to keep). */
  push(chunk: Uint8Array): Float32Array[] {
    const done: Float32Array[] = [];
    let i = 0;
    if (this.pendingByte !== null && chunk.length > 0) {
      this.add(toFloat(this.pendingByte | (chunk[0] << 8)), done);
      this.pendingByte = null;
      i = 1;
    }
    for (; i + 1 < chunk.length; i += 2) this.add(toFloat(chunk[i] | (chunk[i + 1] << 8)), done);
    if (i < chunk.length) this.pendingByte = chunk[i];
    return done;
  }

  /** The last partial frame padded with silence, or null when nothing is left. */
  flush(): Float32Array | null {
    if (this.filled === 0) return null;
    const last = new Float32Array(this.frameSamples);
    last.set(this.frame.subarray(0, this.filled));
    this.filled = 0;
    this.pendingByte = null;
    return last;
  }

  private add(sample: number, done: Float32Array[]): void {
    this.frame[this.filled++] = sample;
    if (this.filled === this.frameSamples) {
      done.push(this.frame.slice());
      this.filled = 0;
    }
  }
}

function toFloat(u16: number): number {
  return ((u16 << 16) >> 16) / 32768;
}

/**
 * Re-cuts float frames of any length into fixed-size frames, keeping stream time: each output frame
 * comes with the stream ms of its first sample.
 */
export class FloatFrameAssembler {
  private readonly frame: Float32Array;
  private filled = 0;
  private frameT0 = 0;

  constructor(readonly frameSamples = FRAME_SAMPLES) {
    this.frame = new Float32Array(frameSamples);
  }

  push(samples: Float32Array, t0: number): { samples: Float32Array; t0: number }[] {
    const done: { samples: Float32Array; t0: number }[] = [];
    let i = 0;
    while (i < samples.length) {
      if (this.filled === 0) this.frameT0 = t0 + samplesToMs(i);
      const n = Math.min(this.frameSamples - this.filled, samples.length - i);
      this.frame.set(samples.subarray(i, i + n), this.filled);
      this.filled += n;
      i += n;
      if (this.filled === this.frameSamples) {
        done.push({ samples: this.frame.slice(), t0: this.frameT0 });
        this.filled = 0;
      }
    }
    return done;
  }

  clear(): void {
    this.filled = 0;
  }
}
