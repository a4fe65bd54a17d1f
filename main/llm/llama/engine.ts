/**
 * A GGUF model run by node-llama-cpp in a worker process, behind the same LlmEngine interface as an
 * OpenAI-compatible server. The GPU is used where node-llama-cpp finds one (CUDA, Vulkan, Metal);
 * context size and GPU layers come from the configuration.
 */
import { BeckonError } from '../../common/errors.ts';
import { SupervisedWorker } from '../../core/worker-rpc.ts';
import type { LlmChunk, LlmEngine, LlmRequest, LlmToolSpec } from '../engine.ts';
import { checkGgufFile } from './gguf-file.ts';
import type { LlamaInfo, LlamaWorkerChunk, LlamaWorkerInit, LlamaWorkerRequest } from './protocol.ts';

export interface LlamaEngineOptions extends LlamaWorkerInit {
  /** the longest answer, in tokens: spoken replies are short */
  maxTokens?: number;
  temperature?: number;
  /** a fixed seed makes answers repeatable (tests, benchmarks) */
  seed?: number;
  /** no first token within this: LLM_TIMEOUT (counted from when the worker starts on the request, not while it waits behind another) */
  firstTokenTimeoutMs?: number;
  /** the whole answer within this: LLM_TIMEOUT */
  overallTimeoutMs?: number;
  /** told when the worker crashed and is being restarted */
  warn?: (message: string) => void;
  /** loading the model may take this long (default 10 min: many GB from a slow disk) */
  loadTimeoutMs?: number;
  /** the worker module (tests may substitute one) */
  workerEntry?: URL;
}

export interface LlamaEngine extends LlmEngine {
  /** loads the model (once); rejects with LLM_MODEL_MISSING / LLM_MODEL_NOT_GGUF / LLM_MODEL_LOAD_FAILED */
  start(): Promise<LlamaInfo>;
  prepare(request: Pick<LlmRequest, 'messages' | 'tools'>): Promise<void>;
  failed(): boolean;
  close(): Promise<void>;
}

