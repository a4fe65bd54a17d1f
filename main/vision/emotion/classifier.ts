/**
 * EmotionClassifier: the emotion model in a supervised worker process (restarted if it dies),
 * plus a rate limit for live frames (default 5 classifications per second).
 */
import { SupervisedWorker } from '../../core/worker-rpc.ts';
import type { BeckonError } from '../../common/errors.ts';
import type { EmotionModelOptions } from './model.ts';
import type { EmotionWorkerResult } from './worker.ts';
import type { EmotionProbs } from './labels.ts';
import { RateLimiter } from './rate-limiter.ts';

export interface EmotionClassifierOptions extends EmotionModelOptions {
  /** classifications per second that `classifyLive` lets through (default 5) */
  perSecond?: number;
  /** a classification that takes longer fails and the worker is restarted (default 10 s) */
  runTimeoutMs?: number;
  /** told each time the worker died and was restarted */
  onRestart?: (error: BeckonError, restarts: number) => void;
  /** the worker module; defaults to ./worker.ts next to this file */
  workerEntry?: URL;
}

export type EmotionWorker = SupervisedWorker<EmotionModelOptions, Uint8Array, EmotionWorkerResult>;

export class EmotionClassifier {
  readonly worker: EmotionWorker;
  private readonly limiter: RateLimiter;
  private busy = false;
  /** ms the model itself took on the last classification */
  lastModelMs = 0;

  constructor(options: EmotionClassifierOptions = {}) {
    this.limiter = new RateLimiter(options.perSecond ?? 5);
    this.worker = new SupervisedWorker({
      entry: options.workerEntry ?? new URL('./worker.ts', import.meta.url),
      name: 'emotion',
      init: { modelPath: options.modelPath, threads: options.threads },
      runTimeoutMs: options.runTimeoutMs ?? 10_000,
      onRestart: options.onRestart,
    });
  }

  /** Loads the model; rejects with MODEL_MISSING / MODEL_CORRUPT. */
  start(): Promise<void> {
    return this.worker.start();
  }

  /** Classifies one 64x64 grey crop (4096 bytes, row-major), whatever the rate. */
  async classify(crop: Uint8Array): Promise<EmotionProbs> {
    // Copied to the worker process: the caller keeps its buffer.
    const result = await this.worker.run(crop);
    this.lastModelMs = result.modelMs;
    return result.probs;
  }

  /**
   * For live frames: classifies when the rate limit allows at `nowMs` and no classification is
   * in flight; otherwise resolves null at once (the frame is skipped, never queued).
   */
  async classifyLive(crop: Uint8Array, nowMs: number): Promise<EmotionProbs | null> {
    if (this.busy || !this.limiter.tryTake(nowMs)) return null;
    this.busy = true;
    try {
      return await this.classify(crop);
    } finally {
      this.busy = false;
    }
  }

  stop(): Promise<void> {
    return this.worker.stop();
  }
}
