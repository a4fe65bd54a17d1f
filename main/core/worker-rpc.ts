/**
 * A small typed RPC between a stage and its model worker (init / run / stream / cancel / ping / shutdown), with
 * supervision: a worker that dies is restarted and re-initialised, and calls in flight fail with
 * WORKER_CRASHED instead of hanging.
 *
 * Workers are child processes, not worker_threads: onnxruntime-node aborts the whole process
 * ("terminate called after throwing an instance of 'Napi::Error'") when a thread is terminated
 * while an inference is in flight, and a native crash in a thread takes the engine down with it.
 * A process can be killed at any moment and crash alone. Messages use structured clone
 * (typed arrays arrive as typed arrays); nothing is transferred, a 10 s utterance is 640 KB.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { BeckonError } from '../common/errors.ts';

type RequestType = 'init' | 'run' | 'stream' | 'cancel' | 'ping' | 'shutdown';
interface RpcRequest {
  id: number;
  type: RequestType;
  payload?: unknown;
}
interface RpcError {
  code: string;
  message: string;
  hint?: string;
}
type RpcResponse =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: RpcError }
  /** one piece of a streamed answer; the stream ends with an ok/error response of the same id */
  | { id: number; chunk: unknown };

export interface WorkerHandlers<Init, In, Out> {
  init(payload: Init): Promise<void> | void;
  run(payload: In): Promise<Out> | Out;
  /** answers in pieces (a language model's tokens); `signal` aborts when the caller cancels */
  stream?(payload: In, emit: (chunk: unknown) => void, signal: AbortSignal): Promise<void>;
  shutdown?(): Promise<void> | void;
}

/** Called inside the worker module (a process started by SupervisedWorker). */
export function serveWorker<Init, In, Out>(handlers: WorkerHandlers<Init, In, Out>): void {
  const send = process.send?.bind(process);
  if (!send) throw new Error('serveWorker must run in a process started by SupervisedWorker');
  const port = { postMessage: (msg: RpcResponse) => void send(msg), close: () => process.disconnect() };
  // Messages are handled concurrently, so a run that arrives while init is still loading a model
  // (a request sent right after a restart) waits for init to finish first.
  let initialised: Promise<void> = Promise.resolve();
  const streams = new Map<number, AbortController>();
  process.on('message', async (req: RpcRequest) => {
    try {
      let result: unknown = null;
      if (req.type === 'stream') {
        if (!handlers.stream) throw new BeckonError('WORKER_NO_STREAM', 'this worker does not stream');
        const controller = new AbortController();
        streams.set(req.id, controller);
        try {
          await initialised;
          await handlers.stream(req.payload as In, (chunk) => port.postMessage({ id: req.id, chunk }), controller.signal);
        } finally {
          streams.delete(req.id);
        }
      } else if (req.type === 'cancel') streams.get(req.payload as number)?.abort();
      else if (req.type === 'init') {
        initialised = Promise.resolve(handlers.init(req.payload as Init));
        await initialised;
      } else if (req.type === 'run') {
        await initialised;
        result = await handlers.run(req.payload as In);
      } else if (req.type === 'ping') result = Date.now();
      else if (req.type === 'shutdown') {
        await handlers.shutdown?.();
        port.postMessage({ id: req.id, ok: true, result: null } satisfies RpcResponse);
        port.close();
        return;
      }
      port.postMessage({ id: req.id, ok: true, result } satisfies RpcResponse);
    } catch (err) {
      const e = err instanceof BeckonError ? err : null;
      const error: RpcError = {
        code: e?.code ?? 'WORKER_ERROR',
        message: err instanceof Error ? err.message : String(err),
        hint: e?.hint,
      };
      port.postMessage({ id: req.id, ok: false, error } satisfies RpcResponse);
    }
  });
}

export interface SupervisedWorkerOptions<Init> {
  /** The worker module (.ts from source, .js when built), run in its own process. */
  entry: URL;
  name: string;
  init: Init;
  /** Told each time the worker died and was restarted. */
  onRestart?: (error: BeckonError, restarts: number) => void;
  /** Restarts allowed within `restartWindowMs` before the worker is given up on. */
  maxRestarts?: number;
  restartWindowMs?: number;
  /** A run that takes longer is failed and the worker restarted. */
  runTimeoutMs?: number;
  /** loading (init) may take this long; default 120 s (a large model on a slow disk may need more) */
  initTimeoutMs?: number;
}

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: BeckonError) => void;
  timer?: NodeJS.Timeout;
  onChunk?: (chunk: unknown) => void;
}

const BOOT = fileURLToPath(new URL('./worker-boot.mjs', import.meta.url));

export class SupervisedWorker<Init, In, Out> {
  private worker: ChildProcess | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private restartTimes: number[] = [];
  private stopped = false;
  private ready: Promise<void> | null = null;
  private failure: BeckonError | null = null;

  constructor(private readonly options: SupervisedWorkerOptions<Init>) {}

  /** Spawn and initialise; rejects with the worker's own error (e.g. a missing model). */
  start(): Promise<void> {
    // After stop() nothing may start a process again: it would outlive the engine.
    if (this.stopped) return Promise.reject(new BeckonError('WORKER_STOPPED', `${this.options.name} worker has been stopped`));
    if (!this.ready) this.ready = this.spawn();
    return this.ready;
  }

  async run(input: In): Promise<Out> {
    if (this.failure) throw this.failure;
    await this.start();
    return (await this.call('run', input, this.options.runTimeoutMs)) as Out;
  }

