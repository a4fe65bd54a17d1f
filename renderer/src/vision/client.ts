/**
 * The page's handle on the vision worker: one frame in flight at most. A frame offered while the worker
 * is busy is dropped (never queued), so the camera never builds a backlog.
 */
import type { Perception } from '../../../main/common/perception.ts';
import { MODEL_BASE, WASM_BASE, type ErrorReply, type ReadyReply, type RunningMode, type WorkerReply } from './protocol.ts';

export class VisionError extends Error {
  constructor(
    readonly code: ErrorReply['code'],
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}

export interface VisionClientOptions {
  mode: RunningMode;
  /** default: a module worker built by Vite from worker.ts */
  worker?: Worker;
  /** origin the server's /mediapipe and /models live on; default the page's */
  origin?: string;
  cropIntervalMs?: number;
}

export interface FrameResult {
  perception: Perception;
  ms: number;
}

export class VisionClient {
  readonly ready: Promise<ReadyReply>;
  private readonly worker: Worker;
  private nextId = 1;
  private pending: { id: number; resolve: (r: FrameResult) => void; reject: (e: Error) => void } | null = null;
  private failed: VisionError | null = null;

  constructor(options: VisionClientOptions) {
    this.worker = options.worker ?? new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'beckon-vision' });
    const origin = options.origin ?? globalThis.location.origin;
    this.ready = new Promise<ReadyReply>((resolve, reject) => {
      this.worker.onmessage = (e: MessageEvent<WorkerReply>) => {
        const reply = e.data;
        if (reply.type === 'ready') resolve(reply);
        else if (reply.type === 'perception') this.settle(reply.id, { perception: reply.perception, ms: reply.ms });
        else if (reply.id === undefined) {
          this.failed = new VisionError(reply.code, reply.message, reply.hint);
          reject(this.failed);
        } else this.settle(reply.id, new VisionError(reply.code, reply.message, reply.hint));
      };
      this.worker.onerror = (e) => {
        this.failed = new VisionError('INIT_FAILED', `the vision worker failed: ${e.message || 'it could not be loaded'}`, 'reload the page; check the browser console');
        reject(this.failed);
        if (this.pending) this.settle(this.pending.id, this.failed);
      };
    });
    this.ready.catch(() => {}); // callers await it; an unobserved rejection must not be reported twice
    this.worker.postMessage({
      type: 'init',
      mode: options.mode,
      wasmBase: new URL(WASM_BASE, origin).href,
      modelBase: new URL(MODEL_BASE, origin).href,
      cropIntervalMs: options.cropIntervalMs ?? 200,
    });
  }

  get busy(): boolean {
    return this.pending !== null;
  }

  /** Reads one frame; the bitmap is transferred (and closed by the worker). Throws when busy: callers drop frames instead. */
  process(bitmap: ImageBitmap, frameT: number, mirrored = false): Promise<FrameResult> {
    if (this.failed) return Promise.reject(this.failed);
    if (this.pending) {
      bitmap.close();
      return Promise.reject(new Error('the vision worker is busy'));
    }
    const id = this.nextId++;
    return new Promise<FrameResult>((resolve, reject) => {
      this.pending = { id, resolve, reject };
      this.worker.postMessage({ type: 'frame', id, bitmap, frameT, mirrored }, [bitmap]);
    });
  }

  close(): void {
    this.worker.terminate();
    if (this.pending) this.settle(this.pending.id, new Error('vision stopped'));
  }

  private settle(id: number, result: FrameResult | Error): void {
    const p = this.pending;
    if (!p || p.id !== id) return;
    this.pending = null;
    if (result instanceof Error) p.reject(result);
    else p.resolve(result);
  }
}
