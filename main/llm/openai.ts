/**
 * The client for any OpenAI-compatible chat server (Ollama, llama-server, LM Studio, vLLM):
 * POST {baseUrl}/chat/completions with stream: true, read as server-sent events.
 */
import { BeckonError } from '../common/errors.ts';
import type { LlmChunk, LlmEngine, LlmRequest } from './engine.ts';
import { sseData } from './sse.ts';

export interface OpenAiEngineOptions {
  /** e.g. http://127.0.0.1:11434/v1 */
  baseUrl: string;
  model?: string;
  apiKey?: string;
  /** no first token within this: LLM_TIMEOUT */
  firstTokenTimeoutMs?: number;
  /** the whole answer within this: LLM_TIMEOUT */
  overallTimeoutMs?: number;
  temperature?: number;
  /** the longest answer, in tokens (max_tokens) */
  maxTokens?: number;
  /** told about chunks that are skipped (malformed JSON) */
  warn?: (message: string) => void;
}

interface StreamChunk {
  choices?: Array<{
    delta?: {
      content?: string | null;
      tool_calls?: Array<{ index?: number; id?: string; function?: { name?: string; arguments?: string } }>;
    };
    finish_reason?: string | null;
  }>;
}

export function createOpenAiEngine(options: OpenAiEngineOptions): LlmEngine {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const firstTokenTimeoutMs = options.firstTokenTimeoutMs ?? 30_000;
  const overallTimeoutMs = options.overallTimeoutMs ?? 120_000;
  const unreachableHint = `Start the server at ${baseUrl} (for Ollama: \`ollama serve\`; for llama.cpp: \`llama-server -m model.gguf\`) or fix --llm-url.`;

  return {
    name: `openai:${baseUrl}`,
    async *stream(request: LlmRequest): AsyncIterable<LlmChunk> {
      const controller = new AbortController();
      let timedOut: string | null = null;
      const abortWith = (why: string) => {
        timedOut = why;
        controller.abort();
      };
      const onCallerAbort = () => controller.abort();
      if (request.signal?.aborted) return;
      request.signal?.addEventListener('abort', onCallerAbort, { once: true });
      let firstTimer: ReturnType<typeof setTimeout> | undefined = setTimeout(
        () => abortWith(`no first token within ${firstTokenTimeoutMs} ms`),
        firstTokenTimeoutMs,
      );
      const overallTimer = setTimeout(() => abortWith(`no complete answer within ${overallTimeoutMs} ms`), overallTimeoutMs);
      const callerAborted = () => request.signal?.aborted === true;
      const timeoutError = () =>
        new BeckonError('LLM_TIMEOUT', `The language model at ${baseUrl} was too slow: ${timedOut}.`, 'Use a smaller model, or check that the server is not overloaded.');

      try {
        let response: Response;
        try {
          response = await fetch(`${baseUrl}/chat/completions`, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              accept: 'text/event-stream',
              ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
            },
            body: JSON.stringify({
              model: options.model ?? 'default',
              messages: request.messages,
              stream: true,
              ...(options.temperature !== undefined ? { temperature: options.temperature } : {}),
              ...(options.maxTokens !== undefined ? { max_tokens: options.maxTokens } : {}),
              ...(request.tools?.length
                ? { tools: request.tools.map((t) => ({ type: 'function', function: t })), tool_choice: 'auto' }
                : {}),
            }),
            signal: controller.signal,
          });
        } catch (err) {
          if (callerAborted()) return;
          if (timedOut) throw timeoutError();
          throw new BeckonError('LLM_UNREACHABLE', `Cannot reach the language model server at ${baseUrl}.`, unreachableHint, { cause: err });
        }
        if (!response.ok || !response.body) {
          const text = (await response.text().catch(() => '')).slice(0, 300);
          throw new BeckonError(
            'LLM_HTTP_ERROR',
            `The language model server at ${baseUrl} answered HTTP ${response.status}${text ? `: ${text}` : ''}.`,
            response.status === 404 ? `Check the URL (it usually ends in /v1) and the model name.` : 'Check the server log.',
          );
        }

        const calls = new Map<number, { id: string; name: string; arguments: string }>();
        let finishReason: string | null = null;
        let sawDone = false;
        try {
          for await (const data of sseData(response.body as unknown as AsyncIterable<Uint8Array>)) {
            if (firstTimer) {
              clearTimeout(firstTimer);
              firstTimer = undefined;
            }
            if (data.trim() === '[DONE]') {
              sawDone = true;
              break;
            }
            let chunk: StreamChunk;
            try {
              chunk = JSON.parse(data) as StreamChunk;
            } catch {
              options.warn?.(`skipped a malformed chunk from ${baseUrl}: ${data.slice(0, 80)}`);
              continue;
            }
            const choice = chunk.choices?.[0];
            if (!choice) continue;
            if (choice.delta?.content) yield { type: 'text', text: choice.delta.content };
            for (const delta of choice.delta?.tool_calls ?? []) {
              // A call's id and name come in its first delta; its arguments arrive in pieces, by index.
              const index = delta.index ?? 0;
              const call = calls.get(index) ?? { id: '', name: '', arguments: '' };
              if (delta.id) call.id = delta.id;
              if (delta.function?.name) call.name += delta.function.name;
              if (delta.function?.arguments) call.arguments += delta.function.arguments;
              calls.set(index, call);
            }
            if (choice.finish_reason) finishReason = choice.finish_reason;
          }
        } catch (err) {
          if (callerAborted()) return;
          if (timedOut) throw timeoutError();
          throw new BeckonError('LLM_STREAM_BROKEN', `The connection to ${baseUrl} broke in the middle of an answer.`, 'Check the server log; the answer was cut short.', { cause: err });
        }
        if (callerAborted()) return;
        if (!sawDone && finishReason === null)
          throw new BeckonError('LLM_STREAM_BROKEN', `The answer from ${baseUrl} ended before it was complete.`, 'Check the server log; the answer was cut short.');
        for (const [, call] of [...calls].sort(([a], [b]) => a - b))
          yield { type: 'tool-call', id: call.id || `call_${call.name}`, name: call.name, arguments: call.arguments };
        yield { type: 'done', finishReason: finishReason ?? 'stop' };
      } finally {
        if (firstTimer) clearTimeout(firstTimer);
        clearTimeout(overallTimer);
        request.signal?.removeEventListener('abort', onCallerAbort);
        // The consumer may stop early (break): closing the request tells the server at once.
        controller.abort();
      }
    },
  };
}