  /**
   * A streamed call: `onChunk` gets each piece as the worker emits it; resolves when the worker is
   * done. Aborting `signal` tells the worker to stop and resolves at once (late pieces are dropped).
   */
  async stream<Chunk>(input: In, onChunk: (chunk: Chunk) => void, signal?: AbortSignal): Promise<void> {
    if (this.failure) throw this.failure;
    if (signal?.aborted) return;
    await this.start();
    if (signal?.aborted) return;
    const id = this.nextId;
    const onAbort = () => {
      const entry = this.pending.get(id);
      if (!entry) return;
      this.pending.delete(id);
      entry.resolve(null);
      this.worker?.send({ id: this.nextId++, type: 'cancel', payload: id } satisfies RpcRequest, () => undefined);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      await this.call('stream', input, undefined, onChunk as (chunk: unknown) => void);
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  async ping(): Promise<number> {
    await this.start();
    return (await this.call('ping', undefined, 5_000)) as number;
  }

  /** It crashed too often and is not restarted any more: every call fails with WORKER_GAVE_UP. */
  get gaveUp(): boolean {
    return this.failure !== null;
  }

  /** The worker's process id, while it runs (for measurements such as its memory). */
  get pid(): number | undefined {
    return this.worker?.pid;
  }

  /** Kill the worker as a crash would (fault injection, or a hung model). It is restarted. */
  kill(reason = 'killed'): void {
    const worker = this.worker;
    if (!worker) return;
    // Replace it now, so no request is sent to the dying process.
    this.onDeath(worker, new Error(reason));
    worker.kill('SIGKILL');
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const worker = this.worker;
    if (!worker) return;
    try {
      await this.call('shutdown', undefined, 2_000);
    } catch {
      // It may already be gone.
    }
    this.worker = null;
    // Calls still waiting (an init that never finished) fail now, and their timers go with them.
    this.failPending(new BeckonError('WORKER_STOPPED', `${this.options.name} worker has been stopped`));
    if (worker.exitCode === null && worker.signalCode === null) {
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.kill('SIGKILL');
      await exited;
    }
  }

  private spawn(): Promise<void> {
    const worker = fork(BOOT, [this.options.entry.href], {
      serialization: 'advanced',
      // the engine's own flags (a test runner's, an inspector) are not the worker's
      execArgv: [],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.worker = worker;
    worker.on('message', (msg: RpcResponse) => this.settle(msg));
    worker.on('error', (err) => this.onDeath(worker, err));
    worker.on('exit', (code, signal) => this.onDeath(worker, new Error(signal ? `killed by ${signal}` : `exited with code ${code}`)));
    return this.call('init', this.options.init, this.options.initTimeoutMs ?? 120_000).then(() => undefined);
  }

  private call(type: RequestType, payload: unknown, timeoutMs?: number, onChunk?: (chunk: unknown) => void): Promise<unknown> {
    const worker = this.worker;
    if (!worker) return Promise.reject(new BeckonError('WORKER_STOPPED', `${this.options.name} worker is not running`));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const entry: Pending = { resolve, reject, onChunk };
      if (timeoutMs) {
        entry.timer = setTimeout(() => {
          this.pending.delete(id);
          reject(new BeckonError('WORKER_TIMEOUT', `${this.options.name} worker took longer than ${timeoutMs} ms`));
          this.kill(`no answer within ${timeoutMs} ms`);
        }, timeoutMs);
      }
      this.pending.set(id, entry);
      worker.send({ id, type, payload } satisfies RpcRequest, (err) => {
        // the process went away between our check and the send: its exit settles the call
        if (err) this.log?.(`could not send to ${this.options.name} worker: ${err.message}`);
      });
    });
  }

  private settle(msg: RpcResponse): void {
    const entry = this.pending.get(msg.id);
    if (!entry) return;
    if ('chunk' in msg) {
      entry.onChunk?.(msg.chunk);
      return;
    }
    this.pending.delete(msg.id);
    if (entry.timer) clearTimeout(entry.timer);
    if (msg.ok) entry.resolve(msg.result);
    else entry.reject(new BeckonError(msg.error.code, msg.error.message, msg.error.hint));
  }

  private failPending(error: BeckonError): void {
    for (const [id, entry] of this.pending) {
      if (entry.timer) clearTimeout(entry.timer);
      entry.reject(error);
      this.pending.delete(id);
    }
  }

  private readonly log = (msg: string) => process.env.BECKON_LOG === 'debug' && process.stderr.write(`[worker] ${msg}\n`);

  private onDeath(worker: ChildProcess, cause: Error): void {
    if (worker !== this.worker) return;
    this.worker = null;
    const error = new BeckonError(
      'WORKER_CRASHED',
      `${this.options.name} worker stopped unexpectedly (${cause.message})`,
      'It is being restarted; the utterance in progress is lost.',
    );
    this.failPending(error);
    if (this.stopped) return;
    const now = Date.now();
    const windowMs = this.options.restartWindowMs ?? 60_000;
    this.restartTimes = this.restartTimes.filter((t) => now - t < windowMs);
    if (this.restartTimes.length >= (this.options.maxRestarts ?? 5)) {
      this.failure = new BeckonError(
        'WORKER_GAVE_UP',
        `${this.options.name} worker crashed ${this.restartTimes.length} times in ${windowMs} ms; giving up`,
        'Check the model files with `beckon models` and the log above.',
      );
      this.options.onRestart?.(this.failure, this.restartTimes.length);
      return;
    }
    this.restartTimes.push(now);
    this.options.onRestart?.(error, this.restartTimes.length);
    this.ready = this.spawn();
    this.ready.catch(() => undefined);
  }
}
