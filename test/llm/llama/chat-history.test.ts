import { describe, expect, it } from 'vitest';
import { toChatHistory } from '../../../main/llm/llama/chat-history.ts';

describe('toChatHistory', () => {
  it('turns the OpenAI-shaped conversation into node-llama-cpp turns, ending with the turn to fill', () => {
    const history = toChatHistory([
      { role: 'system', content: 'You are Beckon.' },
      { role: 'user', content: 'turn it up' },
      { role: 'assistant', content: 'Sure.', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'volume_up', arguments: '{}' } }] },
      { role: 'tool', tool_call_id: 'c1', content: 'volume is 60%' },
      { role: 'user', content: 'thanks' },
    ]);
    expect(history).toEqual([
      { type: 'system', text: 'You are Beckon.' },
      { type: 'user', text: 'turn it up' },
      { type: 'model', response: ['Sure.', { type: 'functionCall', name: 'volume_up', params: {}, result: 'volume is 60%' }] },
      { type: 'user', text: 'thanks' },
      { type: 'model', response: [] },
    ]);
  });

  it('a tool call without a result is marked done; arguments that are not JSON are kept as text', () => {
    const history = toChatHistory([
      { role: 'user', content: 'open firefox' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'app_open', arguments: '{bad' } }] },
    ]);
    expect(history[1]).toEqual({ type: 'model', response: [{ type: 'functionCall', name: 'app_open', params: '{bad', result: 'done' }] });
  });
});
