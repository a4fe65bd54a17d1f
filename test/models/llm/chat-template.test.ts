/** Qwen2.5's chat template as node-llama-cpp's Jinja wrapper renders it (prompt plumbing; no model runs). */
import { JinjaTemplateChatWrapper } from 'node-llama-cpp';
import { describe, expect, it } from 'vitest';
import { QWEN25_CHAT_TEMPLATE } from '../../../main/models/llm/chat-template.ts';

describe('QWEN25_CHAT_TEMPLATE', () => {
  const wrapper = new JinjaTemplateChatWrapper({ template: QWEN25_CHAT_TEMPLATE });

  it('renders ChatML turns', () => {
    const state = wrapper.generateContextState({
      chatHistory: [
        { type: 'system', text: 'You are Beckon.' },
        { type: 'user', text: 'turn the volume up' },
        { type: 'model', response: [] },
      ],
    });
    expect(state.contextText.toString()).toBe('<|im_start|>system\nYou are Beckon.<|im_end|>\n<|im_start|>user\nturn the volume up<|im_end|>\n<|im_start|>assistant\n');
  });

  it('lists tools as JSON inside <tools> in the system turn', () => {
    const state = wrapper.generateContextState({
      chatHistory: [
        { type: 'system', text: 'You are Beckon.' },
        { type: 'user', text: 'louder' },
        { type: 'model', response: [] },
      ],
      availableFunctions: { set_volume: { description: 'Set the volume', params: { type: 'object', properties: { level: { type: 'number' } } } } },
    });
    const text = state.contextText.toString();
    expect(text).toMatch(/^<\|im_start\|>system\nYou are Beckon\.\n\n# Tools\n/);
    const listed = /<tools>\n(.*)\n<\/tools>/.exec(text)![1]!;
    expect(JSON.parse(listed)).toEqual({ type: 'function', function: { name: 'set_volume', description: 'Set the volume', parameters: { type: 'object', properties: { level: { type: 'number' } } } } });
    expect(text).toContain('<tool_call>\n{"name": <function-name>, "arguments": <args-json-object>}\n</tool_call><|im_end|>\n<|im_start|>user\nlouder<|im_end|>\n<|im_start|>assistant\n');
  });
});
