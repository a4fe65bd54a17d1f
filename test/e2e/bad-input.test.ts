// Bad input through the real command: a clear one-line reason, a non-zero exit, nothing hangs.
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { speakToWav, tempDir } from '../support/speech.ts';
import { beckon, kinds } from './cli.ts';
import type { EventOf } from '../../main/common/events.ts';
import { encodeWav } from '../../main/audio/wav.ts';

const dir = tempDir('beckon-bad-');

describe('beckon run with bad input', () => {
  it('says a missing file is missing', async () => {
    const r = await beckon(['run', '--audio', join(dir, 'nope.wav'), '--no-speak']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/^beckon: .*nope\.wav/m);
  });

  it('rejects a file that is not a wav', async () => {
    const path = join(dir, 'notes.wav');
    writeFileSync(path, 'these are my notes, not audio\n');
    const r = await beckon(['run', '--audio', path, '--no-speak']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/^beckon: .*not a wav|^beckon: .*WAV|^beckon: .*RIFF/im);
  });

  it('rejects an empty wav', async () => {
    const path = join(dir, 'empty.wav');
    writeFileSync(path, encodeWav(new Float32Array(0), 16000));
    const r = await beckon(['run', '--audio', path, '--no-speak']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/^beckon: .*(empty|no (audio|samples))/im);
  });

  it('understands a 44.1 kHz stereo wav (resampled, downmixed)', async () => {
    const wav = await speakToWav('pause the music', { rate: 44100, channels: 2 });
    const r = await beckon(['run', '--audio', wav, '--json', '--dry-run', '--no-speak']);
    expect(r.code).toBe(0);
    expect((kinds(r.events, 'Intent') as EventOf<'Intent'>[]).map((i) => i.name)).toEqual(['media.pause']);
  });

  it('finds the speech in an 8 kHz stereo wav and says plainly when it is not understood', async () => {
    // Resampled and downmixed, the VAD finds the speech where it is; pocketsphinx's 16 kHz model
    // does not recognise telephone-band (8 kHz) audio, and the command says so instead of guessing.
    const wav = await speakToWav('pause the music', { rate: 8000, channels: 2 });
    const r = await beckon(['run', '--audio', wav, '--json', '--dry-run', '--no-speak']);
    const vad = kinds(r.events, 'Vad') as EventOf<'Vad'>[];
    expect(vad.map((v) => v.state)).toEqual(['start', 'end']);
    expect(vad[0]!.at).toBeGreaterThan(200);
    expect(vad[1]!.at).toBeLessThan(1800);
    const intents = kinds(r.events, 'Intent') as EventOf<'Intent'>[];
    if (intents.length === 0) {
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(/^beckon: no speech was understood/m);
    } else {
      expect(intents.map((i) => i.name)).toEqual(['media.pause']);
    }
  });

  it('says no speech was understood in a silent wav', async () => {
    const path = join(dir, 'silence.wav');
    writeFileSync(path, encodeWav(new Float32Array(16000 * 3), 16000));
    const r = await beckon(['run', '--audio', path, '--json', '--no-speak']);
    expect(r.code).not.toBe(0);
    expect(kinds(r.events, 'Vad')).toEqual([]);
    expect(r.stderr).toMatch(/^beckon: no speech was understood/m);
  });

  it('names a corrupt Whisper model and what to do', async () => {
    const model = join(dir, 'broken-whisper');
    mkdirSync(model, { recursive: true });
    for (const f of ['encoder_model.onnx', 'decoder_model_merged.onnx']) writeFileSync(join(model, f), 'not a model');
    writeFileSync(join(model, 'tokenizer.json'), '{}');
    const wav = await speakToWav('scroll down');
    const r = await beckon(['run', '--audio', wav, '--engine', 'whisper', '--whisper-model', model, '--json', '--no-speak']);
    expect(r.code).not.toBe(0);
    const errors = kinds(r.events, 'Error') as EventOf<'Error'>[];
    expect(errors.map((e) => e.code)).toContain('MODEL_CORRUPT');
    expect(r.stderr).toMatch(/^beckon: /m);
  });
});
