/**
 * Bench: a local GGUF through node-llama-cpp in its worker process, at the dimensions of a real small
 * chat model (Qwen2.5-0.5B, Q4_K_M mix) with RANDOM weights (main/models/llm): speed, not answers.
 * Load time, time to first token with and without the commands as tools (the tool list lengthens the
 * prompt and adds a grammar), tokens per second, cancel -> next answer, and the worker's memory.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { createLlamaEngine, type LlamaEngine } from '../../main/llm/llama/engine.ts';
import { DEFAULT_INSTRUCTIONS } from '../../main/llm/conversation.ts';
import { createToolset } from '../../main/llm/tools.ts';
import { ensureQwen25BenchModel } from '../../main/models/llm/qwen2-gguf.ts';
import type { LlmMessage } from '../../main/llm/engine.ts';

export interface LocalLlmResult {
  fileMb: number;
  writeMs: number;
  loadMs: number;
  /** the first question with nothing evaluated yet: system prompt + tool list + question */
  coldFirstTokenMs: number;
  /** reading the system prompt and tool list ahead (what the LLM stage does at start) */
  prepareMs: number;
  /** later questions: only the new turn is read */
  firstTokenMs: number[];
  tokensPerS: number[];
  /** abort at the 5th piece -> first piece of the next answer */
  cancelToNextFirstTokenMs: number[];
  workerRssMb: number;
  gpu: string | false;
  threads: string;
}

const QUESTIONS = ['what is the weather like today', 'tell me a joke', 'why is the sky blue'];
const SYSTEM: LlmMessage = { role: 'system', content: DEFAULT_INSTRUCTIONS };

export async function benchLocalLlm(): Promise<LocalLlmResult> {
  const file = ensureQwen25BenchModel();
  const tools = createToolset();
  const result: LocalLlmResult = {
    fileMb: file.bytes / 1e6,
    writeMs: file.ms,
    loadMs: 0,
    coldFirstTokenMs: 0,
    prepareMs: 0,
    firstTokenMs: [],
    tokensPerS: [],
    cancelToNextFirstTokenMs: [],
    workerRssMb: 0,
    gpu: false,
    threads: `default (math cores less one, of ${availableParallelism()})`,
  };
  const ask = async (engine: LlamaEngine, question: string, signal?: AbortSignal, onPiece?: (n: number) => void) => {
    const t0 = performance.now();
    let first: number | null = null;
    let pieces = 0;
    for await (const chunk of engine.stream({ messages: [SYSTEM, { role: 'user', content: question }], tools, signal })) {
      if (chunk.type !== 'text') continue;
      first ??= performance.now();
      pieces++;
      onPiece?.(pieces); // (`f?.(++n)` would not count when f is absent)
    }
    return { firstAt: first, firstMs: first === null ? null : first - t0, pieces, tokensPerS: first !== null && pieces > 1 ? (pieces - 1) / ((performance.now() - first) / 1000) : null };
  };

  // cold: a fresh worker, the first question pays for reading the whole prompt
  const cold = createLlamaEngine({ modelPath: file.path, contextSize: 4096, seed: 1, maxTokens: 8 });
  try {
    result.loadMs = (await cold.start()).loadMs;
    result.coldFirstTokenMs = (await ask(cold, QUESTIONS[0]!)).firstMs ?? Number.NaN;
  } finally {
    await cold.close();
  }

  const engine = createLlamaEngine({ modelPath: file.path, contextSize: 4096, seed: 1, maxTokens: 48 });
  try {
    const info = await engine.start();
    result.gpu = info.gpu;
    const t0 = performance.now();
    await engine.prepare({ messages: [SYSTEM], tools });
    result.prepareMs = performance.now() - t0;
    for (const question of QUESTIONS) {
      const answer = await ask(engine, question);
      if (answer.firstMs !== null) result.firstTokenMs.push(answer.firstMs);
      // pieces ~ tokens (a piece may join the bytes of one UTF-8 character)
      if (answer.tokensPerS !== null) result.tokensPerS.push(answer.tokensPerS);
      const controller = new AbortController();
      let abortedAt = 0;
      await ask(engine, question, controller.signal, (n) => {
        if (n !== 5) return;
        abortedAt = performance.now();
        controller.abort();
      });
      if (abortedAt) {
        const next = await ask(engine, 'and one more thing');
        if (next.firstAt !== null) result.cancelToNextFirstTokenMs.push(next.firstAt - abortedAt);
      }
    }
    result.workerRssMb = workerRssMb();
  } finally {
    await engine.close();
  }
  return result;
}

/** the largest resident set among this process's children (the model worker) */
function workerRssMb(): number {
  let best = 0;
  try {
    const children = readFileSync(`/proc/${process.pid}/task/${process.pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    for (const pid of children) {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      best = Math.max(best, kb / 1024);
    }
  } catch {
    // not Linux: no figure
  }
  return best;
}

// `node --import tsx test/bench/llm-local.ts` runs it alone
if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await benchLocalLlm());
}
