import { describe, expect, it } from 'vitest';
import { Pipeline } from '../../main/core/pipeline.ts';
import { createIntentStage, type CommandMatch } from '../../main/fusion/intent-stage.ts';
import {
  createDeixisResolver,
  DEFAULT_FUSION_RULES,
  gestureMappingsOf,
  parseFusionRules,
} from '../../main/fusion/rules.ts';
import { BeckonError } from '../../main/common/errors.ts';
import { EventSchema, type BeckonEvent, type EventOf } from '../../main/common/events.ts';
import { ManualClock } from '../../main/common/clock.ts';
import { DEFAULT_GESTURE_MAPPINGS, intentForGesture, parseGestureMappings } from '../../main/vision/gestures/mappings.ts';

const match = (text: string): CommandMatch | null => (text.startsWith('open') ? { name: 'app.open', slots: {}, confidence: 0.9 } : null);

/** Recorded-looking session lines. The words of "said" span [t - 1000, t] in event time. */
const pointer = (seq: number, t: number, x: number, y: number) =>
  `{"kind":"Gesture","t":${t},"seq":${seq},"source":"vision","label":"pointer","hand":"right","score":0.9,"gestureType":"pointer","x":${x},"y":${y}}`;
const pose = (seq: number, t: number, label: string) =>
  `{"kind":"Gesture","t":${t},"seq":${seq},"source":"vision","label":"${label}","hand":"right","score":0.9,"gestureType":"pose"}`;
const said = (seq: number, t: number, text: string) =>
  `{"kind":"Transcript","t":${t},"seq":${seq},"source":"asr","final":true,"text":"${text}","t0":4000,"t1":5000,"utteranceId":"u${seq}","lang":"en","confidence":0.9,"engine":"test"}`;

async function intents(jsonl: string[], rules = DEFAULT_FUSION_RULES): Promise<Array<EventOf<'Intent'>>> {
  const events = jsonl.map((line) => EventSchema.parse(JSON.parse(line)) as BeckonEvent);
  const stage = createIntentStage({ match, resolveDeixis: createDeixisResolver(rules) });
  const p = new Pipeline([stage], { clock: new ManualClock(20_000) });
  const out: BeckonEvent[] = [];
  for await (const e of p.run((async function* () { yield* events; })())) out.push(e);
  return out.filter((e): e is EventOf<'Intent'> => e.kind === 'Intent');
}

describe('fusion rules: deixis', () => {
  it('"open this" with a pointer 500 ms before the words -> pointer slots and both pieces of evidence', async () => {
    // words from 5000 to 6000 ms; pointer at 4500
    const [intent] = await intents([pointer(100, 4500, 0.25, 0.75), said(101, 6000, 'open this')]);
    expect(intent).toMatchObject({ name: 'app.open', slots: { pointerX: 0.25, pointerY: 0.75 } });
    expect(intent!.evidence).toEqual([
      { kind: 'Transcript', seq: 101, text: 'open this' },
      { kind: 'Gesture', seq: 100, text: 'pointer' },
    ]);
  });

  it('a pointing-up pose during the words counts as evidence; the pointer nearest the words wins', async () => {
    const [a] = await intents([pose(100, 5200, 'pointing-up'), said(101, 6000, 'what is that')]);
    expect(a!.evidence.map((e) => e.text)).toEqual(['what is that', 'pointing-up']);
    const [b] = await intents([pointer(100, 4000, 0.1, 0.1), pointer(102, 5500, 0.9, 0.2), said(103, 6000, 'open that')]);
    expect(b!.slots).toMatchObject({ pointerX: 0.9, pointerY: 0.2 });
  });

  it('no gesture, no deictic word, or a gesture 3 s before the words -> no pointer slots', async () => {
    const [none] = await intents([said(101, 6000, 'open this')]);
    expect(none!.slots).toEqual({});
    expect(none!.evidence).toHaveLength(1);
    const [plain] = await intents([pointer(100, 5500, 0.5, 0.5), said(101, 6000, 'open firefox')]);
    expect(plain!.slots).toEqual({});
    const [old] = await intents([pointer(100, 2000, 0.5, 0.5), said(101, 6000, 'open this')]);
    expect(old!.slots).toEqual({});
    expect(old!.evidence).toHaveLength(1);
    // the window is data: widen it and the same gesture counts
    const wide = parseFusionRules([{ kind: 'deixis', windowMs: 4000 }]);
    const [widened] = await intents([pointer(100, 2000, 0.5, 0.5), said(101, 6000, 'open this')], wide);
    expect(widened!.slots).toEqual({ pointerX: 0.5, pointerY: 0.5 });
  });
});

describe('fusion rules: configuration', () => {
  it('the default gesture rules are the gesture mappings the engine uses', () => {
    const mappings = parseGestureMappings(gestureMappingsOf(DEFAULT_FUSION_RULES));
    expect(mappings).toEqual([...DEFAULT_GESTURE_MAPPINGS]);
    expect(intentForGesture('open-palm', mappings)).toBe('control.stop');
  });

  it('an invalid configuration is a BeckonError with a hint', () => {
    for (const bad of [
      [{ kind: 'gesture', gesture: 'open-palm', intent: 'Stop!' }],
      [{ kind: 'deixis', windowMs: -5 }],
      [{ kind: 'teleport' }],
      [{ kind: 'deixis' }, { kind: 'deixis' }],
      'not a list',
    ]) {
      let caught: unknown;
      try {
        parseFusionRules(bad);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(BeckonError);
      expect((caught as BeckonError).code).toBe('FUSION_RULES_INVALID');
      expect((caught as BeckonError).hint).toMatch(/kind/);
    }
  });
});
