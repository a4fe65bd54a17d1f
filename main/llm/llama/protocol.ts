/** What the engine and its node-llama-cpp worker process say to each other. */
import type { LlmChunk, LlmMessage, LlmToolSpec } from '../engine.ts';

export interface LlamaWorkerInit {
  modelPath: string;
  /** tokens; 'auto' lets node-llama-cpp fit it to the memory there is */
  contextSize?: number | 'auto';
  /** layers on the GPU: 'auto' (fit to its memory), 'max', or a count; 0 keeps the model on the CPU */
  gpuLayers?: number | 'auto' | 'max';
  /** false: never use a GPU even where one is present */
  gpu?: 'auto' | false;
  /** CPU threads for generation; default: the math cores less one, left to audio, VAD and speech recognition */
  threads?: number;
}

export type LlamaWorkerRequest =
  | { op: 'info' }
  /** evaluate the system prompt and tool list now, so the first question only reads its own words */
  | { op: 'prepare'; messages: LlmMessage[]; tools: LlmToolSpec[] }
  | { op: 'generate'; messages: LlmMessage[]; tools: LlmToolSpec[]; maxTokens: number; temperature: number; seed?: number };

export interface LlamaInfo {
  /** 'cuda' | 'vulkan' | 'metal' | false (CPU) */
  gpu: string | false;
  gpuLayers: number;
  contextSize: number;
  /** the model's own name from its metadata, else the file name */
  modelName: string;
  architecture: string;
  loadMs: number;
  /** the chat format node-llama-cpp chose from the model's template */
  chatWrapper: string;
}

/** what the worker streams: the answer's pieces, after a 'started' that says the request left the queue */
export type LlamaWorkerChunk = LlmChunk | { type: 'started' };