export function createLlamaEngine(options: LlamaEngineOptions): LlamaEngine {
  const { maxTokens = 256, temperature = 0.3, seed, firstTokenTimeoutMs = 30_000, overallTimeoutMs = 120_000, loadTimeoutMs = 600_000, warn, workerEntry, ...init } = options;
  const worker = new SupervisedWorker<LlamaWorkerInit, LlamaWorkerRequest, LlamaInfo | null>({
    entry: workerEntry ?? new URL('./worker.ts', import.meta.url),
    name: 'language model',
    init,
    // loading a large model can take a while; a crash loop of a broken file must not go on for long
    maxRestarts: 3,
    initTimeoutMs: loadTimeoutMs,
    onRestart: (error) => warn?.(`language model: ${error.message}`),
  });
  let started: Promise<LlamaInfo> | null = null;

  const start = (): Promise<LlamaInfo> => {
    started ??= (async () => {
      await checkGgufFile(init.modelPath); // a clear error before a process is started
      const info = await worker.run({ op: 'info' }).catch((err: unknown) => {
        throw loadFailure(err, init.modelPath);
      });
      if (!info) throw new BeckonError('LLM_NOT_READY', 'the language model worker did not load the model');
      return info;
    })();
    return started;
  };

  return {
    name: `llama:${init.modelPath}`,
    start,
    close: () => worker.stop(),
    failed: () => worker.gaveUp,
    async prepare(request) {
      await start();
      await worker.run({ op: 'prepare', messages: request.messages, tools: toolSpecs(request.tools) });
    },
    async *stream(request: LlmRequest): AsyncIterable<LlmChunk> {
      if (request.signal?.aborted) return;
      await start();
      if (request.signal?.aborted) return; // cut off while the model was loading
      const controller = new AbortController();
      let timedOut: string | null = null;
      const abortWith = (why: string) => {
        timedOut ??= why;
        controller.abort();
      };
      const onCallerAbort = () => controller.abort();
      request.signal?.addEventListener('abort', onCallerAbort, { once: true });
      let firstTimer: NodeJS.Timeout | undefined;
      const overallTimer = setTimeout(() => abortWith(`no complete answer within ${overallTimeoutMs} ms`), overallTimeoutMs);

      const queue = new ChunkQueue();
      const streaming = worker
        .stream<LlamaWorkerChunk>(
          { op: 'generate', messages: request.messages, tools: toolSpecs(request.tools), maxTokens, temperature, seed },
          (chunk) => {
            if (chunk.type === 'started') {
              firstTimer = setTimeout(() => abortWith(`no first token within ${firstTokenTimeoutMs} ms`), firstTokenTimeoutMs);
              return;
            }
            clearTimeout(firstTimer);
            queue.push(chunk);
          },
          controller.signal,
        )
        .then(
          () => queue.end(),
          (err: unknown) => queue.fail(err),
        );
      try {
        for await (const chunk of queue) {
          if (controller.signal.aborted) break; // pieces already here when the caller cut it off are not said
          yield chunk;
        }
        if (timedOut) {
          // a generation that ignores its cancel (a hung GPU driver) would block every later question:
          // a new worker reloads the model instead
          worker.kill(`language model timed out: ${timedOut}`);
          throw new BeckonError('LLM_TIMEOUT', `The local language model was too slow: ${timedOut}.`, 'Use a smaller model, fewer tokens of context, or a GPU (llm.gpuLayers).');
        }
      } catch (err) {
        if (err instanceof BeckonError && (err.code === 'WORKER_CRASHED' || err.code === 'WORKER_GAVE_UP')) {
          throw new BeckonError('LLM_CRASHED', `The local language model stopped unexpectedly (${err.message}).`, err.code === 'WORKER_GAVE_UP' ? 'Check the model file and memory; see the log above.' : 'It is being restarted; ask again.');
        }
        throw err;
      } finally {
        clearTimeout(firstTimer);
        clearTimeout(overallTimer);
        request.signal?.removeEventListener('abort', onCallerAbort);
        controller.abort(); // the consumer stopped early (barge-in): stop generating too
        await streaming;
      }
    },
  };
}

/** A worker that died or hung while loading: say so as a load failure, with what usually causes it. */
function loadFailure(err: unknown, modelPath: string): unknown {
  if (!(err instanceof BeckonError) || !['WORKER_CRASHED', 'WORKER_GAVE_UP', 'WORKER_TIMEOUT'].includes(err.code)) return err;
  return new BeckonError(
    'LLM_MODEL_LOAD_FAILED',
    `The language model ${modelPath} could not be loaded: ${err.message}.`,
    'The model may not fit in memory: use a smaller or more quantised file, fewer GPU layers (llm.gpuLayers) or a smaller llm.contextSize; a damaged file must be downloaded again.',
  );
}

/** Only what the worker needs of each tool (an LlmTool also carries its zod schema, which does not cross processes). */
function toolSpecs(tools: LlmRequest['tools']): LlmToolSpec[] {
  return (tools ?? []).map(({ name, description, parameters }) => ({ name, description, parameters }));
}

/** Pieces from the worker, read as an async iterable; ends when the stream resolves or fails. */
class ChunkQueue implements AsyncIterable<LlmChunk> {
  private readonly items: LlmChunk[] = [];
  private waiter: (() => void) | null = null;
  private finished = false;
  private error: unknown = null;

  push(chunk: LlmChunk): void {
    this.items.push(chunk);
    this.wake();
  }
  end(): void {
    this.finished = true;
    this.wake();
  }
  fail(error: unknown): void {
    this.error = error;
    this.end();
  }
  private wake(): void {
    const w = this.waiter;
    this.waiter = null;
    w?.();
  }
  async *[Symbol.asyncIterator](): AsyncIterator<LlmChunk> {
    while (true) {
      const item = this.items.shift();
      if (item) {
        yield item;
        continue;
      }
      if (this.finished) {
        if (this.error) throw this.error;
        return;
      }
      await new Promise<void>((resolve) => (this.waiter = resolve));
    }
  }
}
