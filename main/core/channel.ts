import { type BeckonEvent, PRIORITY_KINDS } from '../common/events.ts';

export interface ChannelOptions {
  /** Most data events held before the oldest droppable one is discarded. */
  capacity?: number;
  /** Kinds that may be discarded when the queue is full or on interrupt (e.g. AudioFrame). */
  droppable?: ReadonlySet<string>;
  /** Told how many events were discarded, so a stage can say it fell behind. */
  onDrop?: (dropped: BeckonEvent) => void;
}

/**
 * An async queue between stages. Control events jump ahead of queued data; an interrupt
 * discards queued data events that are droppable (pipecat's rule: system frames are never queued behind data).
 */
export class Channel<T extends BeckonEvent = BeckonEvent> implements AsyncIterable<T> {
  private readonly priority: T[] = [];
  private readonly data: T[] = [];
  private waiter: ((r: IteratorResult<T>) => void) | null = null;
  private closed = false;
  private readonly capacity: number;
  private readonly droppable: ReadonlySet<string>;
  private readonly onDrop?: (dropped: BeckonEvent) => void;

  constructor(options: ChannelOptions = {}) {
    this.capacity = options.capacity ?? Number.POSITIVE_INFINITY;
    this.droppable = options.droppable ?? new Set(['AudioFrame', 'SpeechSegment']);
    this.onDrop = options.onDrop;
  }

  get size(): number {
    return this.priority.length + this.data.length;
  }

  push(item: T): void {
    if (this.closed) return;
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = null;
      w({ value: item, done: false });
      return;
    }
    if (PRIORITY_KINDS.has(item.kind)) {
      this.priority.push(item);
      if (item.kind === 'Control' && item.action === 'interrupt') this.dropDroppable();
      return;
    }
    if (this.data.length >= this.capacity) this.dropOldestDroppable();
    this.data.push(item);
  }

  close(): void {
    this.closed = true;
    if (this.waiter && this.size === 0) {
      const w = this.waiter;
      this.waiter = null;
      w({ value: undefined, done: true });
    }
  }

  get isClosed(): boolean {
    return this.closed;
  }

  next(): Promise<IteratorResult<T>> {
    const item = this.priority.shift() ?? this.data.shift();
    if (item !== undefined) return Promise.resolve({ value: item, done: false });
    if (this.closed) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => {
      this.waiter = resolve;
    });
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return { next: () => this.next(), return: async () => { this.close(); return { value: undefined, done: true }; } };
  }

  private dropDroppable(): void {
    for (let i = this.data.length - 1; i >= 0; i--) {
      const e = this.data[i]!;
      if (this.droppable.has(e.kind)) {
        this.data.splice(i, 1);
        this.onDrop?.(e);
      }
    }
  }

  private dropOldestDroppable(): void {
    const index = this.data.findIndex((e) => this.droppable.has(e.kind));
    if (index >= 0) {
      const [dropped] = this.data.splice(index, 1);
      if (dropped) this.onDrop?.(dropped);
    }
  }
}
