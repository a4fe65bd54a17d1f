import { describe, expect, it } from 'vitest';
import type { WireEvent } from '../../main/common/contract.ts';
import { initialState, LIMITS, reduce, type DashboardAction } from '../../renderer/src/state/reducer.ts';
import { CHART_METRIC, cameraOff, firstAudioSeries, missingModels } from '../../renderer/src/state/selectors.ts';
import type { DashboardState } from '../../renderer/src/state/types.ts';
import { loadSession, makeStatus, SESSIONS, stamp } from './fixtures.ts';

const fold = (events: WireEvent[], from: DashboardState = initialState) => events.reduce((s, event) => reduce(s, { type: 'event', event }), from);
const only = <K extends WireEvent['kind']>(events: WireEvent[], kind: K) => events.filter((e): e is Extract<WireEvent, { kind: K }> => e.kind === kind);

describe('dashboard reducer over recorded sessions', () => {
  for (const name of SESSIONS) {
    it(`folds the ${name} session into captions, intent with evidence, reply, actions and a timed turn`, () => {
      const events = loadSession(name);
      const state = fold(events);
      const transcript = only(events, 'Transcript').at(-1)!;
      const intent = only(events, 'Intent').at(-1)!;
      const reply = only(events, 'Reply').at(-1)!;

      expect(state.captions).toEqual([expect.objectContaining({ utteranceId: transcript.utteranceId, text: transcript.text, final: true })]);
      expect(state.intents.map((i) => i.name)).toEqual([intent.name]);
      expect(state.intents[0]!.evidence.map((e) => e.text)).toContain(transcript.text);
      expect(state.reply).toMatchObject({ text: reply.text, partial: false, speech: 'end' });
      expect(state.actions.map((a) => `${a.type}:${a.status}`)).toEqual(only(events, 'Action').map((a) => `${a.type}:${a.status}`));
      expect(state.mic.speaking).toBe(false);
      const firstAudio = only(events, 'Metric').find((m) => m.name === CHART_METRIC)!;
      expect(firstAudioSeries(state)).toEqual([{ utteranceId: transcript.utteranceId, ms: firstAudio.ms }]);
    });
  }

  it('keeps one turn per utterance across sessions and fills the context panel', () => {
    // utterance ids restart in each recording; renumber as one long-running engine would
    const all = SESSIONS.flatMap((name, i) => loadSession(name).map((e) => ('utteranceId' in e && e.utteranceId ? { ...e, utteranceId: `${e.utteranceId}-${i}` } : e) as WireEvent));
    const state = fold(all);
    expect(state.turns).toHaveLength(SESSIONS.length);
    expect(firstAudioSeries(state)).toHaveLength(SESSIONS.length);
    expect(state.captions).toHaveLength(SESSIONS.length);
    const timeIntent = only(all, 'Intent').find((i) => i.name === 'time.query')!;
    const appIntent = only(all, 'Intent').find((i) => i.name === 'app.open')!;
    expect(state.context.timeAskedSeq).toBe(timeIntent.seq);
    expect(state.context.lastApp).toBe(appIntent.slots.app);
    expect(state.context.media).toEqual({ intent: 'media.pause', description: 'paused' });
  });
});

