/**
 * The tiny random-weight qwen2 GGUF (built by `npx beckon models build`) in node-llama-cpp: load,
 * tokenizer round trips, chat with the ChatML template, JSON-schema grammar, and reproducible bytes.
 * The weights are random: every test here checks plumbing, never the content of an answer.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getLlama, LlamaChatSession, type Llama, type LlamaModel } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileSha256 } from '../../../main/models/build.ts';
import { findModel } from '../../../main/models/manifest.ts';
import { ensureQwen2TestTiny, QWEN2_TEST_TINY_MODEL, QWEN2_TINY, qwen2TestTinyBuilder, writeQwen2Gguf } from '../../../main/models/llm/qwen2-gguf.ts';
import { buildVocabulary } from '../../../main/models/llm/vocabulary.ts';

let llama: Llama;
let model: LlamaModel;

beforeAll(async () => {
  const path = await ensureQwen2TestTiny();
  llama = await getLlama({ gpu: false });
  model = await llama.loadModel({ modelPath: path });
});

afterAll(async () => {
  await model?.dispose();
});

describe('qwen2-test-tiny in node-llama-cpp (plumbing, random weights)', () => {
  it('is read as a qwen2 model with the self-made vocabulary and Qwen special tokens', () => {
    const vocab = buildVocabulary();
    expect(model.fileInfo.metadata.general.architecture).toBe('qwen2');
    expect(model.fileInsights.trainContextSize).toBe(QWEN2_TINY.contextLength);
    expect(model.tokenizer.detokenize([model.tokens.eos!], true)).toBe('<|im_end|>');
    expect(model.tokenizer.detokenize([model.tokens.bos!], true)).toBe('<|endoftext|>');
    expect(model.fileInfo.metadata.tokenizer.ggml.tokens).toHaveLength(vocab.tokens.length);
  });

  it.each(['turn the volume up', 'Grüße, naïve café — 日本語 🎉👍🏽 \n\ttabs & "quotes" {"a": 1}'])('tokenizes and detokenizes %j back to the same text', (text) => {
    const tokens = model.tokenize(text);
    expect(tokens.length).toBeGreaterThan(0);
    expect(model.detokenize(tokens)).toBe(text);
  });

  it('uses learned merges for command words (fewer tokens than bytes)', () => {
    const text = 'turn the volume up';
    expect(model.tokenize(text).length).toBeLessThan(Buffer.byteLength(text) / 2);
  });

  it('parses the special tokens only when asked to', () => {
    expect(model.tokenize('<|im_start|>', true)).toHaveLength(1);
    expect(model.tokenize('<|im_start|>', false).length).toBeGreaterThan(1);
  });

  it('chats with the ChatML template detected and streams tokens (the text itself is random)', async () => {
    const context = await model.createContext({ contextSize: 1024, threads: 1 });
    try {
      const session = new LlamaChatSession({ contextSequence: context.getSequence(), systemPrompt: 'You are Beckon.' });
      // node-llama-cpp recognises Qwen2.5's template and uses its ChatML (Qwen) wrapper
      expect(session.chatWrapper.wrapperName).toBe('Qwen');
      let streamed = 0;
      const result = await session.promptWithMeta('turn the volume up', { maxTokens: 8, onResponseChunk: (chunk) => (streamed += chunk.tokens.length) });
      expect(streamed).toBeGreaterThan(0);
      expect(streamed).toBeLessThanOrEqual(8);
      const prompt = session.chatWrapper.generateContextState({ chatHistory: session.getChatHistory() }).contextText.toString();
      expect(prompt).toContain('<|im_start|>system\nYou are Beckon.<|im_end|>\n<|im_start|>user\nturn the volume up<|im_end|>\n<|im_start|>assistant\n');
      expect(['maxTokens', 'eogToken', 'stopGenerationTrigger']).toContain(result.stopReason);
    } finally {
      await context.dispose();
    }
  });

  it('generates JSON that follows a JSON-schema grammar (parses; values are random)', async () => {
    const context = await model.createContext({ contextSize: 1024, threads: 1 });
    try {
      const session = new LlamaChatSession({ contextSequence: context.getSequence() });
      const grammar = await llama.createGrammarForJsonSchema({
        type: 'object',
        properties: { action: { enum: ['volume_up', 'volume_down', 'mute'] }, steps: { enum: [1, 2, 3] } },
        required: ['action', 'steps'],
      } as const);
      const text = await session.prompt('turn the volume up', { grammar, maxTokens: 200 });
      const parsed = grammar.parse(text);
      expect(['volume_up', 'volume_down', 'mute']).toContain(parsed.action);
      expect([1, 2, 3]).toContain(parsed.steps);
      expect(JSON.parse(text)).toEqual(parsed);
    } finally {
      await context.dispose();
    }
  });
});

describe('qwen2-test-tiny build', () => {
  const dir = mkdtempSync(join(tmpdir(), 'beckon-qwen2-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is reproducible: two builds give the same bytes, the sha256 in models/manifest.json', async () => {
    const first = fileSha256(await qwen2TestTinyBuilder.build(join(dir, 'a')));
    const second = fileSha256(await qwen2TestTinyBuilder.build(join(dir, 'b')));
    expect(second).toBe(first);
    expect(first).toBe(findModel(QWEN2_TEST_TINY_MODEL).sha256);
  });

  it('a different seed gives different weights', () => {
    writeQwen2Gguf(join(dir, 'seed1.gguf'), QWEN2_TINY);
    writeQwen2Gguf(join(dir, 'seed9.gguf'), { ...QWEN2_TINY, seed: 9 });
    expect(fileSha256(join(dir, 'seed9.gguf'))).not.toBe(fileSha256(join(dir, 'seed1.gguf')));
  });
});
