/** Test helper: real espeak-ng speech as 16 kHz mono Float32 samples (via sox without dither, so runs are repeatable; no wav reader needed). */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface Voice {
  voice: string;
  /** words per minute */
  speed: number;
}

export const VOICES: Voice[] = [
  { voice: 'en-us', speed: 160 },
  { voice: 'en-gb', speed: 140 },
  { voice: 'en-us', speed: 190 },
];

/** Little-endian signed 16-bit PCM to floats in [-1, 1]. */
export function pcm16ToFloat(raw: Buffer): Float32Array {
  const out = new Float32Array(Math.floor(raw.length / 2));
  for (let i = 0; i < out.length; i++) out[i] = raw.readInt16LE(i * 2) / 32768;
  return out;
}

export async function speak(text: string, { voice, speed }: Voice = VOICES[0]!): Promise<Float32Array> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'beckon-asr-test-'));
  try {
    const wav = path.join(dir, 'speech.wav');
    await run('espeak-ng', ['-v', voice, '-s', String(speed), '-w', wav, text]);
    const { stdout } = await run('sox', ['-D', wav, '-r', '16000', '-c', '1', '-b', '16', '-e', 'signed', '-t', 'raw', '-'], {
      encoding: 'buffer',
      maxBuffer: 64 * 1024 * 1024,
    });
    return pcm16ToFloat(stdout);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** `ms` of silence at 16 kHz. */
export function silence(ms: number): Float32Array {
  return new Float32Array(Math.round((ms * 16_000) / 1000));
}

export function concat(...parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

export const COMMANDS = ['turn the volume up', 'pause the music', 'open firefox', 'what time is it'];
export const COMMAND_GRAMMAR = `#JSGF V1.0;
grammar commands;
public <command> = turn the volume up | pause the music | open firefox | what time is it ;
`;
