import { describe, expect, it } from 'vitest';
import { Pipeline } from '../../main/core/pipeline.ts';
import { createIntentStage, type CommandMatch } from '../../main/fusion/intent-stage.ts';
import { createReplyStage } from '../../main/fusion/reply-stage.ts';
import type { BeckonEvent, EventOf } from '../../main/common/events.ts';
import { ManualClock } from '../../main/common/clock.ts';

/** A tiny stand-in for the command matcher, so these tests pin down the stage's own rules. */
const match = (text: string): CommandMatch | null => {
  if (text.includes('volume up')) return { name: 'volume.up', slots: {}, confidence: 0.9 };
  if (text.includes('open')) return { name: 'app.open', slots: { app: 'firefox' }, confidence: 0.95 };
  if (text === 'stop') return { name: 'control.stop', slots: {}, confidence: 1 };
  if (text === 'repeat that') return { name: 'reply.repeat', slots: {}, confidence: 1 };
  if (text === 'volume') return { name: 'volume.up', slots: {}, confidence: 0.3 };
  return null;
};

function transcript(p: Pipeline, text: string, id: string, final = true): EventOf<'Transcript'> {
  return p.make('Transcript', { final, text, t0: 0, t1: 1000, utteranceId: id, lang: 'en', confidence: 0.9, engine: 'test' }, 'test');
}

async function runTexts(texts: Array<string | [string, boolean]>): Promise<BeckonEvent[]> {
  const p = new Pipeline([createIntentStage({ match }), createReplyStage({ commandHelp: ['volume up'], now: () => new Date(2026, 0, 1, 15, 4) })], {
    clock: new ManualClock(),
  });
  const events = texts.map((t, i) => (Array.isArray(t) ? transcript(p, t[0], `u${i}`, t[1]) : transcript(p, t, `u${i}`)));
  const out: BeckonEvent[] = [];
  for await (const e of p.run((async function* () { yield* events; })())) out.push(e);
  return out;
}

describe('intent stage', () => {
  it('turns a final transcript into an intent that cites it as evidence', async () => {
    const out = await runTexts(['turn the volume up']);
    const intent = out.find((e): e is EventOf<'Intent'> => e.kind === 'Intent')!;
    const heard = out.find((e) => e.kind === 'Transcript')!;
    expect(intent).toMatchObject({ name: 'volume.up', utteranceId: 'u0', evidence: [{ kind: 'Transcript', seq: heard.seq }] });
    expect(intent.confidence).toBeCloseTo(0.9, 3);
  });

  it('ignores partial transcripts and makes chat of speech that is not a command', async () => {
    const out = await runTexts([['turn the volume', false], 'tell me a joke', 'volume']);
    const intents = out.filter((e): e is EventOf<'Intent'> => e.kind === 'Intent');
    expect(intents.map((i) => i.name)).toEqual(['chat', 'chat']);
    expect(intents[0]!.slots).toEqual({ text: 'tell me a joke' });
  });

  it('interrupts the pipeline on "stop" and says nothing', async () => {
    const out = await runTexts(['stop']);
    expect(out.filter((e) => e.kind === 'Control')).toMatchObject([{ action: 'interrupt' }]);
    expect(out.some((e) => e.kind === 'Reply')).toBe(false);
  });
});

describe('intent stage: gestures', () => {
  it('turns a mapped gesture into an intent citing it, and an open palm into an interrupt', async () => {
    const gestureIntent = (g: EventOf<'Gesture'>) => ({ 'open-palm': 'control.stop', 'swipe-left': 'media.next' })[g.label] ?? null;
    const p = new Pipeline([createIntentStage({ match, gestureIntent })], { clock: new ManualClock() });
    const gesture = (label: string) =>
      p.make('Gesture', { label, hand: 'right', score: 0.9, gestureType: label.startsWith('swipe') ? 'motion' : 'pose' }, 'vision');
    const events = [gesture('swipe-left'), gesture('fist'), gesture('open-palm')];
    const out: BeckonEvent[] = [];
    for await (const e of p.run((async function* () { yield* events; })())) out.push(e);
    const intents = out.filter((e): e is EventOf<'Intent'> => e.kind === 'Intent');
    expect(intents.map((i) => i.name)).toEqual(['media.next', 'control.stop']);
    expect(intents[0]!.evidence).toEqual([{ kind: 'Gesture', seq: events[0]!.seq, text: 'swipe-left' }]);
    expect(out.filter((e) => e.kind === 'Control')).toMatchObject([{ action: 'interrupt', reason: 'gesture: open-palm' }]);
  });
});

describe('reply stage', () => {
  it('answers commands, repeats the last reply, and explains chat without a model', async () => {
    const out = await runTexts(['open firefox', 'repeat that', 'what is the meaning of life']);
    const replies = out.filter((e): e is EventOf<'Reply'> => e.kind === 'Reply');
    expect(replies.map((r) => r.text)).toEqual([
      'Opening firefox.',
      'Opening firefox.',
      'I can only do commands until a language model is configured. Say "what can I say" to hear them.',
    ]);
    expect(replies[0]!.replyId).toBe('u0');
  });
});
