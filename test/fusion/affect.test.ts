import { describe, expect, it } from 'vitest';
import { Pipeline } from '../../main/core/pipeline.ts';
import { createAffectStage, textSentiment, type AffectStageOptions } from '../../main/fusion/affect.ts';
import { EventSchema, type BeckonEvent, type EventOf } from '../../main/common/events.ts';
import { ManualClock } from '../../main/common/clock.ts';

/** Recorded-looking sessions: one JSON event a line, as the recorder writes them. */
const face = (seq: number, t: number, label: string, p: number) =>
  `{"kind":"Emotion","t":${t},"seq":${seq},"source":"vision","label":"${label}","probs":{"${label}":${p}}}`;
const said = (seq: number, t: number, text: string) =>
  `{"kind":"Transcript","t":${t},"seq":${seq},"source":"asr","final":true,"text":"${text}","t0":${t - 1500},"t1":${t - 200},"utteranceId":"u${seq}","lang":"en","confidence":0.9,"engine":"test"}`;

async function affects(jsonl: string[], options?: AffectStageOptions): Promise<Array<EventOf<'Affect'>>> {
  const events = jsonl.map((line) => EventSchema.parse(JSON.parse(line)) as BeckonEvent);
  const p = new Pipeline([createAffectStage(options)], { clock: new ManualClock(10_000) });
  const out: BeckonEvent[] = [];
  for await (const e of p.run((async function* () { yield* events; })())) out.push(e);
  const found = out.filter((e): e is EventOf<'Affect'> => e.kind === 'Affect');
  for (const a of found) expect(EventSchema.safeParse(a).success).toBe(true);
  return found;
}

describe('text sentiment', () => {
  it('reads positive and negative words and flips negated ones', () => {
    expect(textSentiment('this is great')!.valence).toBe(1);
    expect(textSentiment('this is not good')!.valence).toBe(-1);
    expect(textSentiment('never really liked it, not bad at all')).toEqual({ valence: 1, hits: 1 }); // "liked" is not in the lexicon
    expect(textSentiment('open the browser')).toBeNull();
    // "like" as a preposition says nothing about the mood (it was heard as positive before)
    expect(textSentiment('what is the weather like today')).toBeNull();
  });
});

describe('affect stage', () => {
  it('a happy face and "this is great" -> positive, citing both', async () => {
    const out = await affects([face(100, 1000, 'happy', 0.9), said(101, 2500, 'this is great')]);
    const last = out.at(-1)!;
    expect(last.label).toBe('positive');
    expect(last.valence).toBeGreaterThan(0.5);
    expect(last.evidence).toEqual([
      { kind: 'Transcript', seq: 101, text: 'this is great' },
      { kind: 'Emotion', seq: 100, text: 'happy' },
    ]);
  });

  it('a sad face and "this is not good" -> negative', async () => {
    const out = await affects([face(100, 1000, 'sad', 0.8), said(101, 2000, 'this is not good')]);
    expect(out.at(-1)!.label).toBe('negative');
    expect(out.at(-1)!.valence).toBeLessThan(-0.5);
    expect(out.at(-1)!.evidence.map((e) => e.kind)).toEqual(['Transcript', 'Emotion']);
  });

  it('a happy face with negative words -> the fused valence lies between the two', async () => {
    const out = await affects([face(100, 1000, 'happy', 0.9), said(101, 2000, 'this is terrible')]);
    const faceOnly = out[0]!;
    const fused = out.at(-1)!;
    expect(faceOnly.valence).toBeGreaterThan(0);
    expect(fused.valence).toBeLessThan(faceOnly.valence);
    expect(fused.valence).toBeGreaterThan(-1);
    expect(fused.evidence).toHaveLength(2);
    // weights are options: trusting words more pulls the estimate to them
    const wordy = await affects([face(100, 1000, 'happy', 0.9), said(101, 2000, 'this is terrible')], { weights: { text: 3, face: 1 } });
    expect(wordy.at(-1)!.valence).toBeLessThan(fused.valence);
    expect(wordy.at(-1)!.label).toBe('negative');
  });

  it('ignores a facial emotion older than the window', async () => {
    const out = await affects([face(100, 1000, 'sad', 0.9), said(101, 7000, 'this is great')]);
    expect(out.at(-1)!.label).toBe('positive');
    expect(out.at(-1)!.evidence).toEqual([{ kind: 'Transcript', seq: 101, text: 'this is great' }]);
    const wide = await affects([face(100, 1000, 'sad', 0.9), said(101, 7000, 'this is great')], { windowMs: 10_000 });
    expect(wide.at(-1)!.evidence).toHaveLength(2);
  });

  it('emits nothing without inputs, without sentiment, or for an unchanged face', async () => {
    expect(await affects([])).toEqual([]);
    expect(await affects([said(101, 2000, 'open the browser'), face(102, 2100, 'no-face', 1)])).toEqual([]);
    const steady = await affects([face(100, 1000, 'happy', 0.9), face(101, 1100, 'happy', 0.9), face(102, 1200, 'sad', 0.9)]);
    expect(steady.map((a) => a.label)).toEqual(['positive', 'negative']);
  });
});
