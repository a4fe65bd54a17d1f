/** One interface for every language model Beckon talks to: an OpenAI-compatible server or a local GGUF (main/llm/llama). */

export interface LlmToolSpec {
  name: string;
  description: string;
  /** JSON schema of the arguments object */
  parameters: Record<string, unknown>;
}

export type LlmMessage =
  | { role: 'system' | 'user'; content: string }
  | { role: 'assistant'; content: string | null; tool_calls?: Array<{ id: string; type: 'function'; function: { name: string; arguments: string } }> }
  | { role: 'tool'; content: string; tool_call_id: string };

export interface LlmRequest {
  messages: LlmMessage[];
  tools?: LlmToolSpec[];
  /** aborting stops the stream at once (barge-in) */
  signal?: AbortSignal;
}

export type LlmChunk =
  | { type: 'text'; text: string }
  | { type: 'tool-call'; id: string; name: string; arguments: string }
  | { type: 'done'; finishReason: string };

export interface LlmEngine {
  readonly name: string;
  stream(request: LlmRequest): AsyncIterable<LlmChunk>;
  /**
   * Reads the system prompt and tools ahead of the first question (a local model keeps them
   * evaluated; a remote server needs nothing). Never required: stream() works without it.
   */
  prepare?(request: Pick<LlmRequest, 'messages' | 'tools'>): Promise<void>;
  /** true when it can no longer answer (a local model that crashed too often): build a new one */
  failed?(): boolean;
  /** releases what it holds (a worker process with a loaded model) */
  close?(): Promise<void>;
}
