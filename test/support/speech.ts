/** Real speech for tests: espeak-ng speaks, sox converts. Files are cached per text/voice/speed within a run. */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const DIR = mkdtempSync(join(tmpdir(), 'beckon-speech-'));

export interface SpeechOptions {
  voice?: string;
  /** words per minute */
  speed?: number;
  /** output sample rate; espeak-ng's own is 22050 */
  rate?: number;
  channels?: number;
  /** silence added before and after, ms */
  padMs?: number;
}

export async function speakToWav(text: string, options: SpeechOptions = {}): Promise<string> {
  const { voice = 'en-us', speed = 160, rate = 16000, channels = 1, padMs = 300 } = options;
  const name = `${text.replace(/\W+/g, '-').slice(0, 40)}-${voice.replace(/\W/g, '')}-${speed}-${rate}-${channels}-${padMs}.wav`;
  const out = join(DIR, name);
  if (existsSync(out)) return out;
  mkdirSync(DIR, { recursive: true });
  const raw = join(DIR, `raw-${name}`);
  await run('espeak-ng', ['-v', voice, '-s', String(speed), '-w', raw, '--', text]);
  const pad = String(padMs / 1000);
  await run('sox', [raw, '-r', String(rate), '-c', String(channels), '-b', '16', out, 'pad', pad, pad]);
  return out;
}

export function tempDir(prefix = 'beckon-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
