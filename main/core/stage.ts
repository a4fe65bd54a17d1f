import type { BeckonEvent, EventBody, EventKind, EventOf } from '../common/events.ts';
import type { Clock } from '../common/clock.ts';
import type { Logger } from './log.ts';
import { Channel } from './channel.ts';

export type ControlEvent = EventOf<'Control'>;

export interface StageContext {
  readonly clock: Clock;
  readonly log: Logger;
  /** aborted when the pipeline stops */
  readonly signal: AbortSignal;
  /** Stamp a new event with time, sequence number and this stage's name. */
  make<K extends EventKind>(kind: K, body: EventBody<K>): EventOf<K>;
  /**
   * Called synchronously the moment a Control event enters the pipeline, even while the stage
   * is busy awaiting a model: this is how barge-in stops work at once. Returns an unsubscribe.
   */
  onControl(listener: (event: ControlEvent) => void): () => void;
}

/**
 * A stage reads events and yields events. It passes through what it does not consume, so that
 * later stages and observers see everything. Control events are delivered by the pipeline to every
 * stage; a stage need not forward the ones it receives.
 */
export interface Stage {
  readonly name: string;
  run(input: AsyncIterable<BeckonEvent>, ctx: StageContext): AsyncIterable<BeckonEvent>;
}

/**
 * For stages that emit while they wait (a worker result arriving while input keeps flowing):
 * the body pushes to `out` at any time; the stage ends when the body resolves.
 */
export function channelStage(
  name: string,
  body: (input: AsyncIterable<BeckonEvent>, out: Channel, ctx: StageContext) => Promise<void>,
): Stage {
  return {
    name,
    run(input, ctx) {
      const out = new Channel({ droppable: new Set() });
      body(input, out, ctx).then(
        () => out.close(),
        (err: unknown) => {
          const message = err instanceof Error ? err.message : String(err);
          out.push(ctx.make('Error', { stage: name, code: 'STAGE_FAILED', message, fatal: true }));
          out.close();
        },
      );
      return out;
    },
  };
}
