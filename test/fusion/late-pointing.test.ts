// Speech that points, with the hand arriving just after the words: the intent stage waits up to the
// deixis rule's waitMs for a pointing gesture. Recorded sessions (JSONL, replayed as fast as possible:
// event time decides) and live pipelines (a stalled source: the timer decides).
import { describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Pipeline } from '../../main/core/pipeline.ts';
import { readJsonl, replay } from '../../main/core/recorder.ts';
import { createIntentStage, type CommandMatch } from '../../main/fusion/intent-stage.ts';
import { createDeixisResolver, DEFAULT_FUSION_RULES, parseFusionRules, type FusionRule } from '../../main/fusion/rules.ts';
import type { BeckonEvent, EventOf } from '../../main/common/events.ts';
import { Channel } from '../../main/core/channel.ts';
import { tempDir } from '../support/speech.ts';

const match = (text: string): CommandMatch | null => {
  if (text.startsWith('open')) return { name: 'app.open', slots: {}, confidence: 0.9 };
  if (text === 'stop' || text === 'stop that') return { name: 'control.stop', slots: {}, confidence: 1 };
  if (text.includes('volume up')) return { name: 'volume.up', slots: {}, confidence: 0.9 };
  return null;
};
const gestureIntent = (g: EventOf<'Gesture'>) => (g.label === 'open-palm' ? 'control.stop' : null);

const stage = (rules: readonly FusionRule[] = DEFAULT_FUSION_RULES) =>
  createIntentStage({ match, gestureIntent, resolveDeixis: createDeixisResolver(rules) });

/** Recorded-session lines; "said" words span [t - 1000, t] in event time. */
const said = (seq: number, t: number, text: string) => ({
  kind: 'Transcript', t, seq, source: 'asr', final: true, text, t0: t - 1000, t1: t, utteranceId: `u${seq}`, lang: 'en', confidence: 0.9, engine: 'recorded',
});
const pointer = (seq: number, t: number, x: number, y: number) => ({
  kind: 'Gesture', t, seq, source: 'vision', label: 'pointer-move', hand: 'right', score: 0.9, gestureType: 'pointer', x, y,
});
const emotion = (seq: number, t: number) => ({ kind: 'Emotion', t, seq, source: 'vision', label: 'happy', probs: { happy: 0.8 } });

/** A camera that is on: a face seen before the words (a hand can only come where a camera sends). */
const CAMERA_ON = { kind: 'Emotion', t: 5000, seq: 0, source: 'vision', label: 'neutral', probs: { neutral: 0.9 } };

async function replayed(lines: object[], rules?: readonly FusionRule[], camera = true): Promise<BeckonEvent[]> {
  const path = join(tempDir('beckon-late-pointing-'), 'session.jsonl');
  await writeFile(path, [...(camera ? [CAMERA_ON] : []), ...lines].map((l) => JSON.stringify(l)).join('\n') + '\n');
  const p = new Pipeline([stage(rules)]);
  const out: BeckonEvent[] = [];
  for await (const e of p.run(replay(await readJsonl(path)))) out.push(e);
  return out;
}

const intents = (events: BeckonEvent[]) => events.filter((e): e is EventOf<'Intent'> => e.kind === 'Intent');
const indexOf = (events: BeckonEvent[], pred: (e: BeckonEvent) => boolean) => events.findIndex(pred);

