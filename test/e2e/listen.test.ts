// `beckon listen` through the real node-record-lpcm16 code path, fed by a fake microphone:
// a stand-in `arecord`/`sox`/`rec` on PATH that plays espeak-ng speech in real time (ffmpeg -re).
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { speakToWav, tempDir } from '../support/speech.ts';
import { beckon, kinds } from './cli.ts';
import type { EventOf } from '../../main/common/events.ts';

function fakeMicrophone(wav: string, trailingSilenceS: number): string {
  const bin = join(tempDir('beckon-mic-'), 'bin');
  mkdirSync(bin);
  const play = `#!/bin/sh\nexec ffmpeg -hide_banner -loglevel error -re -i "${wav}" -af apad=pad_dur=${trailingSilenceS} -f s16le -ac 1 -ar 16000 -\n`;
  for (const name of ['arecord', 'sox', 'rec']) {
    writeFileSync(join(bin, name), play);
    chmodSync(join(bin, name), 0o755);
  }
  return bin;
}

describe('beckon listen (fake microphone)', () => {
  it('hears a command live, acts, answers, and stops cleanly on Ctrl-C', async () => {
    const wav = await speakToWav('what time is it', { voice: 'en-gb', speed: 150 });
    const bin = fakeMicrophone(wav, 30);
    const r = await beckon(['listen', '--json', '--dry-run', '--no-speak'], {
      env: { PATH: `${bin}${delimiter}${process.env.PATH}` },
      untilStdout: /latency.speech_end_to_first_audio_ms/,
      timeoutMs: 30_000,
    });
    expect(r.code).toBe(0);
    expect((kinds(r.events, 'Intent') as EventOf<'Intent'>[]).map((i) => i.name)).toEqual(['time.query']);
    expect((kinds(r.events, 'Reply') as EventOf<'Reply'>[])[0]!.text).toMatch(/^It is \d{1,2}:\d{2} [AP]M\.$/);
    // Paced like a microphone, the real end of speech is known: the endpointing delay is measured.
    const metrics = (kinds(r.events, 'Metric') as EventOf<'Metric'>[]).map((m) => m.name);
    expect(metrics).toContain('latency.speech_end_to_first_audio_ms');
  });

  it('says clearly when the microphone cannot be opened', async () => {
    const r = await beckon(['listen', '--json', '--no-speak', '--recorder', 'arecord', '--device', 'no_such_device_beckon'], { timeoutMs: 20_000 });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^beckon: .*arecord/m);
    expect((kinds(r.events, 'Error') as EventOf<'Error'>[])[0]).toMatchObject({ fatal: true, code: expect.stringMatching(/^MIC_/) });
  });
});