describe('dashboard reducer, event by event', () => {
  it('shows a partial caption, then replaces it with the final, and ignores a late partial', () => {
    const base = { kind: 'Transcript' as const, t0: 0, t1: 500, utteranceId: 'u7', lang: 'en', confidence: 0.8, engine: 'whisper' };
    let s = fold([stamp({ ...base, final: false, text: 'turn the' })]);
    expect(s.captions).toEqual([expect.objectContaining({ text: 'turn the', final: false })]);
    s = fold([stamp({ ...base, final: true, text: 'turn the volume up' }), stamp({ ...base, final: false, text: 'turn the vol' })], s);
    expect(s.captions).toEqual([expect.objectContaining({ text: 'turn the volume up', final: true })]);
  });

  it('keeps the last few replies in view when a new one starts', () => {
    const r = (text: string, replyId: string) => stamp({ kind: 'Reply', replyId, text, partial: false });
    let s = reduce(initialState, { type: 'event', event: r('It looks sunny today.', 'u1') });
    expect(s.earlierReplies).toEqual([]);
    s = reduce(s, { type: 'event', event: r('It looks sunny today.', 'u1') }); // the same reply again: nothing moves
    expect(s.earlierReplies).toEqual([]);
    for (const [text, id] of [['Volume up.', 'u2'], ['Volume down.', 'u3'], ['Paused.', 'u4'], ['Next track.', 'u5']] as const) s = reduce(s, { type: 'event', event: r(text, id) });
    expect(s.reply?.text).toBe('Next track.');
    expect(s.earlierReplies.map((e) => e.text)).toEqual(['Volume up.', 'Volume down.', 'Paused.']); // the oldest fell off
  });

  it('speech of an earlier reply that is still being spoken does not bring it back or list a reply twice', () => {
    const reply = (text: string, replyId: string) => stamp({ kind: 'Reply', replyId, text, partial: false });
    const speak = (state: 'start' | 'audio' | 'end', replyId: string, text: string) => stamp({ kind: 'Speak', replyId, text, state });
    // the model's answer, then its tool call's reply at once; the answer's speech events arrive after that
    const s = fold([reply('Sure, turning it up.', 'u1'), reply('Volume up.', 'u1-tool'), speak('start', 'u1', 'Sure, turning it up.'), speak('audio', 'u1', 'Sure, turning it up.'), speak('end', 'u1', 'Sure, turning it up.'), speak('start', 'u1-tool', 'Volume up.')]);
    expect(s.reply).toMatchObject({ replyId: 'u1-tool', text: 'Volume up.', speech: 'start' });
    expect(s.earlierReplies).toEqual([{ replyId: 'u1', text: 'Sure, turning it up.' }]);
  });

  it('appends streamed reply chunks and lets the final reply replace them', () => {
    const r = (text: string, partial: boolean, replyId = 'r1') => stamp({ kind: 'Reply', replyId, text, partial });
    let s = fold([r('It is ', true), r('five ', true), r("o'clock", true)]);
    expect(s.reply).toMatchObject({ text: "It is five o'clock", partial: true });
    s = fold([r("It is five o'clock.", false)], s);
    expect(s.reply).toMatchObject({ text: "It is five o'clock.", partial: false });
    s = fold([r('Next ', true, 'r2')], s);
    expect(s.reply).toMatchObject({ replyId: 'r2', text: 'Next ' });
  });

  it('tracks level and voice activity', () => {
    const s1 = fold([stamp({ kind: 'Level', db: -31.5 }), stamp({ kind: 'Vad', state: 'start', utteranceId: 'u1', at: 10, probability: 0.9 })]);
    expect(s1.mic).toEqual({ db: -31.5, speaking: true });
    const s2 = fold([stamp({ kind: 'Vad', state: 'end', utteranceId: 'u1', at: 900, probability: 0.2 })], s1);
    expect(s2.mic.speaking).toBe(false);
  });

  it('keeps the latest gesture and emotion with their confidence', () => {
    const s = fold([
      stamp({ kind: 'Gesture', label: 'thumbs_up', hand: 'right', score: 0.92, gestureType: 'pose' }),
      stamp({ kind: 'Emotion', label: 'happy', probs: { happy: 0.7, neutral: 0.3 } }),
    ]);
    expect(s.gesture).toMatchObject({ label: 'thumbs_up', confidence: 0.92 });
    expect(s.emotion).toEqual({ label: 'happy', confidence: 0.7 });
  });

  it('keeps the fused affect with its confidence and where it came from', () => {
    const s = fold([
      stamp({ kind: 'Affect', label: 'negative', valence: -0.42, confidence: 0.75, evidence: [{ kind: 'Transcript', seq: 3, text: 'not good' }, { kind: 'Emotion', seq: 2, text: 'sad' }] }),
    ]);
    expect(s.affect).toEqual({ label: 'negative', confidence: 0.75, detail: 'valence -0.42, from words + face' });
    expect(fold([stamp({ kind: 'Affect', label: 'positive', valence: 0.5, confidence: 0.6, evidence: [] })], s).affect!.label).toBe('positive');
  });

  it('bounds the intent timeline and keeps errors with their hints', () => {
    const intents = Array.from({ length: LIMITS.intents + 7 }, (_, i) =>
      stamp({ kind: 'Intent', name: `n${i}`, slots: {}, confidence: 1, evidence: [{ kind: 'Transcript', seq: i, text: `said ${i}` }] }),
    );
    const s = fold([...intents, stamp({ kind: 'Error', stage: 'asr', code: 'MODEL_MISSING', message: 'no model', hint: 'fetch it' })]);
    expect(s.intents).toHaveLength(LIMITS.intents);
    expect(s.intents.at(-1)!.name).toBe(`n${LIMITS.intents + 6}`);
    expect(s.errors).toEqual([expect.objectContaining({ code: 'MODEL_MISSING', hint: 'fetch it' })]);
    expect(reduce(s, { type: 'dismiss-errors' }).errors).toEqual([]);
  });

  it('derives camera off and missing models from the status', () => {
    const status = (camera: { live: boolean; muted: boolean }) =>
      reduce(initialState, {
        type: 'status',
        status: makeStatus({ camera, models: [{ name: 'whisper-base', task: 'asr', present: false, licence: 'MIT', hint: 'npm run models' }] }),
      } satisfies DashboardAction);
    expect(cameraOff(initialState)).toBe(true);
    expect(cameraOff(status({ live: true, muted: true }))).toBe(true);
    expect(cameraOff(status({ live: false, muted: false }))).toBe(true);
    expect(cameraOff(status({ live: true, muted: false }))).toBe(false);
    expect(missingModels(status({ live: true, muted: false })).map((m) => m.hint)).toEqual(['npm run models']);
    const covered = reduce(initialState, {
      type: 'status',
      status: makeStatus({
        models: [
          { name: 'whisper-base', task: 'asr', present: false, licence: 'MIT' },
          { name: 'pocketsphinx-en-us', task: 'asr', present: true, licence: 'BSD-2-Clause' },
        ],
      }),
    } satisfies DashboardAction);
    expect(missingModels(covered)).toEqual([]);
  });
});
