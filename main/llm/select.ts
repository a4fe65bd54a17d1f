/**
 * Which language model answers: a local GGUF file (node-llama-cpp in a worker process) or an
 * OpenAI-compatible server. A local file is loaded here, so a missing or broken model is reported
 * before the engine runs rather than at the first question.
 */
import type { Logger } from '../core/log.ts';
import type { LlmEngine } from './engine.ts';
import { createOpenAiEngine } from './openai.ts';
import { createLlamaEngine } from './llama/engine.ts';

/** The configuration's llm section: a server or a local model file, and how to run it. */
export interface LlmChoice {
  /** base URL of an OpenAI-compatible server, e.g. http://127.0.0.1:11434/v1 */
  url?: string;
  model?: string;
  /** a local GGUF model file (absolute path) */
  gguf?: string;
  contextSize?: number;
  /** layers offloaded to the GPU: 'auto' fits what the GPU holds, 'max' all of them */
  gpuLayers?: number | 'auto' | 'max';
  maxTokens?: number;
  temperature?: number;
}

/** What answers, as the dashboard shows it. */
export interface ChosenLlm {
  engine: 'llama.cpp' | 'openai-compatible';
  /** the model's name, or the server's address */
  model: string;
  /** where it runs: 'cpu', 'cuda', 'vulkan', 'metal', or 'server' */
  device: string;
}

export interface ConfiguredLlm {
  engine: LlmEngine;
  chosen: ChosenLlm;
}

export async function createConfiguredLlm(llm: LlmChoice, log: Logger): Promise<ConfiguredLlm | null> {
  if (llm.gguf) {
    if (llm.url) log.warn(`language model: using the local file ${llm.gguf}; the server ${llm.url} is not asked`);
    const engine = createLlamaEngine({
      modelPath: llm.gguf,
      contextSize: llm.contextSize,
      gpuLayers: llm.gpuLayers,
      maxTokens: llm.maxTokens,
      temperature: llm.temperature,
      warn: (m) => log.warn(m),
    });
    let chosen: ChosenLlm;
    try {
      const info = await engine.start();
      chosen = { engine: 'llama.cpp', model: info.modelName, device: info.gpu || 'cpu' };
      const where = info.gpu ? `${info.gpu} GPU (${info.gpuLayers} layers)` : 'CPU';
      log.info(`language model: ${info.modelName} (${info.architecture}) on ${where}, context ${info.contextSize} tokens, loaded in ${info.loadMs} ms`);
    } catch (err) {
      await engine.close();
      throw err;
    }
    return { engine, chosen };
  }
  if (llm.url) {
    if (llm.contextSize !== undefined || llm.gpuLayers !== undefined) log.warn('language model: contextSize and gpuLayers apply to a local model file; the server decides its own');
    const engine = createOpenAiEngine({ baseUrl: llm.url, model: llm.model, temperature: llm.temperature, maxTokens: llm.maxTokens, warn: (m) => log.warn(m) });
    return { engine, chosen: { engine: 'openai-compatible', model: llm.model ? `${llm.model} at ${llm.url}` : llm.url, device: 'server' } };
  }
  return null;
}
