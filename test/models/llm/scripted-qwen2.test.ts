/**
 * The HAND-CONSTRUCTED tool-calling qwen2 GGUF (main/models/llm/scripted-qwen2.ts) in node-llama-cpp.
 * Its weights are set by hand to a bigram table that opens a tool call: these tests check that a
 * call made in QwenChatWrapper's format comes back through LlamaChat as result.functionCalls, held to
 * the offered functions by node-llama-cpp's grammar. They test the plumbing of tool calls, never a
 * model's judgement (the fixture has none: its "choice" is written into its weights).
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getLlama, LlamaChat, type ChatHistoryItem, type ChatModelFunctions, type LlamaModel } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileSha256 } from '../../../main/models/build.ts';
import { SCRIPTED_TOOL, TOOL_CALL_OPEN, writeToolCallingQwen2Gguf } from '../../../main/models/llm/scripted-qwen2.ts';

const dir = mkdtempSync(join(tmpdir(), 'beckon-scripted-qwen2-'));
const path = join(dir, 'scripted-tool-call.gguf');
let model: LlamaModel;

const APPS = ['firefox', 'terminal', 'calculator'];
const FUNCTIONS: ChatModelFunctions = {
  media_play: { description: 'Play music' },
  volume_up: { description: 'Turn the volume up' },
  volume_down: { description: 'Turn the volume down' },
  app_open: { description: 'Open an app', params: { type: 'object', properties: { app: { enum: APPS } }, required: ['app'], additionalProperties: false } },
};
const HISTORY: ChatHistoryItem[] = [
  { type: 'system', text: 'You are Beckon, a desktop assistant.' },
  { type: 'user', text: 'it is too quiet' },
  { type: 'model', response: [] },
];

beforeAll(async () => {
  const written = writeToolCallingQwen2Gguf(path);
  console.info(`scripted tool-calling GGUF: ${written.bytes} bytes written in ${written.ms.toFixed(0)} ms`);
  const llama = await getLlama({ gpu: false });
  model = await llama.loadModel({ modelPath: path });
}, 60_000);

afterAll(async () => {
  await model?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

async function answer(functions: ChatModelFunctions, seed: number) {
  const context = await model.createContext({ contextSize: 1024, threads: 1 });
  try {
    const chat = new LlamaChat({ contextSequence: context.getSequence() });
    expect(chat.chatWrapper.wrapperName).toBe('Qwen'); // the wrapper whose call format the weights follow
    return await chat.generateResponse(HISTORY, { functions, documentFunctionParams: true, maxTokens: 64, temperature: 0.3, seed });
  } finally {
    await context.dispose();
  }
}

describe('the scripted tool-calling qwen2 GGUF (hand-constructed fixture: plumbing, not judgement)', () => {
  it('is a small qwen2 file with Qwen2.5 tool-call tags as special tokens; the same bytes every time', () => {
    expect(model.fileInfo.metadata.general.architecture).toBe('qwen2');
    expect(model.tokenize(TOOL_CALL_OPEN, true)).toHaveLength(1);
    expect(model.tokenizer.isSpecialToken(model.tokenize(TOOL_CALL_OPEN, true)[0]!)).toBe(true);
    const again = join(dir, 'again.gguf');
    writeToolCallingQwen2Gguf(again);
    expect(fileSha256(again)).toBe(fileSha256(path));
    expect(statSync(path).size).toBeLessThan(1_000_000);
  });

  it(`answers with a call to the scripted ${SCRIPTED_TOOL} whenever it is offered (any seed)`, async () => {
    for (const seed of [1, 2, 3]) {
      const result = await answer(FUNCTIONS, seed);
      expect(result.metadata.stopReason).toBe('functionCalls');
      expect(result.functionCalls).toHaveLength(1);
      expect(result.functionCalls![0]).toMatchObject({ functionName: SCRIPTED_TOOL, params: {} });
      expect(result.response).toBe('');
    }
  }, 60_000);

  it('without the scripted tool the grammar still forces a valid call to an offered function', async () => {
    const { volume_up: _, volume_down: __, ...others } = FUNCTIONS;
    for (const seed of [1, 2, 3]) {
      const result = await answer(others, seed);
      expect(result.functionCalls).toHaveLength(1);
      const [call] = result.functionCalls!;
      expect(Object.keys(others)).toContain(call!.functionName);
      if (call!.functionName === 'app_open') expect(APPS).toContain((call!.params as unknown as { app: string }).app);
      else expect(call!.params ?? {}).toEqual({});
    }
  }, 60_000);

  it('with no functions offered nothing is read as a call', async () => {
    const result = await answer({}, 1);
    expect(result.functionCalls ?? []).toEqual([]);
  }, 60_000);
});
