/**
 * WhisperEngine's errors a user can hit (missing folder, missing or broken files) and the model
 * folder variants it accepts (onnx/ sub-folder of onnx-community repos, English-only models). Plumbing, not accuracy (tiny random-weight model).
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { WhisperEngine } from '../../main/asr/engines/whisper.ts';
import { BeckonError } from '../../main/common/errors.ts';
import type { Logger } from '../../main/core/log.ts';
import { ensureTestWhisperModel, NO_TORCH_REASON, readWav16, speechWav, tempDir, torchAvailable } from './whisper/fixture.ts';

const hasTorch = await torchAvailable();
if (!hasTorch) console.warn(`skipping Whisper error tests that need the generated model: ${NO_TORCH_REASON}`);
const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const FILES = ['encoder_model.onnx', 'decoder_model_merged.onnx', 'tokenizer.json', 'config.json', 'generation_config.json'];

async function initError(modelDir: string): Promise<BeckonError> {
  const engine = new WhisperEngine({ engine: 'whisper', modelDir, executionProvider: 'cpu' }, { logger: quiet });
  const err = await engine.init().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(BeckonError);
  return err as BeckonError;
}

function copyModel(from: string, skip: string[] = [], onnxSubdir = false): string {
  const dir = tempDir();
  if (onnxSubdir) mkdirSync(join(dir, 'onnx'));
  for (const f of FILES) {
    if (skip.includes(f)) continue;
    copyFileSync(join(from, f), join(dir, onnxSubdir && f.endsWith('.onnx') ? join('onnx', f) : f));
  }
  return dir;
}

describe('WhisperEngine errors', () => {
  it('says MODEL_MISSING with the fetch command when the folder does not exist', async () => {
    const err = await initError(join(tempDir(), 'no-such-whisper'));
    expect(err.code).toBe('MODEL_MISSING');
    expect(err.message).toContain('no-such-whisper');
    expect(err.hint).toContain('npx beckon models fetch whisper-base');
  });

  it('says MODEL_MISSING for an empty folder, naming the missing files', async () => {
    const err = await initError(tempDir());
    expect(err.code).toBe('MODEL_MISSING');
    expect(err.message).toContain('encoder_model.onnx');
    expect(err.message).toContain('decoder_model_merged.onnx');
  });

  it('refuses transcribe() before init()', async () => {
    const engine = new WhisperEngine({ engine: 'whisper', modelDir: tempDir() }, { logger: quiet });
    await expect(engine.transcribe({ samples: new Float32Array(160), final: true })).rejects.toMatchObject({ code: 'NOT_READY' });
  });

  describe.skipIf(!hasTorch)('with the generated model', () => {
    let model: string;
    beforeAll(async () => {
      model = await ensureTestWhisperModel();
    });

    it('says MODEL_MISSING when tokenizer.json is missing', async () => {
      const err = await initError(copyModel(model, ['tokenizer.json']));
      expect(err.code).toBe('MODEL_MISSING');
      expect(err.message).toContain('tokenizer.json');
      expect(err.hint).toContain('npx beckon models fetch');
    });

    it('says MODEL_CORRUPT for a damaged encoder .onnx', async () => {
      const dir = copyModel(model);
      writeFileSync(join(dir, 'encoder_model.onnx'), Buffer.from('this is not a protobuf at all'));
      const err = await initError(dir);
      expect(err.code).toBe('MODEL_CORRUPT');
      expect(err.message).toContain('encoder_model.onnx');
    });

    it('says MODEL_CORRUPT for a truncated decoder .onnx', async () => {
      const dir = copyModel(model);
      const bytes = readFileSync(join(model, 'decoder_model_merged.onnx'));
      writeFileSync(join(dir, 'decoder_model_merged.onnx'), bytes.subarray(0, bytes.length / 3));
      const err = await initError(dir);
      expect(err.code).toBe('MODEL_CORRUPT');
      expect(err.message).toContain('decoder_model_merged.onnx');
    });

    it('says MODEL_CORRUPT for a tokenizer.json that is not JSON', async () => {
      const dir = copyModel(model);
      writeFileSync(join(dir, 'tokenizer.json'), '{"model": ');
      const err = await initError(dir);
      expect(err.code).toBe('MODEL_CORRUPT');
      expect(err.message).toContain('tokenizer');
    });

    it('rejects a decoder that is not a merged Whisper decoder (the encoder given twice)', async () => {
      const dir = copyModel(model);
      copyFileSync(join(model, 'encoder_model.onnx'), join(dir, 'decoder_model_merged.onnx'));
      const err = await initError(dir);
      expect(err.code).toBe('MODEL_UNSUPPORTED');
    });

    it('loads the onnx/ sub-folder layout of onnx-community repos and transcribes the same', async () => {
      const samples = readWav16(await speechWav('good morning', tempDir()));
      const tuning = { logger: quiet, logProbThreshold: -Infinity, noSpeechThreshold: 1 };
      const flat = new WhisperEngine({ engine: 'whisper', modelDir: model, executionProvider: 'cpu' }, tuning);
      const nested = new WhisperEngine({ engine: 'whisper', modelDir: copyModel(model, [], true), executionProvider: 'cpu' }, tuning);
      await flat.init();
      await nested.init();
      expect(nested.modelFiles!.encoder).toContain(join('onnx', 'encoder_model.onnx'));
      const a = await flat.transcribeDetailed({ samples, final: true, lang: 'en' });
      const b = await nested.transcribeDetailed({ samples, final: true, lang: 'en' });
      expect(b.decode!.tokens).toEqual(a.decode!.tokens);
      await flat.dispose();
      await nested.dispose();
    });

    it('prompts an English-only (*.en) model with <|startoftranscript|> <|notimestamps|> and reports en', async () => {
      const dir = copyModel(model);
      const gen = JSON.parse(readFileSync(join(dir, 'generation_config.json'), 'utf8'));
      writeFileSync(join(dir, 'generation_config.json'), JSON.stringify({ ...gen, is_multilingual: false }));
      const engine = new WhisperEngine({ engine: 'whisper', modelDir: dir, executionProvider: 'cpu' }, { logger: quiet, logProbThreshold: -Infinity, noSpeechThreshold: 1 });
      await engine.init();
      const samples = readWav16(await speechWav('hello', tempDir()));
      const r = await engine.transcribeDetailed({ samples, final: true });
      const tok = engine.tokenizer;
      expect(r.decode!.promptTokens).toEqual([tok.sot, tok.noTimestamps]);
      expect(r.lang).toBe('en');
      expect(r.decode!.languageDetected).toBe(false);
      await engine.dispose();
    });

    it('says LANGUAGE_UNSUPPORTED for a language the model lacks', async () => {
      const engine = new WhisperEngine({ engine: 'whisper', modelDir: model, executionProvider: 'cpu', language: 'xx' }, { logger: quiet, noSpeechThreshold: 1 });
      await engine.init();
      const samples = readWav16(await speechWav('hello', tempDir()));
      await expect(engine.transcribe({ samples, final: true })).rejects.toMatchObject({ code: 'LANGUAGE_UNSUPPORTED' });
      await engine.dispose();
    });
  });
});
