import { describe, expect, it } from 'vitest';
import { getLlama } from 'node-llama-cpp';
import { toGbnfParams } from '../../../main/llm/llama/gbnf-schema.ts';
import { createToolset } from '../../../main/llm/tools.ts';

describe('toGbnfParams', () => {
  it('a tool without arguments asks for none', () => {
    const volumeUp = createToolset().find((t) => t.name === 'volume_up')!;
    expect(toGbnfParams(volumeUp.parameters)).toBeUndefined();
  });

  it('closed slots become enums and free text keeps its length bounds', () => {
    const tools = createToolset();
    expect(toGbnfParams(tools.find((t) => t.name === 'app_open')!.parameters)).toEqual({
      type: 'object',
      properties: { app: { enum: expect.arrayContaining(['firefox', 'terminal']) } },
      required: ['app'],
      additionalProperties: false,
    });
    expect(toGbnfParams(tools.find((t) => t.name === 'type_text')!.parameters)).toMatchObject({ properties: { text: { type: 'string', minLength: 1, maxLength: 500 } } });
  });

  it('every tool schema compiles into a llama.cpp grammar (real node-llama-cpp, no model needed)', async () => {
    const llama = await getLlama({ gpu: false, build: 'never' });
    for (const tool of createToolset()) {
      const params = toGbnfParams(tool.parameters);
      if (params) await expect(llama.createGrammarForJsonSchema(params as never)).resolves.toBeDefined();
    }
  });

  it('a schema feature the grammar cannot express is refused, not silently dropped', () => {
    expect(() => toGbnfParams({ type: 'object', properties: { when: { type: 'weird' } } })).toThrow(/does not support/);
  });
});
