/** The language model flags, shared by run, listen and serve. */
import type { Command } from 'commander';
import { BeckonError } from '../common/errors.ts';
import type { EngineConfig } from '../engine/config.ts';

export interface LlmFlags {
  llmUrl?: string;
  llmModel?: string;
  llmGguf?: string;
  llmContext?: string;
  llmGpuLayers?: string;
}

export function addLlmOptions(cmd: Command): Command {
  return cmd
    .option('--llm-url <url>', 'OpenAI-compatible server that answers chat, e.g. http://127.0.0.1:11434/v1 (Ollama)')
    .option('--llm-model <name>', 'model name to ask that server for')
    .option('--llm-gguf <file.gguf>', 'a local GGUF chat model run by node-llama-cpp (GPU used where present)')
    .option('--llm-context <tokens>', 'context size of the local model (default: what fits in memory)')
    .option('--llm-gpu-layers <n|auto|max>', 'layers of the local model on the GPU (default: auto)');
}

/** The llm section the flags ask for, or undefined when none was given. */
export function llmFromFlags(flags: LlmFlags): EngineConfig['llm'] {
  const { llmUrl, llmModel, llmGguf, llmContext, llmGpuLayers } = flags;
  if (llmUrl && llmGguf) throw new BeckonError('BAD_OPTION', '--llm-url and --llm-gguf cannot be used together', 'Pick one: a server (--llm-url) or a local model file (--llm-gguf).');
  if (!llmUrl && !llmModel && !llmGguf && !llmContext && !llmGpuLayers) return undefined;
  return {
    url: llmUrl,
    model: llmModel,
    gguf: llmGguf,
    contextSize: llmContext === undefined ? undefined : integer('--llm-context', llmContext, 256, 131_072),
    gpuLayers: llmGpuLayers === undefined || llmGpuLayers === 'auto' || llmGpuLayers === 'max' ? llmGpuLayers : integer('--llm-gpu-layers', llmGpuLayers, 0, 1000),
  };
}

function integer(flag: string, raw: string, min: number, max: number): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new BeckonError('BAD_OPTION', `${flag}: "${raw}" is not a whole number from ${min} to ${max}`, `Give ${flag} a number such as ${Math.max(min, Math.min(max, 2048))}.`);
  return n;
}
