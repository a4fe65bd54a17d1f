/**
 * Tool calls from a local model through createLlamaEngine (node-llama-cpp in its worker process),
 * on the HAND-CONSTRUCTED fixture of main/models/llm/scripted-qwen2.ts: weights set by hand so the
 * answer opens a call in QwenChatWrapper's format (volume_up whenever it is offered). This tests the
 * plumbing — functions offered with their schemas, the grammar, result.functionCalls, the worker's
 * tool-call chunks, validateToolCall — never a model's judgement.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect } from '../../support/llm.ts';
import { createLlamaEngine, type LlamaEngine } from '../../../main/llm/llama/engine.ts';
import { createToolset, validateToolCall } from '../../../main/llm/tools.ts';
import { SCRIPTED_TOOL, writeToolCallingQwen2Gguf } from '../../../main/models/llm/scripted-qwen2.ts';
import type { LlmChunk, LlmMessage } from '../../../main/llm/engine.ts';
import { BeckonError } from '../../../main/common/errors.ts';

let dir: string;
let engine: LlamaEngine;
const QUESTION: LlmMessage[] = [
  { role: 'system', content: 'You are Beckon, a desktop assistant.' },
  { role: 'user', content: 'it is too quiet in here' },
];

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'beckon-llama-tools-'));
  const modelPath = path.join(dir, 'scripted-tool-call.gguf');
  writeToolCallingQwen2Gguf(modelPath);
  // one thread: the tests share two cores with other test files; the engine's default temperature (0.3), no seed
  engine = createLlamaEngine({ modelPath, contextSize: 2048, gpu: false, threads: 1 });
}, 60_000);

afterAll(async () => {
  await engine?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});


const toolCalls = (chunks: LlmChunk[]) => chunks.filter((c): c is Extract<LlmChunk, { type: 'tool-call' }> => c.type === 'tool-call');

describe('local tool calls through the llama engine (hand-constructed fixture: plumbing, not judgement)', () => {
  it('with the commands offered as tools, the stream yields a tool-call that validates, then done', async () => {
    const tools = createToolset();
    const chunks = await collect(engine.stream({ messages: QUESTION, tools }));
    const calls = toolCalls(chunks);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ type: 'tool-call', name: SCRIPTED_TOOL, id: expect.any(String) });
    expect(JSON.parse(calls[0]!.arguments)).toEqual({});
    expect(validateToolCall(tools, calls[0]!.name, calls[0]!.arguments)).toEqual({ intent: 'volume.up', slots: {}, needsConfirmation: false });
    expect(chunks.filter((c) => c.type === 'text')).toEqual([]); // the call is not leaked as text
    expect(chunks.at(-1)).toEqual({ type: 'done', finishReason: 'tool_calls' });
  }, 60_000);

  it('after the system prompt and tools were read ahead (prepare), the call still comes', async () => {
    const tools = createToolset();
    await engine.prepare({ messages: [QUESTION[0]!], tools });
    const calls = toolCalls(await collect(engine.stream({ messages: QUESTION, tools })));
    expect(calls.map((c) => c.name)).toEqual([SCRIPTED_TOOL]);
  }, 60_000);

  it('only a risky tool with an argument offered: the grammar keeps its argument in the schema, and it needs confirmation', async () => {
    const tools = createToolset().filter((t) => t.name === 'app_open');
    const calls = toolCalls(await collect(engine.stream({ messages: QUESTION, tools })));
    expect(calls.map((c) => c.name)).toEqual(['app_open']);
    const valid = validateToolCall(tools, calls[0]!.name, calls[0]!.arguments);
    expect(valid).not.toBeInstanceOf(BeckonError);
    expect(valid).toMatchObject({ intent: 'app.open', needsConfirmation: true, slots: { app: expect.any(String) } });
  }, 60_000);
});
