/** Fixture makers for the audio tests: real espeak-ng speech and sox/ffmpeg conversions, made at test time. */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { BeckonEvent, EventBody, EventKind, EventOf } from '../../main/common/events.ts';
import type { MakeEvent } from '../../main/audio/frames.ts';

const run = promisify(execFile);

export async function tempDir(prefix = 'beckon-audio-'): Promise<{ dir: string; path: (name: string) => string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, path: (name) => join(dir, name), cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** espeak-ng speech (22.05 kHz mono 16-bit as espeak writes it). */
export async function espeak(text: string, out: string): Promise<string> {
  await run('espeak-ng', ['-w', out, text]);
  return out;
}

export async function sox(...args: string[]): Promise<void> {
  await run('sox', args);
}

export async function ffmpeg(...args: string[]): Promise<void> {
  await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args]);
}

/** espeak speech resampled to 16 kHz mono 16-bit: the reference others are compared with. */
export async function speech16k(text: string, dir: { path: (n: string) => string }, name: string): Promise<string> {
  const raw = await espeak(text, dir.path(`${name}.espeak.wav`));
  const out = dir.path(`${name}.wav`);
  await sox(raw, '-r', '16000', '-c', '1', '-b', '16', out);
  return out;
}

export async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const e of it) out.push(e);
  return out;
}

/** A stamping function for sources used without a pipeline. */
export function stamper(): MakeEvent {
  let seq = 0;
  return <K extends EventKind>(kind: K, body: EventBody<K>, source: string) =>
    ({ ...body, kind, t: performance.now(), seq: seq++, source }) as unknown as EventOf<K>;
}

export function correlation(a: Float32Array, b: Float32Array): number {
  const n = Math.min(a.length, b.length);
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < n; i++) {
    ab += a[i] * b[i];
    aa += a[i] * a[i];
    bb += b[i] * b[i];
  }
  return ab / Math.sqrt(aa * bb);
}

export function rms(x: Float32Array): number {
  let s = 0;
  for (const v of x) s += v * v;
  return Math.sqrt(s / Math.max(1, x.length));
}

/** Stream ms of the first and last sample louder than `level` (where espeak's voice actually is). */
export function loudExtentMs(samples: Float32Array, sampleRate = 16000, level = 0.02): { from: number; to: number } {
  let first = -1;
  let last = -1;
  for (let i = 0; i < samples.length; i++) {
    if (Math.abs(samples[i]) > level) {
      if (first < 0) first = i;
      last = i;
    }
  }
  return { from: (first / sampleRate) * 1000, to: (last / sampleRate) * 1000 };
}

export function ofKind<K extends EventKind>(events: BeckonEvent[], kind: K): EventOf<K>[] {
  return events.filter((e): e is EventOf<K> => e.kind === kind);
}
