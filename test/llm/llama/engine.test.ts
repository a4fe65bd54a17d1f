/**
 * The node-llama-cpp engine on a generated qwen2 GGUF (real architecture and tokenizer, RANDOM
 * weights: main/models/llm). These tests check plumbing — loading in a worker process, streaming,
 * cancelling, errors — never what the model says.
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, rm, stat, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect } from '../../support/llm.ts';
import { createLlamaEngine, type LlamaEngine } from '../../../main/llm/llama/engine.ts';
import { createToolset } from '../../../main/llm/tools.ts';
import { ensureQwen2TestTiny } from '../../../main/models/llm/qwen2-gguf.ts';
import type { LlmChunk, LlmMessage } from '../../../main/llm/engine.ts';

let modelPath: string;
let dir: string;
let engine: LlamaEngine;
const QUESTION: LlmMessage[] = [
  { role: 'system', content: 'You are Beckon, a desktop assistant.' },
  { role: 'user', content: 'what can you do' },
];

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'beckon-llama-'));
  modelPath = await ensureQwen2TestTiny();
  // one thread: the tests share two cores with other test files
  engine = createLlamaEngine({ modelPath, contextSize: 2048, gpu: false, threads: 1, seed: 7, maxTokens: 6 });
}, 60_000);

afterAll(async () => {
  await engine?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});


describe('createLlamaEngine (node-llama-cpp in a worker process)', () => {
  it('loads the GGUF in its own process and says what it chose', async () => {
    const info = await engine.start();
    expect(info).toMatchObject({ gpu: false, gpuLayers: 0, contextSize: 2048, architecture: 'qwen2' });
    expect(info.modelName).toMatch(/random weights/);
    // the chat format comes from the model's own template and architecture
    expect(info.chatWrapper).toMatch(/Qwen|ChatML|Jinja/i);
  }, 60_000);

  it('streams text pieces and ends with done; maxTokens bounds the answer', async () => {
    const chunks = await collect(engine.stream({ messages: QUESTION }));
    const texts = chunks.filter((c) => c.type === 'text');
    expect(texts.length).toBeGreaterThan(0);
    expect(texts.length).toBeLessThanOrEqual(6);
    expect(chunks.at(-1)).toMatchObject({ type: 'done' });
    expect(['length', 'stop']).toContain((chunks.at(-1) as { finishReason: string }).finishReason);
  }, 60_000);

  it('with the commands offered as tools (grammar-constrained function calling) an answer still completes', async () => {
    const chunks = await collect(engine.stream({ messages: QUESTION, tools: createToolset() }));
    expect(chunks.at(-1)).toMatchObject({ type: 'done' });
    // random weights decide between text and a call; whatever came must be well-formed
    for (const call of chunks.filter((c) => c.type === 'tool-call')) expect(() => JSON.parse(call.arguments)).not.toThrow();
  }, 60_000);

  it('reading the system prompt and tools ahead (prepare) leaves the model ready for a question', async () => {
    const tools = createToolset();
    await engine.prepare({ messages: [QUESTION[0]!], tools });
    const chunks = await collect(engine.stream({ messages: QUESTION, tools }));
    expect(chunks.at(-1)).toMatchObject({ type: 'done' });
  }, 90_000);

  const noGpuHere = !existsSync('/dev/nvidia0') && !existsSync('/dev/dri');
  if (!noGpuHere) console.warn('skipping the no-GPU fallback test: this machine has a GPU device');
  it.skipIf(!noGpuHere)('without a GPU device, gpu "auto" runs on the CPU (not on a Vulkan loader that has no device)', async () => {
    const auto = createLlamaEngine({ modelPath, contextSize: 512, threads: 1 });
    try {
      expect(await auto.start()).toMatchObject({ gpu: false, gpuLayers: 0 });
    } finally {
      await auto.close();
    }
  }, 60_000);

  it('an abort stops the stream at once and the next question is answered', async () => {
    const controller = new AbortController();
    const long = createLlamaEngine({ modelPath, contextSize: 1024, gpu: false, threads: 1, seed: 7, maxTokens: 200 });
    try {
      await long.start();
      const seen: LlmChunk[] = [];
      for await (const chunk of long.stream({ messages: QUESTION, signal: controller.signal })) {
        seen.push(chunk);
        if (seen.length === 2) controller.abort();
      }
      expect(seen.length).toBe(2); // nothing after the abort, not even 'done'
      const next = await collect(long.stream({ messages: QUESTION }));
      expect(next.at(-1)).toMatchObject({ type: 'done' });
    } finally {
      await long.close();
    }
  }, 90_000);

  it('a tool list that does not fit a small context is a clear LLM_CONTEXT_TOO_SMALL', async () => {
    const small = createLlamaEngine({ modelPath, contextSize: 256, gpu: false, threads: 1, maxTokens: 4 });
    try {
      await expect(collect(small.stream({ messages: QUESTION, tools: createToolset() }))).rejects.toMatchObject({ code: 'LLM_CONTEXT_TOO_SMALL', hint: expect.stringContaining('contextSize') });
    } finally {
      await small.close();
    }
  }, 60_000);
});

describe('bad model files', () => {
  it('a missing file and a file that is not GGUF fail before a process starts', async () => {
    await expect(createLlamaEngine({ modelPath: path.join(dir, 'missing.gguf') }).start()).rejects.toMatchObject({ code: 'LLM_MODEL_MISSING' });
    const notGguf = path.join(dir, 'notes.gguf');
    await writeFile(notGguf, 'this is a text file, not a model\n');
    const bad = createLlamaEngine({ modelPath: notGguf });
    await expect(bad.start()).rejects.toMatchObject({ code: 'LLM_MODEL_NOT_GGUF' });
    await bad.close();
  });

  it('a GGUF cut short loads with a clear LLM_MODEL_LOAD_FAILED and the engine keeps running', async () => {
    const cut = path.join(dir, 'cut.gguf');
    await copyFile(modelPath, cut);
    await truncate(cut, Math.floor((await stat(modelPath)).size / 2));
    const broken = createLlamaEngine({ modelPath: cut, gpu: false, threads: 1 });
    try {
      await expect(broken.start()).rejects.toMatchObject({ code: 'LLM_MODEL_LOAD_FAILED', hint: expect.stringContaining('download it again') });
      // asking anyway gives the same error instead of hanging
      await expect(collect(broken.stream({ messages: QUESTION }))).rejects.toMatchObject({ code: 'LLM_MODEL_LOAD_FAILED' });
    } finally {
      await broken.close();
    }
  }, 60_000);
});
