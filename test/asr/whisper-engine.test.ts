/**
 * WhisperEngine on the tiny random-weight test model (models/whisper/make-test-model.py).
 * These tests check plumbing, not accuracy: the model's transcripts are gibberish by design.
 * What is checked: KV-cached decoding equals full recomputation, language detection and forcing,
 * special-token suppression, the guards, trimming/padding of the window, the CPU fallback.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WhisperEngine, type WhisperTuning } from '../../main/asr/engines/whisper.ts';
import { WhisperMel } from '../../main/asr/engines/whisper/mel.ts';
import { cudaLibraryPresent, providerCandidates } from '../../main/asr/engines/whisper/session.ts';
import type { Logger } from '../../main/core/log.ts';
import { ensureTestWhisperModel, NO_TORCH_REASON, readWav16, speechWav, tempDir, torchAvailable } from './whisper/fixture.ts';

const hasTorch = await torchAvailable();
if (!hasTorch) console.warn(`skipping Whisper engine tests: ${NO_TORCH_REASON}`);

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };
/** Guards off: the random model is never confident, and these tests look at decoding itself. */
const noGuards: Partial<WhisperTuning> = { logProbThreshold: -Infinity, noSpeechThreshold: 1, logger: quiet };

describe.skipIf(!hasTorch)('WhisperEngine (tiny test model)', () => {
  let modelDir: string;
  let engine: WhisperEngine;
  let speech: Float32Array;
  let mandarin: Float32Array;
  let addedTokens: Map<string, number>;

  beforeAll(async () => {
    modelDir = await ensureTestWhisperModel();
    engine = new WhisperEngine({ engine: 'whisper', modelDir, executionProvider: 'cpu' }, noGuards);
    await engine.init();
    const dir = tempDir();
    speech = readWav16(await speechWav('open the browser and search for the weather', dir, 'en'));
    mandarin = readWav16(await speechWav('你好，今天天气怎么样', dir, 'zh', 'cmn'));
    const json = JSON.parse(readFileSync(join(modelDir, 'tokenizer.json'), 'utf8')) as { added_tokens: { id: number; content: string }[] };
    addedTokens = new Map(json.added_tokens.map((t) => [t.content, t.id]));
  });
  afterAll(() => engine?.dispose());

  it('gives exactly the same tokens with the KV cache as with full recomputation', async () => {
    for (const lang of ['en', 'zh', undefined]) {
      const cached = await engine.transcribeDetailed({ samples: speech, final: true, lang });
      const full = await engine.transcribeDetailed({ samples: speech, final: true, lang }, { useCache: false });
      expect(cached.decode!.tokens.length).toBeGreaterThan(10); // a long enough sequence to mean something
      expect(cached.decode!.tokens).toEqual(full.decode!.tokens);
      expect(cached.decode!.logprobs.length).toBe(full.decode!.logprobs.length);
      cached.decode!.logprobs.forEach((lp, i) => expect(lp).toBeCloseTo(full.decode!.logprobs[i]!, 3));
      // one decoder run per token with the cache, prompt run included
      const detectionRuns = lang === undefined ? 1 : 0;
      expect(cached.decode!.steps).toBe(detectionRuns + cached.decode!.tokens.length + (cached.decode!.stoppedBy === 'eot' ? 1 : 0));
    }
  });

  it('decodes its tokens with the tokenizer and never outputs special tokens', async () => {
    for (const [samples, lang] of [[speech, 'en'], [mandarin, 'zh'], [mandarin, undefined]] as const) {
      const r = await engine.transcribeDetailed({ samples, final: true, lang });
      const tokens = r.decode!.tokens;
      expect(tokens.some((t) => engine.tokenizer.isSpecial(t))).toBe(false);
      expect(r.rawText).toBe(engine.tokenizer.decode(tokens).trim());
      expect(r.rawText).not.toMatch(/<\|/);
      expect(r.text.length).toBeGreaterThan(0);
    }
  });

  it('detects the language as the argmax over language tokens after <|startoftranscript|>', async () => {
    const r = await engine.transcribeDetailed({ samples: mandarin, final: true });
    // recompute independently: our own encoder + decoder sessions on the same features
    const encoder = await ort.InferenceSession.create(join(modelDir, 'encoder_model.onnx'));
    const decoder = await ort.InferenceSession.create(join(modelDir, 'decoder_model_merged.onnx'));
    const features = new WhisperMel().compute(mandarin);
    const hidden = (await encoder.run({ input_features: new ort.Tensor('float32', features, [1, 80, 3000]) })).last_hidden_state!;
    const feeds: Record<string, ort.Tensor> = {
      input_ids: new ort.Tensor('int64', BigInt64Array.of(BigInt(addedTokens.get('<|startoftranscript|>')!)), [1, 1]),
      encoder_hidden_states: hidden,
      use_cache_branch: new ort.Tensor('bool', [false], [1]),
    };
    for (const meta of decoder.inputMetadata.filter((m) => m.name.startsWith('past_key_values.'))) {
      const [, heads, , headDim] = (meta as { shape: readonly (number | string)[] }).shape as [unknown, number, unknown, number];
      feeds[meta.name] = new ort.Tensor('float32', new Float32Array(0), [1, heads, 0, headDim]);
    }
    const logits = (await decoder.run(feeds)).logits!.data as Float32Array;
    const languages = [...addedTokens].filter(([c]) => /^<\|[a-z]{2,3}\|>$/.test(c));
    const best = languages.reduce((a, b) => (logits[b[1]]! > logits[a[1]]! ? b : a));
    expect(r.lang).toBe(best[0].slice(2, -2));
    expect(r.decode!.languageDetected).toBe(true);
    expect(r.decode!.promptTokens[1]).toBe(best[1]);
    await encoder.release();
    await decoder.release();
  });

  it('puts the forced language token in the prompt: <|startoftranscript|> <|zh|> <|transcribe|> <|notimestamps|>', async () => {
    const r = await engine.transcribeDetailed({ samples: speech, final: true, lang: 'zh' });
    expect(r.decode!.promptTokens).toEqual(['<|startoftranscript|>', '<|zh|>', '<|transcribe|>', '<|notimestamps|>'].map((t) => addedTokens.get(t)));
    expect(r.lang).toBe('zh');
    expect(r.decode!.languageDetected).toBe(false);
    const en = await engine.transcribeDetailed({ samples: speech, final: true, lang: 'en' });
    expect(en.decode!.promptTokens[1]).toBe(addedTokens.get('<|en|>'));
  });

  it('returns no text for silence without running any model', async () => {
    const sessionClass = ort.InferenceSession as unknown as { prototype: ort.InferenceSession };
    const run = vi.spyOn(sessionClass.prototype, 'run');
    try {
      const r = await engine.transcribeDetailed({ samples: new Float32Array(3 * 16_000), final: true });
      expect(r).toMatchObject({ text: '', confidence: 0, rejectedBy: 'silence' });
      expect(r.decode).toBeUndefined();
      expect(run).not.toHaveBeenCalled();
      // the spy does see the engine's runs: speech goes through encoder and decoder
      await engine.transcribeDetailed({ samples: speech, final: true, lang: 'en' });
      expect(run).toHaveBeenCalled();
    } finally {
      run.mockRestore();
    }
  });

  it('serves overlapping calls one after another with the same results as sequential ones', async () => {
    const [a, b] = await Promise.all([
      engine.transcribeDetailed({ samples: speech, final: true, lang: 'en' }),
      engine.transcribeDetailed({ samples: mandarin, final: true, lang: 'zh' }),
    ]);
    expect(a.decode!.tokens).toEqual((await engine.transcribeDetailed({ samples: speech, final: true, lang: 'en' })).decode!.tokens);
    expect(b.decode!.tokens).toEqual((await engine.transcribeDetailed({ samples: mandarin, final: true, lang: 'zh' })).decode!.tokens);
    expect(a.decode!.tokens).not.toEqual(b.decode!.tokens);
  });

  it('stops at maxTokens', async () => {
    const short = new WhisperEngine({ engine: 'whisper', modelDir, executionProvider: 'cpu', maxTokens: 5 }, noGuards);
    await short.init();
    const r = await short.transcribeDetailed({ samples: speech, final: true, lang: 'en' });
    const full = await engine.transcribeDetailed({ samples: speech, final: true, lang: 'en' });
    expect(r.decode!.tokens.length).toBeLessThanOrEqual(5);
    if (full.decode!.tokens.length > 5) {
      expect(r.decode!.stoppedBy).toBe('maxTokens');
      expect(r.decode!.tokens).toEqual(full.decode!.tokens.slice(0, 5));
    }
    await short.dispose();
  });

  it('pads short audio and keeps only the last 30 s of long audio', async () => {
    const long = new Float32Array(40 * 16_000);
    long.set(mandarin, 0); // outside the last 30 s: must not matter
    long.set(speech, long.length - speech.length);
    const lastWindow = long.slice(long.length - 30 * 16_000);
    const a = await engine.transcribeDetailed({ samples: long, final: false, lang: 'en' });
    const b = await engine.transcribeDetailed({ samples: lastWindow, final: true, lang: 'en' });
    expect(a.decode!.tokens).toEqual(b.decode!.tokens);
  });

  it('reports confidence = exp(average log-probability) and drops results under the threshold', async () => {
    const r = await engine.transcribeDetailed({ samples: speech, final: true, lang: 'en' });
    const avg = r.decode!.avgLogprob;
    expect(avg).toBeCloseTo(r.decode!.logprobs.reduce((s, x) => s + x, 0) / r.decode!.logprobs.length, 9);
    expect(r.confidence).toBeCloseTo(Math.min(1, Math.exp(avg)), 9);
    const strict = new WhisperEngine({ engine: 'whisper', modelDir, executionProvider: 'cpu' }, { ...noGuards, logProbThreshold: avg + 0.01 });
    await strict.init();
    const rejected = await strict.transcribeDetailed({ samples: speech, final: true, lang: 'en' });
    expect(rejected).toMatchObject({ text: '', confidence: 0, rejectedBy: 'lowConfidence' });
    await strict.dispose();
  });

  it('stops after the first decoder step when the no-speech probability is over the threshold', async () => {
    const strict = new WhisperEngine({ engine: 'whisper', modelDir, executionProvider: 'cpu' }, { ...noGuards, noSpeechThreshold: 0 });
    await strict.init();
    const r = await strict.transcribeDetailed({ samples: speech, final: true, lang: 'en' });
    expect(r.decode!.noSpeechProb).toBeGreaterThan(0); // the vocab has <|nocaptions|>
    expect(r).toMatchObject({ text: '', confidence: 0, rejectedBy: 'noSpeech' });
    expect(r.decode!.steps).toBe(1);
    await strict.dispose();
  });

  it('drops a transcript that is on the hallucination blocklist', async () => {
    const plain = await engine.transcribeDetailed({ samples: speech, final: true, lang: 'en' });
    const blocking = new WhisperEngine({ engine: 'whisper', modelDir, executionProvider: 'cpu' }, { ...noGuards, hallucinations: [plain.text.toUpperCase()] });
    await blocking.init();
    const r = await blocking.transcribeDetailed({ samples: speech, final: true, lang: 'en' });
    expect(r).toMatchObject({ text: '', confidence: 0, rejectedBy: 'hallucination' });
    await blocking.dispose();
  });

  it("falls back to the CPU when 'cuda' is asked for and cannot load, and says so", async () => {
    let cudaWorks = true;
    try {
      await (await ort.InferenceSession.create(join(modelDir, 'encoder_model.onnx'), { executionProviders: ['cuda'] })).release();
    } catch {
      cudaWorks = false;
    }
    const warnings: string[] = [];
    const logger: Logger = { ...quiet, warn: (m) => warnings.push(m) };
    const e = new WhisperEngine({ engine: 'whisper', modelDir, executionProvider: 'cuda' }, { ...noGuards, logger });
    await e.init();
    expect(e.executionProvider).toBe(cudaWorks ? 'cuda' : 'cpu');
    if (!cudaWorks) expect(warnings.some((w) => w.includes('cuda'))).toBe(true);
    const r = await e.transcribeDetailed({ samples: speech, final: true, lang: 'en' });
    const ref = await engine.transcribeDetailed({ samples: speech, final: true, lang: 'en' });
    expect(r.decode!.tokens).toEqual(ref.decode!.tokens);
    await e.dispose();
  });

  it("accepts BCP-47 style language codes: 'zh-CN' and 'cmn' mean <|zh|>, 'en-US' means <|en|>", async () => {
    for (const [code, lang] of [['zh-CN', 'zh'], ['cmn', 'zh'], ['en-US', 'en'], ['EN', 'en']] as const) {
      const r = await engine.transcribeDetailed({ samples: speech, final: true, lang: code });
      expect(r.lang).toBe(lang);
      expect(r.decode!.promptTokens[1]).toBe(addedTokens.get(`<|${lang}|>`));
    }
  });

  it("with 'auto' uses the CPU here only when no accelerator library is installed, and runs", async () => {
    const e = new WhisperEngine({ engine: 'whisper', modelDir, executionProvider: 'auto' }, noGuards);
    await e.init();
    if (!cudaLibraryPresent() && process.platform === 'linux') expect(e.executionProvider).toBe('cpu');
    expect(e.decoderExecutionProvider).toBe(e.executionProvider);
    const r = await e.transcribe({ samples: speech, final: true, lang: 'en' });
    expect(r.text.length).toBeGreaterThan(0);
    await e.dispose();
  });

  it('is what the ASR worker builds for an engine: whisper config', async () => {
    const { createEngine } = await import('../../main/asr/engines/index.ts');
    const built = await createEngine({ engine: 'whisper', modelDir, executionProvider: 'cpu' });
    expect(built).toBeInstanceOf(WhisperEngine);
    expect(built.name).toBe('whisper');
    await built.init();
    const silent = await built.transcribe({ samples: new Float32Array(16_000), final: true, lang: 'en' });
    expect(silent).toEqual({ text: '', confidence: 0, lang: 'en' });
    await built.dispose();
  });

  it('chooses accelerators by platform and always ends with the CPU', () => {
    expect(providerCandidates('auto', 'linux')).toEqual(['cuda', 'cpu']);
    expect(providerCandidates('auto', 'win32')).toEqual(['cuda', 'dml', 'cpu']);
    expect(providerCandidates('auto', 'darwin')).toEqual(['coreml', 'cpu']);
    expect(providerCandidates('auto', 'freebsd')).toEqual(['cpu']);
    expect(providerCandidates('cpu', 'linux')).toEqual(['cpu']);
    expect(providerCandidates('dml', 'win32')).toEqual(['dml', 'cpu']);
  });

  it('answers through the AsrEngine interface with text, confidence and language only', async () => {
    const r = await engine.transcribe({ samples: speech, final: true, lang: 'en' });
    expect(Object.keys(r).sort()).toEqual(['confidence', 'lang', 'text']);
    expect(r.lang).toBe('en');
    expect(r.confidence).toBeGreaterThan(0);
    expect(r.confidence).toBeLessThanOrEqual(1);
  });
});
