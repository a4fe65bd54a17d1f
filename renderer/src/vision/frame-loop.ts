/**
 * Pulls frames from a video at no more than `fps`, hands each to the vision worker, and drops a frame
 * whenever the worker is still busy with the last one (drop, never queue: latency stays one frame).
 */
import type { Perception } from '../../../main/common/perception.ts';
import type { FrameResult } from './client.ts';

export interface FrameSink {
  readonly busy: boolean;
  process(bitmap: ImageBitmap, frameT: number, mirrored?: boolean): Promise<FrameResult>;
}

export interface LoopStats {
  processed: number;
  /** ticks skipped because the worker was busy */
  dropped: number;
  failed: number;
  /** model time of the last frame, ms */
  lastMs: number;
}

export interface FrameLoopOptions {
  video: HTMLVideoElement;
  sink: FrameSink;
  fps: number;
  onPerception(p: Perception, stats: LoopStats): void;
  onFrameError?(e: Error): void;
  grab?: (video: HTMLVideoElement) => Promise<ImageBitmap>;
  now?: () => number;
}

export class FrameLoop {
  readonly stats: LoopStats = { processed: 0, dropped: 0, failed: 0, lastMs: 0 };
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running = false;
  private lastStart = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: FrameLoopOptions) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
  }

  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(delay: number): void {
    if (!this.running) return;
    this.timer = setTimeout(() => void this.tick(), delay);
  }

  private async tick(): Promise<void> {
    const { video, sink, fps } = this.options;
    const now = this.options.now ?? (() => performance.now());
    const interval = 1000 / fps;
    const t = now();
    // the rate cap: never start two frames closer than 1/fps apart
    if (t - this.lastStart < interval) return this.schedule(interval - (t - this.lastStart));
    if (video.readyState < 2 || video.videoWidth === 0) return this.schedule(interval);
    if (sink.busy) {
      this.stats.dropped++;
      return this.schedule(interval);
    }
    this.lastStart = t;
    try {
      const bitmap = await (this.options.grab ?? ((v) => createImageBitmap(v)))(video);
      const result = await sink.process(bitmap, t);
      this.stats.processed++;
      this.stats.lastMs = result.ms;
      if (this.running) this.options.onPerception(result.perception, this.stats);
    } catch (e) {
      this.stats.failed++;
      this.options.onFrameError?.(e instanceof Error ? e : new Error(String(e)));
    }
    this.schedule(Math.max(0, interval - (now() - t)));
  }
}
