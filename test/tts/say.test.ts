import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BeckonError } from '../../main/common/errors.ts';
import { isSafeVoiceName, sanitizeForSpeech } from '../../main/tts/sanitize.ts';
import { SayEngine } from '../../main/tts/say.ts';
import { findOnPath } from '../../main/tts/process.ts';

const hasFestival = findOnPath('festival') !== null && process.platform === 'linux';
if (!hasFestival) console.warn('say.test: festival is not installed (apt-get install -y festival): the festival injection tests are skipped');

let dir: string;
let marker: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'beckon-say-'));
  marker = join(dir, 'pwned');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  await rm(marker, { force: true });
});

/** Texts that try to leave festival's `(SayText "...")` string and run `touch <marker>`. */
const payloads = (m: string): Record<string, string> => ({
  'close the string': `hi") (system "touch ${m}") ("`,
  'close and call SayText again': `hi") (system "touch ${m}") (SayText "ok`,
  backslashes: `hi\\") (system \\"touch ${m}\\") (\\"`,
  'backslash before the quote': `hi\\\\") (system "touch ${m}") ("`,
  newlines: `hi")\n(system "touch ${m}")\n(SayText "x`,
  'unicode quotes': `hi”) (system “touch ${m}”) (“`,
  'full-width quotes (NFKC makes them ASCII)': `hi＂) (system ＂touch ${m}＂) (＂`,
  'shell syntax': `hi $(touch ${m}) \`touch ${m}\``,
  'leading dash (macOS say option)': `-o ${m} hello`,
});

/** Run festival --pipe on exactly the Scheme that `say` builds on Linux, without sanitising. */
function festivalPipe(scheme: string): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn('festival', ['--pipe'], { stdio: ['pipe', 'ignore', 'ignore'] });
    child.once('error', reject);
    child.once('close', resolve);
    child.stdin.end(scheme);
  });
}

describe('sanitizeForSpeech', () => {
  it('leaves nothing that can end a Scheme string, start an option or break a line', () => {
    for (const [name, text] of Object.entries(payloads('/tmp/x'))) {
      const safe = sanitizeForSpeech(text);
      expect(safe, name).not.toMatch(/["\\()\n\r`$]/);
      expect(safe.startsWith('-'), name).toBe(false);
      expect(safe, name).toMatch(/^hi|^o /);
    }
  });

  it('keeps letters of any script, digits and basic punctuation', () => {
    expect(sanitizeForSpeech('Grüße, 你好！ Привет. It’s 3:45; ok? Yes - no.')).toBe("Grüße, 你好! Привет. It's 3:45; ok? Yes - no.");
    expect(sanitizeForSpeech("It's fine.")).toBe("It's fine.");
    expect(sanitizeForSpeech('नमस्ते दुनिया')).toBe('नमस्ते दुनिया'); // combining marks stay
  });

  it('caps the length at a word boundary', () => {
    const safe = sanitizeForSpeech('word '.repeat(1000), 100);
    expect(safe.length).toBeLessThanOrEqual(100);
    expect(safe.endsWith('word')).toBe(true);
  });

  it('allows only plain voice names', () => {
    expect(isSafeVoiceName('voice_kal_diphone', 'linux')).toBe(true);
    expect(isSafeVoiceName('system "touch x"', 'linux')).toBe(false);
    expect(isSafeVoiceName('voice_x) (system', 'linux')).toBe(false);
    expect(isSafeVoiceName('Microsoft David Desktop', 'win32')).toBe(true);
    expect(isSafeVoiceName("x'); Remove-Item c:\\ ('", 'win32')).toBe(false);
  });

  it('is always applied by the say engine', () => {
    const engine = new SayEngine({ platform: 'linux' });
    expect(engine.prepare(`hi") (system "touch x") ("`).text).toBe('hi system touch x');
    expect(() => engine.prepare('你好')).toThrow(BeckonError); // festival would segfault on it
    expect(() => engine.prepare('hi', { voice: '(system "x")' })).toThrow(/unsafe/);
    expect(new SayEngine({ platform: 'darwin' }).prepare('-o /tmp/x hi').text).toBe('o tmp x hi');
  });
});

describe.skipIf(!hasFestival)('say engine over festival: injection', () => {
  it('the threat is real: unsanitised text fed to festival --pipe runs a shell command', async () => {
    for (const name of ['close the string', 'newlines'] as const) {
      await rm(marker, { force: true });
      await festivalPipe(`(SayText "${payloads(marker)[name]}")`);
      expect(existsSync(marker), name).toBe(true);
    }
  });

  it('the threat is real through the say package itself', async () => {
    const { Say } = createRequire(import.meta.url)('say') as { Say: new (p: string) => { child: import('node:child_process').ChildProcess | null; speak(t: string, v: null, s: null, cb: () => void): void } };
    const say = new Say('linux');
    say.speak(payloads(marker)['close the string']!, null, null, () => {});
    await new Promise((resolve) => say.child!.once('close', resolve));
    expect(existsSync(marker)).toBe(true);
  });

  it('SayEngine.speak speaks every payload and never runs it', async () => {
    const engine = new SayEngine();
    const times: number[] = [];
    for (const [name, text] of Object.entries(payloads(marker))) {
      const t0 = performance.now();
      const outcome = await engine.speak(text).then(
        () => 'spoken',
        (err: unknown) => (err instanceof BeckonError ? err.code : String(err)),
      );
      times.push(performance.now() - t0);
      // Spoken, or festival got as far as the audio device (so the text was evaluated): never a crash.
      expect(['spoken', 'NO_AUDIO_OUTPUT'], name).toContain(outcome);
      expect(existsSync(marker), name).toBe(false);
    }
    times.sort((a, b) => a - b);
    console.log(`festival via say, time per call (${times.length} calls): median ${times[Math.floor(times.length / 2)]!.toFixed(0)} ms, min ${times[0]!.toFixed(0)} ms, max ${times[times.length - 1]!.toFixed(0)} ms`);
  });

  it('stop kills festival and its audio child at once', async () => {
    const engine = new SayEngine();
    const abort = new AbortController();
    const speaking = engine.speak('This is a long sentence that festival would take a while to say. '.repeat(10), { signal: abort.signal });
    await new Promise((r) => setTimeout(r, 100));
    const t0 = performance.now();
    abort.abort(new Error('barge-in'));
    await expect(speaking).rejects.toThrow('barge-in');
    const ms = performance.now() - t0;
    console.log(`festival stop latency (abort -> process exit): ${ms.toFixed(1)} ms`);
    expect(ms).toBeLessThan(1000);
  });
});
