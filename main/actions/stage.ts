/**
 * Turns intents into desktop actions. Passes every event through; after each Intent that has a
 * desktop action it adds an Action event with the outcome (done, dry-run, failed, denied).
 */
import type { Stage } from '../core/stage.ts';
import type { ActionExecutor } from './types.ts';

export interface ActionStageOptions {
  executor: ActionExecutor;
  name?: string;
}

export function createActionStage(options: ActionStageOptions): Stage {
  const name = options.name ?? 'actions';
  return {
    name,
    async *run(input, ctx) {
      for await (const event of input) {
        yield event;
        if (event.kind !== 'Intent') continue;
        try {
          const outcome = await options.executor.execute({ name: event.name, slots: event.slots });
          if (outcome) yield ctx.make('Action', outcome);
        } catch (err) {
          const message = err instanceof Error ? err.message : String(err);
          yield ctx.make('Error', { stage: name, code: 'ACTION_FAILED', message });
        }
      }
    },
  };
}
