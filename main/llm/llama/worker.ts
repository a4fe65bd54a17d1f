/**
 * The node-llama-cpp worker process: loads one GGUF model and streams chat answers with tool calls.
 * A process of its own because llama.cpp is native code that can abort, and a large model's load
 * and generation must not stall the engine's event loop (VAD, barge-in).
 */
import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import { getLlama, LlamaChat, LlamaLogLevel, type ChatModelFunctions, type Llama, type LlamaContext, type LlamaModel } from 'node-llama-cpp';
import { serveWorker } from '../../core/worker-rpc.ts';
import { BeckonError } from '../../common/errors.ts';
import { checkGgufFile } from './gguf-file.ts';
import { toChatHistory } from './chat-history.ts';
import { toGbnfParams } from './gbnf-schema.ts';
import type { LlmToolSpec } from '../engine.ts';
import type { LlamaInfo, LlamaWorkerChunk, LlamaWorkerInit, LlamaWorkerRequest } from './protocol.ts';

let model: LlamaModel | null = null;
let context: LlamaContext | null = null;
let chat: LlamaChat | null = null;
let info: LlamaInfo | null = null;
/** one context sequence: answers run one after another */
let busy: Promise<void> = Promise.resolve();

const FINISH: Record<string, string> = { eogToken: 'stop', stopGenerationTrigger: 'stop', customStopTrigger: 'stop', maxTokens: 'length', functionCalls: 'tool_calls', abort: 'abort' };

serveWorker<LlamaWorkerInit, LlamaWorkerRequest, LlamaInfo | null>({
  async init(config) {
    await checkGgufFile(config.modelPath);
    const t0 = performance.now();
    const llama = await loadLlama(config.gpu === false ? false : 'auto');
    try {
      model = await llama.loadModel({ modelPath: config.modelPath, gpuLayers: config.gpuLayers ?? 'auto' });
    } catch (err) {
      throw new BeckonError(
        'LLM_MODEL_LOAD_FAILED',
        `The language model ${config.modelPath} could not be loaded: ${err instanceof Error ? err.message : String(err)}`.slice(0, 500),
        'The file may be damaged or cut short (download it again), or made for a newer llama.cpp; a smaller model or fewer GPU layers helps when memory runs out.',
      );
    }
    try {
      // llama.cpp's threads spin: one more than the cores that are free makes every thread wait (seen: 45 tok/s on
      // one thread, 1-2 tok/s on two while the other core was busy), so one core is left to the audio side
      const threads = config.threads ?? Math.max(1, Math.min(llama.cpuMathCores, availableParallelism() - 1));
      context = await model.createContext({ contextSize: config.contextSize ?? 'auto', threads });
    } catch (err) {
      throw new BeckonError(
        'LLM_CONTEXT_FAILED',
        `No room for the language model's context: ${err instanceof Error ? err.message : String(err)}`.slice(0, 500),
        'Lower llm.contextSize (e.g. 2048) or llm.gpuLayers in the configuration.',
      );
    }
    chat = new LlamaChat({ contextSequence: context.getSequence() });
    info = {
      gpu: llama.gpu,
      gpuLayers: model.gpuLayers,
      contextSize: context.contextSize,
      modelName: String(model.fileInfo.metadata.general?.name ?? basename(config.modelPath)),
      architecture: String(model.fileInfo.metadata.general?.architecture ?? 'unknown'),
      loadMs: Math.round(performance.now() - t0),
      chatWrapper: chat.chatWrapper.wrapperName,
    };
  },

  async run(request) {
    if (request.op === 'info') return info;
    if (request.op === 'prepare') {
      await exclusively(() => prepare(request));
      return null;
    }
    throw new BeckonError('LLM_BAD_REQUEST', `unknown request ${request.op}`);
  },

  async stream(request, emit, signal) {
    if (request.op !== 'generate') throw new BeckonError('LLM_BAD_REQUEST', `unknown request ${request.op}`);
    await exclusively(async () => {
      if (signal.aborted) return;
      emit({ type: 'started' } satisfies LlamaWorkerChunk); // the first-token clock starts here, not in the queue
      await generate(request, (chunk: LlamaWorkerChunk) => emit(chunk), signal);
    });
  },

  async shutdown() {
    await context?.dispose();
    await model?.dispose();
  },
});

