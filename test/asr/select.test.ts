import { afterEach, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chooseAsrEngine, WHISPER_MODEL_FILES } from '../../main/asr/select.ts';
import { isPocketsphinxAvailable } from '../../main/asr/engines/pocketsphinx.ts';
import { BeckonError } from '../../main/common/errors.ts';

const pocketsphinx = await isPocketsphinxAvailable();
if (!pocketsphinx) console.warn('skipping the pocketsphinx choices: pocketsphinx is not installed');

const dirs: string[] = [];
async function whisperDir(files: readonly string[]): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'beckon-whisper-'));
  dirs.push(dir);
  for (const f of files) await writeFile(path.join(dir, f), 'x');
  return dir;
}

afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

describe('chooseAsrEngine', () => {
  it('takes Whisper when its model folder is complete', async () => {
    const dir = await whisperDir(WHISPER_MODEL_FILES);
    expect(await chooseAsrEngine({ whisperModelDir: dir, jsgf: 'x' })).toEqual({ engine: 'whisper', modelDir: dir });
  });

  it.skipIf(!pocketsphinx)('falls back to pocketsphinx, with the grammar, when a Whisper file is missing', async () => {
    const dir = await whisperDir(['encoder_model.onnx', 'tokenizer.json']);
    expect(await chooseAsrEngine({ whisperModelDir: dir, jsgf: 'G' })).toEqual({ engine: 'pocketsphinx', jsgf: 'G' });
  });

  it.skipIf(!pocketsphinx)('honours prefer: pocketsphinx', async () => {
    const dir = await whisperDir(WHISPER_MODEL_FILES);
    expect((await chooseAsrEngine({ whisperModelDir: dir, prefer: 'pocketsphinx' })).engine).toBe('pocketsphinx');
  });

  it('says how to get an engine when there is none', async () => {
    const saved = process.env.PATH;
    process.env.PATH = '';
    try {
      const err = await chooseAsrEngine({ whisperModelDir: '/nonexistent' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(BeckonError);
      expect((err as BeckonError).code).toBe('NO_ASR_ENGINE');
      expect((err as BeckonError).hint).toContain('sudo apt-get install pocketsphinx pocketsphinx-en-us');
      expect((err as BeckonError).hint).toContain('npx beckon models fetch whisper-base');
    } finally {
      process.env.PATH = saved;
    }
  });
});
