import { describe, expect, it } from 'vitest';
import { Pipeline } from '../../main/core/pipeline.ts';
import { channelStage, type Stage } from '../../main/core/stage.ts';
import type { BeckonEvent } from '../../main/common/events.ts';
import { Channel } from '../../main/core/channel.ts';
import { ManualClock } from '../../main/common/clock.ts';

async function collect(it: AsyncIterable<BeckonEvent>): Promise<BeckonEvent[]> {
  const out: BeckonEvent[] = [];
  for await (const e of it) out.push(e);
  return out;
}

const upper: Stage = {
  name: 'upper',
  async *run(input, ctx) {
    for await (const e of input) {
      yield e;
      if (e.kind === 'Transcript') yield ctx.make('Reply', { replyId: e.utteranceId, text: e.text.toUpperCase(), partial: false });
    }
  },
};

describe('Pipeline', () => {
  it('passes events through stages in order and shows each to the bus once', async () => {
    const pipeline = new Pipeline([upper, { name: 'noop', run: (i) => i }], { clock: new ManualClock() });
    const seen: string[] = [];
    pipeline.bus.subscribe((e) => seen.push(e.kind));
    async function* source() {
      yield pipeline.make('Transcript', { final: true, text: 'hi', t0: 0, t1: 10, utteranceId: 'u1', lang: 'en', confidence: 1, engine: 'x' }, 'test');
    }
    const out = await collect(pipeline.run(source()));
    expect(out.map((e) => e.kind)).toEqual(['Transcript', 'Reply']);
    expect((out[1] as Extract<BeckonEvent, { kind: 'Reply' }>).text).toBe('HI');
    expect(seen).toEqual(['Transcript', 'Reply']);
    expect(out[1]!.source).toBe('upper');
    expect(out[1]!.seq).toBeGreaterThan(out[0]!.seq);
  });

  it('delivers a Control event to a busy stage at once, ahead of queued data', async () => {
    const received: number[] = [];
    let release!: () => void;
    const blocked = new Promise<void>((r) => (release = r));
    const slow = channelStage('slow', async (input, out, ctx) => {
      ctx.onControl((c) => {
        if (c.action === 'interrupt') {
          received.push(-1);
          release();
        }
      });
      for await (const e of input) {
        if (e.kind === 'Metric') {
          received.push(e.ms);
          await blocked; // stands for a long model call
        }
        out.push(e);
      }
    });
    const pipeline = new Pipeline([slow]);
    const src = new Channel();
    const done = collect(pipeline.run(src));
    for (let i = 1; i <= 3; i++) src.push(pipeline.make('Metric', { name: 'x', ms: i }, 'test'));
    await new Promise((r) => setTimeout(r, 20));
    pipeline.control('interrupt', 'test');
    src.close();
    const out = await done;
    expect(received[0]).toBe(1);
    expect(received[1]).toBe(-1);
    expect(out.filter((e) => e.kind === 'Control')).toHaveLength(1);
  });
});

describe('Channel', () => {
  it('drops queued audio on interrupt but keeps transcripts', async () => {
    const ch = new Channel();
    const make = (kind: 'AudioFrame' | 'Control', i: number): BeckonEvent =>
      kind === 'AudioFrame'
        ? { kind, t: i, seq: i, source: 't', samples: new Float32Array(4), sampleRate: 16000, t0: i }
        : { kind, t: i, seq: i, source: 't', action: 'interrupt' };
    ch.push(make('AudioFrame', 1));
    ch.push({ kind: 'Metric', t: 2, seq: 2, source: 't', name: 'm', ms: 1 });
    ch.push(make('AudioFrame', 3));
    ch.push(make('Control', 4));
    ch.close();
    const kinds = (await collect(ch)).map((e) => e.kind);
    expect(kinds).toEqual(['Control', 'Metric']);
  });

  it('discards the oldest audio when full', async () => {
    const dropped: number[] = [];
    const ch = new Channel({ capacity: 2, onDrop: (e) => dropped.push(e.seq) });
    for (let i = 0; i < 4; i++) ch.push({ kind: 'AudioFrame', t: i, seq: i, source: 't', samples: new Float32Array(1), sampleRate: 16000, t0: i });
    ch.close();
    expect((await collect(ch)).map((e) => e.seq)).toEqual([2, 3]);
    expect(dropped).toEqual([0, 1]);
  });
});

describe('Pipeline failures', () => {
  it('turns a failing source into one fatal Error that keeps its code and hint, shown to the bus once', async () => {
    const { BeckonError } = await import('../../main/common/errors.ts');
    const pipeline = new Pipeline([upper, { name: 'noop', run: (i) => i }]);
    const seen: BeckonEvent[] = [];
    pipeline.bus.subscribe((e) => seen.push(e));
    async function* failing(): AsyncIterable<BeckonEvent> {
      throw new BeckonError('MIC_UNAVAILABLE', 'arecord could not record', 'check the device');
    }
    const out = await collect(pipeline.run(failing()));
    expect(out).toMatchObject([{ kind: 'Error', code: 'MIC_UNAVAILABLE', hint: 'check the device', fatal: true }]);
    expect(seen.filter((e) => e.kind === 'Error')).toHaveLength(1);
  });
});