describe('late pointing: recorded sessions', () => {
  it('"open this", then a pointer 300 ms after the words -> pointer slots and the gesture as evidence; other events flow meanwhile', async () => {
    const out = await replayed([said(1, 6000, 'open this'), emotion(2, 6100), pointer(3, 6300, 0.2, 0.4), said(4, 9000, 'volume up')]);
    const [open, volume] = intents(out);
    expect(open).toMatchObject({ name: 'app.open', slots: { pointerX: 0.2, pointerY: 0.4 } });
    expect(open!.evidence).toEqual([
      { kind: 'Transcript', seq: 1, text: 'open this' },
      { kind: 'Gesture', seq: 3, text: 'pointer-move' },
    ]);
    // the Emotion and the gesture passed through while the intent waited; the intent came next, before the later words
    const at = (seq: number) => indexOf(out, (e) => e.seq === seq && e.source !== 'intent');
    expect(at(2)).toBeLessThan(indexOf(out, (e) => e === open));
    expect(at(3)).toBeLessThan(indexOf(out, (e) => e === open));
    expect(indexOf(out, (e) => e === open)).toBeLessThan(at(4));
    expect(volume).toMatchObject({ name: 'volume.up', slots: {} });
  });

  it('a pointer after waitMs comes too late: the intent is emitted without it, before the gesture', async () => {
    // 900 ms after the words: inside windowMs (1500) but past the 600 ms wait
    const out = await replayed([said(1, 6000, 'open this'), pointer(2, 6900, 0.7, 0.7)]);
    const [open] = intents(out);
    expect(open).toMatchObject({ name: 'app.open', slots: {} });
    expect(open!.evidence).toEqual([{ kind: 'Transcript', seq: 1, text: 'open this' }]);
    expect(indexOf(out, (e) => e === open)).toBeLessThan(indexOf(out, (e) => e.kind === 'Gesture'));
    // waitMs is data: a longer wait takes the same gesture
    const patient = parseFusionRules([{ kind: 'deixis', waitMs: 1200 }]);
    const [late] = intents(await replayed([said(1, 6000, 'open this'), pointer(2, 6900, 0.7, 0.7)], patient));
    expect(late!.slots).toEqual({ pointerX: 0.7, pointerY: 0.7 });
  });

  it('words that do not point are not held back: the intent comes at once, before the next event', async () => {
    const out = await replayed([said(1, 6000, 'open firefox'), pointer(2, 6100, 0.5, 0.5)]);
    const [open] = intents(out);
    expect(open).toMatchObject({ name: 'app.open', slots: {} });
    expect(indexOf(out, (e) => e === open)).toBe(indexOf(out, (e) => e.kind === 'Transcript') + 1);
    // and no pointing gesture, no wait forever: the end of the session settles it
    const [alone] = intents(await replayed([said(1, 6000, 'open this')]));
    expect(alone).toMatchObject({ name: 'app.open', slots: {} });
  });

  it('a second utterance while one waits: both intents, in the order they were said', async () => {
    const out = await replayed([said(1, 6000, 'open this'), said(2, 6200, 'volume up'), pointer(3, 6300, 0.1, 0.9)]);
    expect(intents(out).map((i) => [i.name, i.slots])).toEqual([
      ['app.open', {}],
      ['volume.up', {}],
    ]);
  });

  it('with no camera sending, words that point are not held: nothing could point', async () => {
    const out = await replayed([said(1, 6000, 'open this'), pointer(2, 6300, 0.2, 0.4)], undefined, false);
    const [open] = intents(out);
    expect(open).toMatchObject({ name: 'app.open', slots: {} });
    expect(indexOf(out, (e) => e === open)).toBe(indexOf(out, (e) => e.kind === 'Transcript') + 1);
  });

  it('"stop that" is a stop at once, never held for a pointing hand', async () => {
    const out = await replayed([said(1, 6000, 'stop that'), pointer(2, 6300, 0.2, 0.4)]);
    const stop = intents(out)[0]!;
    expect(stop.name).toBe('control.stop');
    // the stop and its interrupt (a Control jumps ahead of data) both leave before the next event
    expect(indexOf(out, (e) => e === stop)).toBeLessThan(indexOf(out, (e) => e.kind === 'Gesture'));
    expect(indexOf(out, (e) => e.kind === 'Control')).toBeLessThan(indexOf(out, (e) => e.kind === 'Gesture'));
  });

  it('an open palm while the intent waits cancels it (a stop); the palm itself still stops', async () => {
    const palm = { kind: 'Gesture', t: 6200, seq: 2, source: 'vision', label: 'open-palm', hand: 'right', score: 0.9, gestureType: 'pose' };
    const out = await replayed([said(1, 6000, 'open this'), palm, pointer(3, 6300, 0.1, 0.9)]);
    expect(intents(out).map((i) => i.name)).toEqual(['control.stop']);
  });
});

describe('late pointing: live pipeline', () => {
  /** A source the test feeds by hand; it stays open until closed, as a microphone would. */
  function live(rules?: readonly FusionRule[]) {
    const source = new Channel();
    const p = new Pipeline([stage(rules)]);
    const out: BeckonEvent[] = [];
    const done = (async () => {
      for await (const e of p.run(source)) out.push(e);
    })();
    const transcript = (text: string) => p.make('Transcript', { final: true, text, t0: 0, t1: 800, utteranceId: 'u1', lang: 'en', confidence: 0.9, engine: 'test' }, 'asr');
    source.push(p.make('Emotion', { label: 'neutral', probs: { neutral: 0.9 } }, 'vision')); // the camera is on
    return { p, source, out, done, transcript };
  }
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it('with nothing arriving, the timer emits the intent without a pointer after waitMs, while the input stays open', async () => {
    const { source, out, done, transcript } = live();
    const started = performance.now();
    source.push(transcript('open this'));
    await expect.poll(() => intents(out).length, { timeout: 5000, interval: 20 }).toBe(1);
    const waited = performance.now() - started;
    expect(intents(out)[0]).toMatchObject({ name: 'app.open', slots: {} });
    expect(waited).toBeGreaterThanOrEqual(550); // it did wait (the rule says 600 ms)
    expect(source.isClosed).toBe(false);
    source.close();
    await done;
    console.info(`late pointing: no gesture -> intent after ${waited.toFixed(0)} ms (waitMs 600)`);
  });

  it('an interrupt during the wait does not lose the intent; the pointer that follows resolves it', async () => {
    const { p, source, out, done, transcript } = live();
    source.push(transcript('open this'));
    await sleep(100);
    p.control('interrupt', 'barge-in: voice', 'test');
    await sleep(100);
    source.push(p.make('Gesture', { label: 'pointer-move', hand: 'right', score: 0.9, gestureType: 'pointer', x: 0.3, y: 0.6 }, 'vision'));
    await expect.poll(() => intents(out).length, { timeout: 5000, interval: 20 }).toBe(1);
    expect(intents(out)[0]).toMatchObject({ name: 'app.open', slots: { pointerX: 0.3, pointerY: 0.6 } });
    expect(out.some((e) => e.kind === 'Control' && e.action === 'interrupt')).toBe(true);
    source.close();
    await done;
  });

  it('a Control stop during the wait drops the intent', async () => {
    const { p, source, out, done, transcript } = live();
    source.push(transcript('open this'));
    await sleep(100);
    p.control('stop', 'Ctrl-C', 'test');
    await sleep(900); // past waitMs: the timer must not bring it back
    source.close();
    await done;
    expect(intents(out)).toEqual([]);
  });
});
