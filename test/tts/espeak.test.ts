import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BeckonError } from '../../main/common/errors.ts';
import { EspeakEngine } from '../../main/tts/espeak.ts';
import { AudioOutput } from '../../main/tts/player.ts';
import { findOnPath } from '../../main/tts/process.ts';
import { PACED_NULL_PLAYER, pacedNullOutput } from '../../main/tts/testing/null-output.ts';
import { parseWavHeader, wavDurationMs } from '../../main/tts/wav.ts';

const run = promisify(execFile);
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'beckon-espeak-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Duration as sox reads the file: an independent check of our WAV. */
async function soxDurationMs(wav: Uint8Array, name: string): Promise<number> {
  const file = join(dir, name);
  await writeFile(file, wav);
  const { stdout } = await run('soxi', ['-D', file]);
  return Number(stdout.trim()) * 1000;
}

describe('EspeakEngine', () => {
  const engine = new EspeakEngine();

  it('synthesizes English to a valid 16-bit mono WAV', async () => {
    const wav = await engine.synthesize('Hello, this is Beckon speaking.', { voice: 'en-us' });
    const header = parseWavHeader(wav)!;
    expect(header.format).toEqual({ sampleRate: 22050, channels: 1, bitsPerSample: 16 });
    expect(header.declaredDataBytes).toBe(wav.length - header.dataOffset);
    const ms = wavDurationMs(wav);
    expect(ms).toBeGreaterThan(800);
    expect(Math.abs((await soxDurationMs(wav, 'en.wav')) - ms)).toBeLessThan(1);
  });

  it('synthesizes Mandarin with the cmn voice', async () => {
    const wav = await engine.synthesize('你好，今天天气很好。', { voice: 'cmn' });
    expect(parseWavHeader(wav)!.format.sampleRate).toBe(22050);
    expect(await soxDurationMs(wav, 'cmn.wav')).toBeGreaterThan(500);
  });

  it('speaks text that looks like options or shell code instead of running it', async () => {
    const marker = join(dir, 'pwned-espeak.wav');
    // The threat is real: without `--`, espeak-ng reads "-w<file>" as "write a WAV to <file>".
    await run('espeak-ng', [`-w${marker}`, 'hello']);
    expect(existsSync(marker)).toBe(true);
    await rm(marker);

    const shellMarker = join(dir, 'pwned-shell');
    const payloads = [
      `-w${marker}`,
      `--stdout -w ${marker}`,
      `$(touch ${shellMarker})`,
      `\`touch ${shellMarker}\``,
      `"; touch ${shellMarker}; echo "`,
      `'; touch ${shellMarker}; '`,
    ];
    for (const text of payloads) {
      const wav = await engine.synthesize(text);
      expect(wavDurationMs(wav), text).toBeGreaterThan(200); // it was spoken
    }
    expect(existsSync(marker)).toBe(false);
    expect(existsSync(shellMarker)).toBe(false);
    expect(engine.buildArgs('-x')).toEqual(['--stdout', '--', '-x']);
  });

  it('rejects voice names that could be options', () => {
    expect(() => engine.buildArgs('hi', { voice: '-w/tmp/x' })).toThrow(BeckonError);
    expect(() => engine.buildArgs('hi', { voice: 'en us; rm' })).toThrow(/not an espeak-ng voice/);
    expect(engine.buildArgs('hi', { voice: 'en+f3', rateWpm: 200 })).toEqual(['--stdout', '-v', 'en+f3', '-s', '200', '--', 'hi']);
  });

  it('reports a missing espeak-ng as TTS_UNAVAILABLE with a hint', async () => {
    const missing = new EspeakEngine({ binary: 'beckon-no-such-espeak' });
    await expect(missing.synthesize('hello')).rejects.toMatchObject({ code: 'TTS_UNAVAILABLE', hint: /apt-get install espeak-ng/ });
  });

  it('streams the first audio quickly (measured, not asserted)', async () => {
    const text = 'Sure, I have opened the settings window for you.';
    const firstAudio: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      for await (const chunk of engine.stream(text)) {
        expect(chunk.length).toBeGreaterThan(0);
        firstAudio.push(performance.now() - t0);
        break; // leaving early must kill espeak-ng, not leak it
      }
    }
    firstAudio.sort((a, b) => a - b);
    console.log(`espeak-ng time to first audio (spawn -> first stdout bytes), 5 runs: median ${firstAudio[2]!.toFixed(1)} ms, min ${firstAudio[0]!.toFixed(1)} ms, max ${firstAudio[4]!.toFixed(1)} ms`);
    expect(firstAudio).toHaveLength(5);
  });

  it('aborting a stream kills espeak-ng and rejects with the reason', async () => {
    const abort = new AbortController();
    const long = 'This is a long text. '.repeat(400);
    const chunks: Uint8Array[] = [];
    const done = (async () => {
      for await (const chunk of engine.stream(long, { signal: abort.signal })) {
        chunks.push(chunk);
        abort.abort(new Error('barge-in'));
      }
    })();
    await expect(done).rejects.toThrow('barge-in');
    expect(chunks.length).toBeGreaterThan(0);
  });
});

describe('EspeakEngine.speak', () => {
  it('fails clearly with NO_AUDIO_OUTPUT when the player cannot open a device', async () => {
    const broken = new AudioOutput([{ name: 'aplay', command: 'aplay', args: ['-q', '-D', 'beckon_no_such_device', '-'] }]);
    const engine = new EspeakEngine({ output: broken });
    const err = await engine.speak('Hello.').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BeckonError);
    expect((err as BeckonError).code).toBe('NO_AUDIO_OUTPUT');
    expect((err as BeckonError).hint).toMatch(/--tts-out/);
  });

  it('fails clearly when no player exists at all', async () => {
    const engine = new EspeakEngine({ output: new AudioOutput([{ name: 'nothing', command: 'beckon-no-such-player', args: [] }]) });
    await expect(engine.speak('Hello.')).rejects.toMatchObject({ code: 'NO_AUDIO_OUTPUT', message: /no audio player found/ });
  });

  it.skipIf(!findOnPath(PACED_NULL_PLAYER.command))('plays through a real-time player and reports audio start', async () => {
    const engine = new EspeakEngine({ output: pacedNullOutput() });
    const t0 = performance.now();
    let audioAt = -1;
    await engine.speak('One short sentence.', { onAudioStart: () => (audioAt = performance.now() - t0) });
    const total = performance.now() - t0;
    expect(audioAt).toBeGreaterThanOrEqual(0);
    // a paced player takes about as long as the speech itself
    expect(total).toBeGreaterThan(700);
    let warmAudioAt = -1;
    const t1 = performance.now();
    await engine.speak('Again.', { onAudioStart: () => (warmAudioAt = performance.now() - t1) });
    expect(warmAudioAt).toBeGreaterThanOrEqual(0);
    console.log(
      `speak() through the paced null player: first audio ${audioAt.toFixed(0)} ms on first use (includes the one-time player probe), ` +
        `${warmAudioAt.toFixed(0)} ms once probed; one sentence done in ${total.toFixed(0)} ms`,
    );
  });
});
