import type { EngineStatus, WireEvent } from '../../../main/common/contract.ts';
import type { ConnectionState } from '../transport/types.ts';
import type { DashboardState, Turn } from './types.ts';

export const LIMITS = { captions: 30, intents: 50, actions: 50, turns: 20, errors: 20, earlierReplies: 3 } as const;

export type DashboardAction =
  | { type: 'event'; event: WireEvent }
  | { type: 'status'; status: EngineStatus }
  | { type: 'connection'; connection: ConnectionState }
  | { type: 'invalid'; count: number }
  | { type: 'dismiss-errors' };

export const initialState: DashboardState = {
  connection: { state: 'connecting' },
  status: null,
  captions: [],
  mic: { db: null, speaking: false },
  gesture: null,
  emotion: null,
  affect: null,
  intents: [],
  reply: null,
  earlierReplies: [],
  actions: [],
  turns: [],
  errors: [],
  context: { timeAskedSeq: null, media: null, lastApp: null },
  invalidCount: 0,
};

/** Pure: the whole dashboard is a fold of engine events and statuses. */
export function reduce(state: DashboardState, action: DashboardAction): DashboardState {
  switch (action.type) {
    case 'event':
      return reduceEvent(state, action.event);
    case 'status':
      return { ...state, status: action.status };
    case 'connection':
      return { ...state, connection: action.connection };
    case 'invalid':
      return { ...state, invalidCount: action.count };
    case 'dismiss-errors':
      return { ...state, errors: [] };
  }
}

function reduceEvent(state: DashboardState, e: WireEvent): DashboardState {
  switch (e.kind) {
    case 'Level':
      return { ...state, mic: { ...state.mic, db: e.db } };
    case 'Vad':
      return {
        ...state,
        mic: { ...state.mic, speaking: e.state === 'start' },
        turns: e.state === 'start' ? openTurn(state.turns, e.utteranceId) : state.turns,
      };
    case 'Transcript': {
      const caption = { utteranceId: e.utteranceId, text: e.text, final: e.final, lang: e.lang, engine: e.engine, confidence: e.confidence };
      const i = state.captions.findIndex((c) => c.utteranceId === e.utteranceId);
      // a late partial never overwrites the final of its utterance
      if (i >= 0 && state.captions[i]!.final && !e.final) return state;
      const captions = i >= 0 ? state.captions.with(i, caption) : keepLast([...state.captions, caption], LIMITS.captions);
      return { ...state, captions, turns: openTurn(state.turns, e.utteranceId) };
    }
    case 'Gesture':
      return { ...state, gesture: { label: e.label, confidence: e.score, detail: `${e.hand} hand, ${e.gestureType}` } };
    case 'Emotion':
      return { ...state, emotion: { label: e.label, confidence: e.probs[e.label] ?? Math.max(0, ...Object.values(e.probs)) } };
    case 'Affect': {
      const from = e.evidence.map((x) => (x.kind === 'Transcript' ? 'words' : x.kind === 'Emotion' ? 'face' : x.kind)).join(' + ');
      return { ...state, affect: { label: e.label, confidence: e.confidence, detail: `valence ${e.valence.toFixed(2)}${from ? `, from ${from}` : ''}` } };
    }
    case 'Intent': {
      const entry = { seq: e.seq, t: e.t, name: e.name, slots: e.slots, confidence: e.confidence, evidence: e.evidence, utteranceId: e.utteranceId };
      return { ...state, intents: keepLast([...state.intents, entry], LIMITS.intents), context: contextAfter(state.context, e) };
    }
    case 'Reply': {
      const same = state.reply?.replyId === e.replyId;
      // partial replies are chunks to append; the final one is the whole text
      const text = e.partial && same && state.reply!.partial ? state.reply!.text + e.text : e.text;
      return { ...state, ...moveOn(state, e.replyId), reply: { replyId: e.replyId, text, partial: e.partial, speech: same ? state.reply!.speech : null } };
    }
    case 'Speak':
      // speech of a reply already moved down (an answer still being spoken when the command's reply came) changes nothing
      if (state.earlierReplies.some((r) => r.replyId === e.replyId)) return state;
      if (state.reply?.replyId !== e.replyId) return { ...state, ...moveOn(state, e.replyId), reply: { replyId: e.replyId, text: e.text, partial: false, speech: e.state } };
      return { ...state, reply: { ...state.reply, speech: e.state } };
    case 'Action':
      return { ...state, actions: keepLast([...state.actions, { seq: e.seq, type: e.type, status: e.status, message: e.message }], LIMITS.actions) };
    case 'Metric': {
      const turns = state.turns.length ? state.turns : [{ utteranceId: '', metrics: {} }];
      const last = turns[turns.length - 1]!;
      return { ...state, turns: turns.with(-1, { ...last, metrics: { ...last.metrics, [e.name]: e.ms } }) };
    }
    case 'Error':
      return {
        ...state,
        errors: keepLast([...state.errors, { seq: e.seq, stage: e.stage, code: e.code, message: e.message, hint: e.hint, fatal: e.fatal }], LIMITS.errors),
      };
    case 'Control':
      return e.action === 'interrupt' ? { ...state, mic: { ...state.mic, speaking: false } } : state;
  }
}

function openTurn(turns: Turn[], utteranceId: string): Turn[] {
  if (turns.at(-1)?.utteranceId === utteranceId) return turns;
  return keepLast([...turns, { utteranceId, metrics: {} }], LIMITS.turns);
}

const MEDIA_WORDS: Record<string, string> = {
  'media.play': 'playing',
  'media.pause': 'paused',
  'media.toggle': 'play/pause toggled',
  'media.next': 'skipped to the next track',
  'media.previous': 'back to the previous track',
  'media.stop': 'stopped',
};

function contextAfter(context: DashboardState['context'], e: Extract<WireEvent, { kind: 'Intent' }>): DashboardState['context'] {
  if (e.name === 'time.query' || e.name === 'date.query') return { ...context, timeAskedSeq: e.seq };
  if (e.name.startsWith('media.')) return { ...context, media: { intent: e.name, description: MEDIA_WORDS[e.name] ?? e.name.slice('media.'.length) } };
  if (e.name === 'app.open') return { ...context, lastApp: typeof e.slots.app === 'string' ? e.slots.app : null };
  return context;
}

function keepLast<T>(items: T[], n: number): T[] {
  return items.length > n ? items.slice(items.length - n) : items;
}

/** A new reply keeps the one before it in view (an answer, then the command that followed it). */
function moveOn(state: DashboardState, replyId: string): Pick<DashboardState, 'earlierReplies'> {
  const current = state.reply;
  if (!current || current.replyId === replyId || current.text.trim() === '') return { earlierReplies: state.earlierReplies };
  const others = state.earlierReplies.filter((r) => r.replyId !== current.replyId && r.replyId !== replyId);
  return { earlierReplies: keepLast([...others, { replyId: current.replyId, text: current.text }], LIMITS.earlierReplies) };
}
