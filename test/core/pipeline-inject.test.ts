import { describe, expect, it } from 'vitest';
import { Pipeline } from '../../main/core/pipeline.ts';
import { Channel } from '../../main/core/channel.ts';
import type { BeckonEvent } from '../../main/common/events.ts';
import type { Stage } from '../../main/core/stage.ts';

const passThrough = (name: string, seen: string[]): Stage => ({
  name,
  async *run(input) {
    for await (const e of input) {
      seen.push(`${name}:${e.kind}`);
      yield e;
    }
  },
});

describe('Pipeline.inject', () => {
  it('pushes an event through every stage and shows it to the bus once', async () => {
    const seen: string[] = [];
    const pipeline = new Pipeline([passThrough('a', seen), passThrough('b', seen)]);
    const bus: string[] = [];
    pipeline.bus.subscribe((e) => bus.push(e.kind));
    expect(pipeline.inject(pipeline.make('Gesture', { label: 'x', hand: 'left', score: 1, gestureType: 'pose' }, 't'))).toBe(false);
    const source = new Channel();
    const out = pipeline.run(source);
    const gesture = pipeline.make('Gesture', { label: 'thumbs-up', hand: 'right', score: 0.9, gestureType: 'pose' }, 'dashboard');
    expect(pipeline.inject(gesture)).toBe(true);
    source.close();
    const results: BeckonEvent[] = [];
    for await (const e of out) results.push(e);
    expect(results).toEqual([gesture]);
    expect(seen).toEqual(['a:Gesture', 'b:Gesture']);
    expect(bus).toEqual(['Gesture']);
    expect(pipeline.inject(gesture)).toBe(false);
  });

  it('refuses after stop', () => {
    const pipeline = new Pipeline([passThrough('a', [])]);
    pipeline.run(new Channel());
    pipeline.stop();
    expect(pipeline.inject(pipeline.make('Emotion', { label: 'happy', probs: { happy: 1 } }, 't'))).toBe(false);
  });
});
