import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const PYTHON = '/usr/bin/python3';
export const GENERATOR = join(REPO_ROOT, 'models', 'whisper', 'make-test-model.py');
export const TEST_MODEL_DIR = join(REPO_ROOT, 'models', 'generated', 'whisper-test');
export const REFERENCE_MEL = join(dirname(fileURLToPath(import.meta.url)), 'reference_mel.py');

let pythonHasTorch: Promise<boolean> | undefined;

/** Debian's python with torch + onnx is what the generator needs; say plainly when it is absent. */
export function torchAvailable(): Promise<boolean> {
  pythonHasTorch ??= run(PYTHON, ['-c', 'import torch, onnx'])
    .then(() => true)
    .catch(() => false);
  return pythonHasTorch;
}

export const NO_TORCH_REASON = `${PYTHON} cannot import torch and onnx (apt-get install python3-torch python3-onnx): the tiny Whisper test model cannot be generated`;

let generated: Promise<string> | undefined;

/** Bumped with the generator's own TEST_MODEL_VERSION, so a stale folder is made again. */
const TEST_MODEL_VERSION = 2;

function isCurrent(dir: string): boolean {
  try {
    const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as { beckon_test_model_version?: number };
    return config.beckon_test_model_version === TEST_MODEL_VERSION && existsSync(join(dir, 'decoder_model_merged.onnx'));
  } catch {
    return false;
  }
}

/**
 * Generates the tiny random-weight Whisper model once and returns its folder. Test files run in
 * parallel workers: each generates into its own temporary folder and renames it into place, so
 * nobody ever sees a half-written model.
 */
export function ensureTestWhisperModel(): Promise<string> {
  generated ??= (async () => {
    if (isCurrent(TEST_MODEL_DIR)) return TEST_MODEL_DIR;
    mkdirSync(dirname(TEST_MODEL_DIR), { recursive: true });
    const scratch = mkdtempSync(`${TEST_MODEL_DIR}.tmp-`);
    await run(PYTHON, [GENERATOR, scratch], { timeout: 120_000 });
    if (isCurrent(TEST_MODEL_DIR)) {
      rmSync(scratch, { recursive: true, force: true }); // another worker finished first
      return TEST_MODEL_DIR;
    }
    rmSync(TEST_MODEL_DIR, { recursive: true, force: true });
    try {
      renameSync(scratch, TEST_MODEL_DIR);
    } catch (err) {
      rmSync(scratch, { recursive: true, force: true });
      if (!isCurrent(TEST_MODEL_DIR)) throw err;
    }
    return TEST_MODEL_DIR;
  })();
  return generated;
}

export function tempDir(prefix = 'beckon-whisper-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Real speech: espeak-ng says `text`, sox converts to 16 kHz mono s16. Returns the wav path. */
export async function speechWav(text: string, dir: string, name = 'speech', voice = 'en'): Promise<string> {
  const raw = join(dir, `${name}-22k.wav`);
  const out = join(dir, `${name}.wav`);
  await run('espeak-ng', ['-v', voice, '-w', raw, text]);
  await run('sox', [raw, '-r', '16000', '-c', '1', '-b', '16', out]);
  return out;
}

/** Samples of a 16-bit PCM mono wav as floats in [-1, 1]. */
export function readWav16(path: string): Float32Array {
  const buf = readFileSync(path);
  let off = 12;
  while (off + 8 <= buf.length) {
    const id = buf.toString('ascii', off, off + 4);
    const size = buf.readUInt32LE(off + 4);
    if (id === 'data') {
      const n = Math.floor(Math.min(size, buf.length - off - 8) / 2);
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = buf.readInt16LE(off + 8 + 2 * i) / 32768;
      return out;
    }
    off += 8 + size + (size % 2);
  }
  throw new Error(`${path} has no data chunk`);
}

/** Runs the numpy reference mel on a wav; returns [80 * 3000] floats. */
export async function referenceMel(wavPath: string, dir: string): Promise<Float32Array> {
  const out = join(dir, 'reference.f32');
  await run(PYTHON, [REFERENCE_MEL, wavPath, out], { timeout: 60_000 });
  const bytes = readFileSync(out);
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}
