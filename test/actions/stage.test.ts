import { describe, expect, it } from 'vitest';
import { Pipeline } from '../../main/core/pipeline.ts';
import { ManualClock } from '../../main/common/clock.ts';
import { EventSchema, type BeckonEvent, type EventOf } from '../../main/common/events.ts';
import { createActionExecutor } from '../../main/actions/executor.ts';
import { createActionStage } from '../../main/actions/stage.ts';
import type { ActionExecutor } from '../../main/actions/types.ts';

async function collect(it: AsyncIterable<BeckonEvent>): Promise<BeckonEvent[]> {
  const out: BeckonEvent[] = [];
  for await (const e of it) out.push(e);
  return out;
}

function intents(pipeline: Pipeline, list: [string, Record<string, string>][]): AsyncIterable<BeckonEvent> {
  return (async function* () {
    yield pipeline.make('Metric', { name: 'before', ms: 1 }, 'test');
    for (const [name, slots] of list) yield pipeline.make('Intent', { name, slots, confidence: 1, evidence: [] }, 'test');
  })();
}

describe('action stage', () => {
  it('passes everything through and adds an Action after each intent that has one', async () => {
    const pipeline = new Pipeline([createActionStage({ executor: createActionExecutor({ dryRun: true, platform: 'linux' }) })], { clock: new ManualClock() });
    const out = await collect(
      pipeline.run(
        intents(pipeline, [
          ['volume.up', {}],
          ['time.query', {}],
          ['chat', { text: 'tell me a joke' }],
          ['app.open', { app: 'rm -rf /' }],
          ['type.text', { text: 'hello beckon' }],
        ]),
      ),
    );
    expect(out.map((e) => (e.kind === 'Intent' ? e.name : e.kind))).toEqual([
      'Metric', 'volume.up', 'Action', 'time.query', 'chat', 'app.open', 'Action', 'type.text', 'Action',
    ]);
    const actions = out.filter((e): e is EventOf<'Action'> => e.kind === 'Action');
    expect(actions.map((a) => [a.type, a.status])).toEqual([
      ['volume.up', 'dry-run'],
      ['app.open', 'denied'],
      ['type.text', 'dry-run'],
    ]);
    for (const a of actions) {
      expect(EventSchema.parse(a)).toEqual(a);
      expect(a.source).toBe('actions');
    }
  });

  it('reports an executor that throws as an Error event and keeps going', async () => {
    let calls = 0;
    const executor: ActionExecutor = {
      async execute() {
        calls++;
        if (calls === 1) throw new Error('backend exploded');
        return { type: 'scroll.up', payload: {}, status: 'done', message: 'ok' };
      },
    };
    const pipeline = new Pipeline([createActionStage({ executor })]);
    const out = await collect(pipeline.run(intents(pipeline, [['scroll.up', {}], ['scroll.up', {}]])));
    expect(out.map((e) => e.kind)).toEqual(['Metric', 'Intent', 'Error', 'Intent', 'Action']);
    expect(out[2]).toMatchObject({ code: 'ACTION_FAILED', message: 'backend exploded' });
  });
});