/** The context sequence serves one request at a time, in the order they came. */
async function exclusively(work: () => Promise<void>): Promise<void> {
  const previous = busy;
  let release!: () => void;
  busy = new Promise((resolve) => (release = resolve));
  try {
    await previous;
    await work();
  } finally {
    release();
  }
}

function functionsOf(tools: readonly LlmToolSpec[]): ChatModelFunctions {
  return Object.fromEntries(tools.map((tool) => [tool.name, { description: tool.description, params: toGbnfParams(tool.parameters) }]));
}

async function prepare(request: Extract<LlamaWorkerRequest, { op: 'prepare' }>): Promise<void> {
  if (!chat) throw new BeckonError('LLM_NOT_READY', 'the language model is not loaded');
  // the same rendering as a question, up to where the user's words begin
  const history = toChatHistory(request.messages).slice(0, -1);
  history.push({ type: 'user', text: '' });
  await chat.loadChatAndCompleteUserMessage(history, {
    ...(request.tools.length ? { functions: functionsOf(request.tools), documentFunctionParams: true } : {}),
    maxTokens: 0,
  });
}

const SOFTWARE_GPU = /llvmpipe|lavapipe|swiftshader|software/i;

/**
 * llama.cpp with a GPU where there is a real one. Mesa's Vulkan loader is on many machines without a
 * GPU (Chromium pulls it in): node-llama-cpp then picks Vulkan with no device or only the lavapipe
 * software rasteriser (seen here: 'vulkan', no devices, 0 bytes of VRAM), which is slower than the CPU
 * build, so that case falls back to the CPU.
 */
async function loadLlama(gpu: 'auto' | false): Promise<Llama> {
  const options = {
    // never compile llama.cpp at run time (minutes, needs a toolchain): use the prebuilt binaries
    build: 'never' as const,
    progressLogs: false,
    logLevel: LlamaLogLevel.error,
    logger: (level: LlamaLogLevel, message: string) => process.stderr.write(`[llama.cpp ${level}] ${message}\n`),
  };
  const llama = await getLlama({ ...options, gpu });
  if (llama.gpu === false) return llama;
  const devices = await llama.getGpuDeviceNames();
  const vram = await llama.getVramState();
  if (devices.length > 0 && vram.total > 0 && !devices.every((d) => SOFTWARE_GPU.test(d))) return llama;
  await llama.dispose();
  return getLlama({ ...options, gpu: false });
}

async function generate(request: Extract<LlamaWorkerRequest, { op: 'generate' }>, emit: (chunk: LlamaWorkerChunk) => void, signal: AbortSignal): Promise<void> {
  if (!chat) throw new BeckonError('LLM_NOT_READY', 'the language model is not loaded');
  const functions = functionsOf(request.tools);
  const hasTools = request.tools.length > 0;
  let result;
  try {
    result = await chat.generateResponse(toChatHistory(request.messages), {
      ...(hasTools ? { functions, documentFunctionParams: true } : {}),
      onTextChunk: (text) => {
        if (text !== '') emit({ type: 'text', text });
      },
      signal,
      stopOnAbortSignal: true,
      maxTokens: request.maxTokens,
      temperature: request.temperature,
      ...(request.seed !== undefined ? { seed: request.seed } : {}),
    });
  } catch (err) {
    if (signal.aborted) return;
    const message = err instanceof Error ? err.message : String(err);
    if (/context size|context shift/i.test(message)) {
      throw new BeckonError('LLM_CONTEXT_TOO_SMALL', `The conversation and the tool list do not fit the language model's context of ${chat.context.contextSize} tokens.`, 'Raise llm.contextSize in the configuration (2048 or more with tools).');
    }
    throw new BeckonError('LLM_GENERATION_FAILED', `The language model failed while answering: ${err instanceof Error ? err.message : String(err)}`.slice(0, 500), 'Try again; if it keeps failing, lower llm.contextSize or use another model file.');
  }
  if (signal.aborted) return;
  (result.functionCalls ?? []).forEach((call, i) => {
    emit({ type: 'tool-call', id: `call_${i}`, name: call.functionName, arguments: JSON.stringify(call.params ?? {}) });
  });
  emit({ type: 'done', finishReason: FINISH[result.metadata.stopReason] ?? result.metadata.stopReason });
}
