import type { BeckonEvent, EventBody, EventKind, EventOf } from '../common/events.ts';
import { type Clock, systemClock } from '../common/clock.ts';
import { Channel } from './channel.ts';
import { toBeckonError } from '../common/errors.ts';
import type { ControlEvent, Stage, StageContext } from './stage.ts';
import { type Logger, silentLogger } from './log.ts';
import { EventBus } from './bus.ts';

export interface PipelineOptions {
  clock?: Clock;
  log?: Logger;
  bus?: EventBus;
  /** Most queued events per stage before droppable ones (audio) are discarded. */
  queueCapacity?: number;
}

/**
 * Runs stages concurrently, each behind its own queue. Every event is shown to the bus once,
 * when it first leaves a stage (or the source), so observers see it without waiting for later stages.
 */
export class Pipeline {
  readonly clock: Clock;
  readonly bus: EventBus;
  private readonly log: Logger;
  private readonly abort = new AbortController();
  private seq = 0;
  private readonly inputs: Channel[] = [];
  private readonly controlListeners = new Set<(e: ControlEvent) => void>();
  /** Identity sets: an event object keeps its identity as it passes through stages. */
  private readonly broadcast = new WeakSet<BeckonEvent>();
  private readonly published = new WeakSet<BeckonEvent>();
  private started = false;
  private final: Channel | null = null;
  private readonly queueCapacity: number;

  constructor(
    private readonly stages: Stage[],
    options: PipelineOptions = {},
  ) {
    this.clock = options.clock ?? systemClock();
    this.log = options.log ?? silentLogger;
    this.bus = options.bus ?? new EventBus();
    this.queueCapacity = options.queueCapacity ?? 2_000;
  }

  get signal(): AbortSignal {
    return this.abort.signal;
  }

  /** Stamp an event made outside any stage (sources, the CLI, transports). */
  make<K extends EventKind>(kind: K, body: EventBody<K>, source: string): EventOf<K> {
    return { ...body, kind, t: this.clock.now(), seq: this.seq++, source } as unknown as EventOf<K>;
  }

  /** Send a Control event to every stage at once and to observers. */
  control(action: ControlEvent['action'], reason?: string, source = 'pipeline'): void {
    this.deliverControl(this.make('Control', { action, reason }, source));
  }

  /**
   * Report an event made outside the stages (a metric from an observer, an error from a source):
   * observers and the output see it; no stage does.
   */
  report<K extends EventKind>(kind: K, body: EventBody<K>, source: string): EventOf<K> {
    const event = this.make(kind, body, source);
    this.published.add(event);
    this.bus.publish(event);
    this.final?.push(event);
    return event;
  }

  /**
   * Push a data event made outside the source (a vision event from a dashboard) into the first stage,
   * so it flows through every stage like a source event. False when the pipeline is not running.
   */
  inject(event: BeckonEvent): boolean {
    if (!this.started || this.abort.signal.aborted) return false;
    const first = this.inputs[0] ?? this.final;
    if (!first || first.isClosed) return false;
    if (this.inputs.length === 0 && !this.published.has(event)) {
      this.published.add(event);
      this.bus.publish(event);
    }
    first.push(event);
    return true;
  }

  /**
   * Run the source through the stages. The returned iterable yields every event that reaches the end.
   */
  run(source: AsyncIterable<BeckonEvent>): AsyncIterable<BeckonEvent> {
    if (this.started) throw new Error('a Pipeline runs once');
    this.started = true;
    const final = new Channel({ droppable: new Set() });
    this.final = final;
    let upstream: AsyncIterable<BeckonEvent> = this.observe(source);
    for (const stage of this.stages) {
      const input = new Channel({
        capacity: this.queueCapacity,
        onDrop: (e) => this.log.warn(`${stage.name} fell behind: dropped queued ${e.kind}`),
      });
      this.inputs.push(input);
      void this.pump(upstream, input);
      upstream = this.observe(stage.run(input, this.contextFor(stage.name)));
    }
    void this.pump(upstream, final, true);
    return final;
  }

  stop(reason = 'stopped'): void {
    if (this.abort.signal.aborted) return;
    this.abort.abort(new Error(reason));
    for (const input of this.inputs) input.close();
  }

  private contextFor(name: string): StageContext {
    return {
      clock: this.clock,
      log: this.log,
      signal: this.abort.signal,
      make: (kind, body) => this.make(kind, body, name),
      onControl: (listener) => {
        this.controlListeners.add(listener);
        return () => this.controlListeners.delete(listener);
      },
    };
  }

  private deliverControl(event: ControlEvent): void {
    this.broadcast.add(event);
    for (const listener of this.controlListeners) {
      try {
        listener(event);
      } catch (err) {
        this.log.error('control listener failed', err);
      }
    }
    for (const input of this.inputs) input.push(event);
    this.final?.push(event);
    this.bus.publish(event);
  }

  private async *observe(events: AsyncIterable<BeckonEvent>): AsyncIterable<BeckonEvent> {
    for await (const event of events) {
      if (event.kind === 'Control') {
        // Delivered to all stages already; a new one (from the source or a stage) is broadcast now.
        if (!this.broadcast.has(event)) {
          this.deliverControl(event);
        }
        continue;
      }
      if (!this.published.has(event)) {
        this.published.add(event);
        this.bus.publish(event);
      }
      yield event;
    }
  }

  private async pump(from: AsyncIterable<BeckonEvent>, to: Channel, isFinal = false): Promise<void> {
    try {
      for await (const event of from) to.push(event);
    } catch (err) {
      // A source or stage that throws ends the run with an Error event that keeps its code and hint.
      const known = toBeckonError(err, 'PIPELINE_FAILED');
      this.log.debug('pipeline input failed', err);
      const failure = this.make(
        'Error',
        { stage: 'pipeline', code: known.code, message: known.message, hint: known.hint, fatal: true },
        'pipeline',
      );
      this.published.add(failure);
      this.bus.publish(failure);
      to.push(failure);
    } finally {
      to.close();
      if (isFinal) this.bus.close();
    }
  }
}
