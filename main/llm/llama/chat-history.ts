/**
 * The conversation (OpenAI message shape, main/llm/engine.ts) as node-llama-cpp's chat history, so
 * both engines share one Conversation. Tool calls and their results become function calls inside
 * the model's turn, which is how node-llama-cpp's chat wrappers render them.
 */
import type { ChatHistoryItem, ChatModelFunctionCall, ChatModelResponse } from 'node-llama-cpp';
import type { LlmMessage } from '../engine.ts';

export function toChatHistory(messages: readonly LlmMessage[]): ChatHistoryItem[] {
  const history: ChatHistoryItem[] = [];
  const callsById = new Map<string, ChatModelFunctionCall>();
  for (const message of messages) {
    if (message.role === 'system' || message.role === 'user') {
      history.push({ type: message.role, text: message.content });
    } else if (message.role === 'assistant') {
      const response: ChatModelResponse['response'] = [];
      if (message.content) response.push(message.content);
      for (const call of message.tool_calls ?? []) {
        const functionCall: ChatModelFunctionCall = { type: 'functionCall', name: call.function.name, params: parseArguments(call.function.arguments), result: 'done' };
        callsById.set(call.id, functionCall);
        response.push(functionCall);
      }
      history.push({ type: 'model', response });
    } else if (message.role === 'tool') {
      const call = callsById.get(message.tool_call_id);
      if (call) call.result = message.content;
    }
  }
  // the model's turn that generation fills in
  history.push({ type: 'model', response: [] });
  return history;
}

function parseArguments(json: string): unknown {
  try {
    return json.trim() === '' ? {} : JSON.parse(json);
  } catch {
    return json;
  }
}
