/**
 * Reading and writing wav files. Everything Beckon hears from a file becomes 16 kHz mono float:
 * channels are averaged first, then the signal is resampled (main/audio/resample.ts).
 * wavefile parses the RIFF chunks; samples are decoded here (main/audio/pcm.ts) for speed.
 */
import { readFile } from 'node:fs/promises';
import wavefile from 'wavefile';
import { BeckonError } from '../common/errors.ts';
import { decodePcmToMono, type PcmLayout } from './pcm.ts';
import { resample } from './resample.ts';

export const TARGET_RATE = 16_000;

export interface DecodedAudio {
  /** 16 kHz mono samples in [-1, 1] */
  samples: Float32Array;
  sampleRate: typeof TARGET_RATE;
  durationMs: number;
  original: { sampleRate: number; channels: number; bitDepth: string };
}

const WAVE_FORMAT_PCM = 1;
const WAVE_FORMAT_IEEE_FLOAT = 3;
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;
const FORMAT_NAMES: Record<number, string> = { 2: 'MS ADPCM', 6: 'A-law', 7: 'µ-law', 17: 'IMA ADPCM', 85: 'MP3' };

function convertHint(origin: string): string {
  const q = JSON.stringify(origin);
  return `convert it to 16-bit PCM, e.g. \`ffmpeg -i ${q} -ac 1 -ar 16000 -c:a pcm_s16le out.wav\` or \`sox ${q} -e signed-integer -b 16 -c 1 -r 16000 out.wav\``;
}

export async function readWav(path: string): Promise<DecodedAudio> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new BeckonError('WAV_NOT_FOUND', `no such wav file: ${path}`, 'check the path', { cause: err });
    }
    if (code === 'EISDIR') throw new BeckonError('WAV_INVALID', `${path} is a folder, not a wav file`, 'give the path of a .wav file');
    throw new BeckonError('WAV_UNREADABLE', `cannot read ${path}: ${(err as Error).message}`, 'check the file permissions', { cause: err });
  }
  return decodeWav(bytes, path);
}

/** Decode wav bytes; `origin` names the file or stream in error messages. */
export function decodeWav(bytes: Uint8Array, origin: string): DecodedAudio {
  const wav = new wavefile.WaveFile();
  try {
    wav.fromBuffer(bytes);
  } catch (err) {
    throw new BeckonError(
      'WAV_INVALID',
      `${origin} is not a wav file (${(err as Error).message})`,
      `give a RIFF/WAVE file; for other formats ${convertHint(origin)}`,
      { cause: err },
    );
  }
  const fmt = wav.fmt as {
    audioFormat: number;
    numChannels: number;
    sampleRate: number;
    bitsPerSample: number;
    subformat: number[];
  };
  const format = fmt.audioFormat === WAVE_FORMAT_EXTENSIBLE ? (fmt.subformat[0] ?? 0) : fmt.audioFormat;
  const bits = fmt.bitsPerSample;
  const layout = layoutFor(format, bits, fmt.numChannels);
  if (!layout) {
    const name = FORMAT_NAMES[format] ?? `format ${format}, ${bits}-bit`;
    throw new BeckonError('WAV_UNSUPPORTED', `${origin} holds ${name} audio, which Beckon does not decode`, convertHint(origin));
  }
  if (!(fmt.sampleRate > 0)) throw new BeckonError('WAV_INVALID', `${origin} declares sample rate ${fmt.sampleRate}`, convertHint(origin));
  const data = (wav.data as { samples: Uint8Array }).samples;
  const mono = decodePcmToMono(data, layout);
  if (mono.length === 0) {
    throw new BeckonError('WAV_EMPTY', `${origin} has no audio samples`, 'record or choose a wav file that contains sound');
  }
  const samples = fmt.sampleRate === TARGET_RATE ? mono : resample(mono, fmt.sampleRate, TARGET_RATE);
  return {
    samples,
    sampleRate: TARGET_RATE,
    durationMs: (samples.length / TARGET_RATE) * 1000,
    original: { sampleRate: fmt.sampleRate, channels: fmt.numChannels, bitDepth: wav.bitDepth },
  };
}

function layoutFor(format: number, bits: number, channels: number): PcmLayout | null {
  if (!(channels >= 1)) return null;
  if (format === WAVE_FORMAT_PCM) {
    if (bits === 8) return { encoding: 'uint8', bits, channels };
    if (bits === 16 || bits === 24 || bits === 32) return { encoding: 'int', bits, channels };
  }
  if (format === WAVE_FORMAT_IEEE_FLOAT && (bits === 32 || bits === 64)) return { encoding: 'float', bits, channels };
  return null;
}

/** 16-bit PCM mono wav bytes. Float input is clipped to [-1, 1]. */
export function encodeWav(samples: Float32Array | Int16Array, sampleRate: number): Uint8Array {
  const n = samples.length;
  const out = new Uint8Array(44 + n * 2);
  const view = new DataView(out.buffer);
  const ascii = (at: number, s: string) => {
    for (let i = 0; i < s.length; i++) out[at + i] = s.charCodeAt(i);
  };
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + n * 2, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, WAVE_FORMAT_PCM, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  ascii(36, 'data');
  view.setUint32(40, n * 2, true);
  if (samples instanceof Int16Array) {
    for (let i = 0; i < n; i++) view.setInt16(44 + i * 2, samples[i], true);
  } else {
    for (let i = 0; i < n; i++) {
      const s = Math.max(-1, Math.min(1, samples[i]));
      view.setInt16(44 + i * 2, s < 0 ? Math.round(s * 32768) : Math.round(s * 32767), true);
    }
  }
  return out;
}
