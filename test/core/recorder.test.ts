import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Pipeline } from '../../main/core/pipeline.ts';
import { JsonlRecorder, parseJsonl, readJsonl, replay, toJsonLine } from '../../main/core/recorder.ts';
import { createIntentStage } from '../../main/fusion/intent-stage.ts';
import { createReplyStage } from '../../main/fusion/reply-stage.ts';
import type { BeckonEvent } from '../../main/common/events.ts';

const stages = () => [
  createIntentStage({ match: (t) => (t.startsWith('scroll') ? { name: 'scroll.down', slots: {}, confidence: 1 } : null) }),
  createReplyStage({ commandHelp: [] }),
];

async function drain(it: AsyncIterable<BeckonEvent>): Promise<BeckonEvent[]> {
  const out: BeckonEvent[] = [];
  for await (const e of it) out.push(e);
  return out;
}

const summary = (events: BeckonEvent[]) =>
  events.filter((e) => e.kind === 'Intent' || e.kind === 'Reply').map((e) => (e.kind === 'Intent' ? `${e.name}:${e.utteranceId}` : `reply:${e.text}`));

describe('JSONL recorder and replayer', () => {
  it('replays a recorded session to the same intents and replies', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'beckon-rec-'));
    const path = join(dir, 'session.jsonl');
    const live = new Pipeline(stages());
    const recorder = new JsonlRecorder(path);
    live.bus.subscribe(recorder.observe);
    const heard = (text: string, id: string) =>
      live.make('Transcript', { final: true, text, t0: 0, t1: 900, utteranceId: id, lang: 'en', confidence: 1, engine: 't' }, 'asr');
    const audio = live.make('AudioFrame', { samples: new Float32Array(512), sampleRate: 16000, t0: 0 }, 'mic');
    const first = await drain(live.run((async function* () { yield audio; yield heard('scroll down', 'u1'); yield heard('hello there', 'u2'); })()));
    await recorder.close();

    const recorded = await readJsonl(path);
    expect(recorded.some((e) => e.kind === 'AudioFrame')).toBe(false); // audio never reaches disk
    const again = await drain(new Pipeline(stages()).run(replay(recorded, { kinds: new Set(['Transcript']) })));
    expect(summary(again)).toEqual(summary(first));
    expect(summary(first)).toHaveLength(4);
  });

  it('names the line of a malformed or invalid event', () => {
    expect(() => parseJsonl('{"kind":"Metric","t":1,"seq":0,"source":"x","name":"a","ms":1}\nnot json', 'f.jsonl')).toThrow(/f\.jsonl:2 is not JSON/);
    expect(() => parseJsonl('{"kind":"Intent","t":1,"seq":0,"source":"x"}', 'f.jsonl')).toThrow(/f\.jsonl:1 is not a valid event/);
    expect(() => parseJsonl('{"kind":"Nope","t":1,"seq":0,"source":"x"}')).toThrow(/not a valid event/);
  });

  it('reports a missing file clearly', async () => {
    await expect(readJsonl('/nonexistent/session.jsonl')).rejects.toMatchObject({ code: 'EVENTS_NOT_FOUND' });
  });

  it('keeps recorded gaps when replaying in real time', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'beckon-rec-'));
    const path = join(dir, 's.jsonl');
    const m = (t: number, seq: number) => toJsonLine({ kind: 'Metric', t, seq, source: 'x', name: 'n', ms: 0 })!;
    writeFileSync(path, `${m(0, 0)}\n${m(150, 1)}\n`);
    const start = performance.now();
    const out = await drain(replay(await readJsonl(path), { realtime: true }));
    expect(out).toHaveLength(2);
    expect(performance.now() - start).toBeGreaterThanOrEqual(140);
  });
});
