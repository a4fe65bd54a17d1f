// How the local engine copes when its worker misbehaves: a stand-in worker (fixtures/fake-llama-worker.ts,
// the real protocol) crashes while loading, hangs on an answer, or keeps a request queued.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLlamaEngine, type LlamaEngine } from '../../../main/llm/llama/engine.ts';
import { ensureQwen2TestTiny } from '../../../main/models/llm/qwen2-gguf.ts';
import { collect } from '../../support/llm.ts';

const workerEntry = new URL('./fixtures/fake-llama-worker.ts', import.meta.url);
const QUESTION = [{ role: 'user' as const, content: 'hello' }];
let modelPath: string; // a real GGUF: the engine checks the file before it starts the worker
let dir: string;
let engine: LlamaEngine | null = null;

beforeAll(async () => {
  modelPath = await ensureQwen2TestTiny();
  dir = mkdtempSync(path.join(os.tmpdir(), 'beckon-fake-llama-'));
  process.env.BECKON_FAKE_LLAMA_DIR = dir;
});
afterEach(async () => {
  await engine?.close();
  engine = null;
  delete process.env.BECKON_FAKE_LLAMA;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('local engine failures', () => {
  it('a worker that dies while loading is a load failure with what usually causes it', async () => {
    process.env.BECKON_FAKE_LLAMA = 'crash-on-load';
    engine = createLlamaEngine({ modelPath, workerEntry });
    await expect(engine.start()).rejects.toMatchObject({ code: 'LLM_MODEL_LOAD_FAILED', hint: expect.stringContaining('memory') });
  }, 30_000);

  it('an answer that hangs past its timeout replaces the worker, and the next question is answered', async () => {
    process.env.BECKON_FAKE_LLAMA = 'hang-once';
    engine = createLlamaEngine({ modelPath, workerEntry, firstTokenTimeoutMs: 500 });
    await expect(collect(engine.stream({ messages: QUESTION }))).rejects.toMatchObject({ code: 'LLM_TIMEOUT' });
    const next = await collect(engine.stream({ messages: QUESTION }));
    expect(next).toEqual([{ type: 'text', text: 'fine' }, { type: 'done', finishReason: 'stop' }]);
    expect(engine.failed()).toBe(false);
  }, 30_000);

  it('pieces that arrived together are not yielded after the caller aborts', async () => {
    process.env.BECKON_FAKE_LLAMA = 'burst';
    engine = createLlamaEngine({ modelPath, workerEntry });
    const controller = new AbortController();
    const seen: string[] = [];
    for await (const chunk of engine.stream({ messages: QUESTION, signal: controller.signal })) {
      if (chunk.type === 'text') seen.push(chunk.text);
      if (seen.length === 2) controller.abort();
    }
    expect(seen).toEqual(['piece 0 ', 'piece 1 ']);
  }, 30_000);

  it('time spent waiting behind another request does not count toward the first token', async () => {
    process.env.BECKON_FAKE_LLAMA = 'slow-queue';
    engine = createLlamaEngine({ modelPath, workerEntry, firstTokenTimeoutMs: 200 }); // the queue takes 400 ms
    expect(await collect(engine.stream({ messages: QUESTION }))).toEqual([{ type: 'text', text: 'fine' }, { type: 'done', finishReason: 'stop' }]);
  }, 30_000);
});
