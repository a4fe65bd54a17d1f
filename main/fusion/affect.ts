import type { EventOf } from '../common/events.ts';
import type { Stage } from '../core/stage.ts';

/**
 * Multimodal affect: the sentiment of what was said (a small lexicon, below) and the latest facial
 * emotion within a time window, fused into one Affect event that cites both. Passes everything through.
 */
export interface AffectStageOptions {
  /** a facial emotion older than this (ms, event time) no longer counts */
  windowMs?: number;
  /** how much each modality counts when both are present (normalised by their sum) */
  weights?: { text?: number; face?: number };
  /** |valence| below this is 'neutral' */
  neutralBand?: number;
}

type Polarity = 1 | -1;

/**
 * A small sentiment lexicon, as data: word -> polarity. Not "like": mostly a preposition in what is
 * said to an assistant ("what is the weather like", "it looks like rain").
 */
export const SENTIMENT_LEXICON: Readonly<Record<string, Polarity>> = Object.freeze({
  good: 1, great: 1, excellent: 1, nice: 1, love: 1, happy: 1, glad: 1, awesome: 1, wonderful: 1,
  perfect: 1, thanks: 1, thank: 1, fantastic: 1, amazing: 1, cool: 1, fine: 1, better: 1, best: 1, enjoy: 1, fun: 1, pleased: 1,
  bad: -1, terrible: -1, awful: -1, horrible: -1, hate: -1, sad: -1, angry: -1, annoying: -1, annoyed: -1, wrong: -1,
  broken: -1, worse: -1, worst: -1, stupid: -1, useless: -1, slow: -1, ugly: -1, upset: -1, boring: -1, fail: -1, failed: -1, problem: -1,
});

/** Words that flip the polarity of the next few words ("not good", "never liked"). */
export const NEGATORS: ReadonlySet<string> = new Set(['not', 'no', 'never', "don't", "doesn't", "isn't", "wasn't", "aren't", "didn't", "can't", 'cannot', "won't", 'hardly']);
/** how many words after a negator it reaches */
const NEGATION_REACH = 3;

/** How each facial emotion leans, before its probability weighs it. */
export const EMOTION_VALENCE: Readonly<Record<string, number>> = Object.freeze({
  happy: 1, sad: -1, angry: -1, fearful: -1, disgusted: -1, surprised: 0, neutral: 0,
});

/** Sentiment of a text: valence in -1..1 and the words that carried it (null when no word did). */
export function textSentiment(text: string): { valence: number; hits: number } | null {
  const words = text.toLowerCase().replace(/[’]/g, "'").match(/[a-z']+/g) ?? [];
  let sum = 0;
  let hits = 0;
  let negatedFor = 0;
  for (const word of words) {
    if (NEGATORS.has(word)) {
      negatedFor = NEGATION_REACH;
      continue;
    }
    const polarity = SENTIMENT_LEXICON[word];
    if (polarity !== undefined) {
      sum += negatedFor > 0 ? -polarity : polarity;
      hits++;
      negatedFor = 0;
    } else if (negatedFor > 0) negatedFor--;
  }
  if (hits === 0) return null;
  return { valence: sum / hits, hits };
}

/** Valence of a facial emotion, weighted by its probability; and that probability as confidence. */
export function faceValence(emotion: EventOf<'Emotion'>): { valence: number; confidence: number } | null {
  if (emotion.label === 'no-face') return null;
  const p = emotion.probs[emotion.label] ?? 1;
  return { valence: (EMOTION_VALENCE[emotion.label] ?? 0) * p, confidence: p };
}

export function createAffectStage(options: AffectStageOptions = {}): Stage {
  const windowMs = options.windowMs ?? 5000;
  const textWeight = options.weights?.text ?? 0.5;
  const faceWeight = options.weights?.face ?? 0.5;
  const neutralBand = options.neutralBand ?? 0.15;
  return {
    name: 'affect',
    async *run(input, ctx) {
      let face: EventOf<'Emotion'> | null = null;
      let said: { transcript: EventOf<'Transcript'>; valence: number; hits: number } | null = null;
      let last: { label: string; valence: number } | null = null;

      const estimate = (now: number) => {
        const parts: Array<{ valence: number; weight: number; confidence: number; evidence: { kind: string; seq: number; text?: string } }> = [];
        if (said && now - said.transcript.t <= windowMs) {
          // more sentiment words, more trust: 1 word 0.6, 2 words 0.8, 3+ words 0.9
          const confidence = Math.min(0.9, 0.4 + 0.2 * said.hits);
          parts.push({ valence: said.valence, weight: textWeight, confidence, evidence: { kind: 'Transcript', seq: said.transcript.seq, text: said.transcript.text } });
        }
        if (face && now - face.t <= windowMs) {
          const f = faceValence(face);
          if (f) parts.push({ valence: f.valence, weight: faceWeight, confidence: f.confidence, evidence: { kind: 'Emotion', seq: face.seq, text: face.label } });
        }
        const total = parts.reduce((s, p) => s + p.weight, 0);
        if (parts.length === 0 || total <= 0) return null;
        const valence = clamp(parts.reduce((s, p) => s + p.valence * p.weight, 0) / total);
        const confidence = clamp(parts.reduce((s, p) => s + p.confidence * p.weight, 0) / total, 0);
        const label = valence > neutralBand ? 'positive' : valence < -neutralBand ? 'negative' : 'neutral';
        return { label, valence: round(valence), confidence: round(confidence), evidence: parts.map((p) => p.evidence) } as const;
      };

      for await (const event of input) {
        yield event;
        let afterTranscript = false;
        if (event.kind === 'Emotion') face = event;
        else if (event.kind === 'Transcript' && event.final) {
          const s = textSentiment(event.text);
          said = s ? { transcript: event, ...s } : null;
          afterTranscript = true;
        } else continue;
        const affect = estimate(event.t);
        if (!affect) continue;
        // emitted when it changes, and after each final transcript (a turn the LLM may answer)
        const changed = !last || last.label !== affect.label || Math.abs(last.valence - affect.valence) >= 0.05;
        if (!changed && !afterTranscript) continue;
        last = { label: affect.label, valence: affect.valence };
        yield ctx.make('Affect', { ...affect, evidence: [...affect.evidence] });
      }
    },
  };
}

function clamp(x: number, lo = -1, hi = 1): number {
  return Math.min(hi, Math.max(lo, x));
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
