/**
 * Fusion rules as data: which gesture stands for which intent, and how speech that points ("open this",
 * "move that there") is resolved by a pointing gesture near the words. Validated with zod; a bad
 * configuration is a BeckonError with a hint.
 *
 * Deixis is resolved inside the intent stage through its `resolveDeixis` hook (see createDeixisResolver),
 * so the Intent leaves that stage complete: observers (recorder, dashboard) never see a half-fused one.
 */
import { z } from 'zod';
import { BeckonError } from '../common/errors.ts';
import type { BeckonEvent, EventOf } from '../common/events.ts';

const IntentNameSchema = z.string().regex(/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/, 'an intent name like "media.next"').max(64);

/** The shape of main/vision/gestures/mappings.ts's GestureMapping, plus `kind` (fusion may not import vision). */
export const GestureRuleSchema = z.object({
  kind: z.literal('gesture'),
  gesture: z.string().min(1).max(64),
  intent: IntentNameSchema,
  hand: z.enum(['left', 'right']).optional(),
  minScore: z.number().min(0).max(1).default(0.6),
});

export const DeixisRuleSchema = z.object({
  kind: z.literal('deixis'),
  /** words that point */
  words: z.array(z.string().regex(/^[a-z']+$/, 'a lower-case word')).min(1).max(32).default(['this', 'that', 'here', 'there']),
  /** pose labels that count as pointing; any Gesture with gestureType 'pointer' and x,y counts too */
  gestures: z.array(z.string().min(1).max(64)).max(16).default(['pointing-up']),
  /** how far before or after the words a pointing gesture may be, ms */
  windowMs: z.number().positive().max(60_000).default(1500),
  /**
   * how long a final transcript that points, with no pointing gesture yet, waits for one (ms); the hand
   * often arrives just after the words. 0: never wait
   */
  waitMs: z.number().min(0).max(3000).default(600),
});

export const FusionRuleSchema = z.discriminatedUnion('kind', [GestureRuleSchema, DeixisRuleSchema]);
export const FusionRulesSchema = z.array(FusionRuleSchema).max(128);
export type FusionRule = z.infer<typeof FusionRuleSchema>;
export type GestureRule = z.infer<typeof GestureRuleSchema>;
export type DeixisRule = z.infer<typeof DeixisRuleSchema>;

export const DEFAULT_FUSION_RULES: readonly FusionRule[] = Object.freeze([
  { kind: 'gesture', gesture: 'open-palm', intent: 'control.stop', minScore: 0.6 },
  { kind: 'gesture', gesture: 'thumbs-up', intent: 'confirm.yes', minScore: 0.6 },
  { kind: 'gesture', gesture: 'thumbs-down', intent: 'confirm.no', minScore: 0.6 },
  { kind: 'gesture', gesture: 'swipe-left', intent: 'media.next', minScore: 0.6 },
  { kind: 'gesture', gesture: 'swipe-right', intent: 'media.previous', minScore: 0.6 },
  DeixisRuleSchema.parse({ kind: 'deixis' }),
] satisfies FusionRule[]);

/** Validate rules from the configuration. */
export function parseFusionRules(input: unknown): FusionRule[] {
  const parsed = FusionRulesSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new BeckonError(
      'FUSION_RULES_INVALID',
      `fusion rule at ${issue.path.join('.') || '(root)'}: ${issue.message}`,
      'each rule is { kind: "gesture", gesture, intent: "area.action", hand?, minScore? } or { kind: "deixis", words?, gestures?, windowMs?, waitMs? }',
    );
  }
  if (parsed.data.filter((r) => r.kind === 'deixis').length > 1) {
    throw new BeckonError('FUSION_RULES_INVALID', 'more than one deixis rule', 'keep one { kind: "deixis" } rule');
  }
  return parsed.data;
}

/** The gesture rules in the mapping shape intentForGesture takes. */
export function gestureMappingsOf(rules: readonly FusionRule[]): Array<Omit<GestureRule, 'kind'>> {
  return rules.filter((r): r is GestureRule => r.kind === 'gesture').map(({ kind: _kind, ...mapping }) => mapping);
}

type Evidence = EventOf<'Intent'>['evidence'][number];

/** What the intent stage's `resolveDeixis` hook needs: it sees every event, and is asked per final transcript. */
export interface DeixisResolver {
  /** how long a transcript that points, with no pointing gesture yet, waits for one (ms; 0: never) */
  readonly waitMs: number;
  observe(event: BeckonEvent): void;
  /** the event counts as pointing (a pointing pose, or a pointer with x, y) */
  isPointing(event: BeckonEvent): boolean;
  /** the words point ("open this") */
  points(transcript: EventOf<'Transcript'>): boolean;
  /** a camera has sent something (a gesture, a facial emotion) lately: a pointing hand could still come */
  watching(t: number): boolean;
  /** slots (pointerX, pointerY, normalised 0..1) and evidence for speech that points, or null */
  resolve(transcript: EventOf<'Transcript'>): { slots: Record<string, number>; evidence: Evidence[] } | null;
}

/**
 * Remembers recent pointing gestures (event time) and, for a transcript with a deictic word, picks the
 * one nearest the words: up to windowMs before them, or up to max(windowMs, waitMs) after. The words
 * span [t - (t1 - t0), t]: the transcript arrives after the speech ends, so a gesture during the words
 * has already been seen. One that comes after the transcript is waited for by the intent stage, only
 * for transcripts that point and only up to waitMs.
 */
export function createDeixisResolver(rules: readonly FusionRule[] = DEFAULT_FUSION_RULES): DeixisResolver | null {
  const rule = rules.find((r): r is DeixisRule => r.kind === 'deixis');
  if (!rule) return null;
  const words = new Set(rule.words);
  const poses = new Set(rule.gestures);
  let recent: Array<EventOf<'Gesture'>> = [];
  let lastVisionAt: number | null = null;
  const keepMs = rule.windowMs + 30_000; // long utterances: the start of the words may be far back
  const afterMs = Math.max(rule.windowMs, rule.waitMs);
  const isPointing = (event: BeckonEvent): event is EventOf<'Gesture'> =>
    event.kind === 'Gesture' && (poses.has(event.label) || (event.gestureType === 'pointer' && event.x !== undefined && event.y !== undefined));
  const points = (transcript: EventOf<'Transcript'>) => (transcript.text.toLowerCase().match(/[a-z']+/g) ?? []).some((w) => words.has(w));
  return {
    waitMs: rule.waitMs,
    isPointing,
    points,
    watching: (t) => lastVisionAt !== null && t - lastVisionAt <= CAMERA_QUIET_MS,
    observe(event) {
      if (event.kind === 'Gesture' || event.kind === 'Emotion') lastVisionAt = event.t;
      if (!isPointing(event)) return;
      recent.push(event);
      recent = recent.filter((g) => event.t - g.t <= keepMs).slice(-256);
    },
    resolve(transcript) {
      if (!points(transcript)) return null;
      const end = transcript.t;
      const start = end - Math.max(0, transcript.t1 - transcript.t0);
      const distance = (g: EventOf<'Gesture'>) => (g.t < start ? start - g.t : g.t > end ? g.t - end : 0);
      const near = (g: EventOf<'Gesture'>) => (g.t < start ? start - g.t <= rule.windowMs : g.t - end <= afterMs);
      let best: EventOf<'Gesture'> | null = null;
      for (const g of recent) {
        if (!near(g)) continue;
        // nearest wins; on a tie the later one (where the hand ended up)
        if (!best || distance(g) <= distance(best)) best = g;
      }
      if (!best) return null;
      const slots: Record<string, number> = {};
      if (best.x !== undefined && best.y !== undefined) {
        slots.pointerX = clamp01(best.x);
        slots.pointerY = clamp01(best.y);
      }
      return { slots, evidence: [{ kind: 'Gesture', seq: best.seq, text: best.label }] };
    },
  };
}

/** No gesture or face from the camera for this long: it is off, muted or sees nobody, so nothing is waited for. */
const CAMERA_QUIET_MS = 10_000;

function clamp01(x: number): number {
  return Math.round(Math.min(1, Math.max(0, x)) * 1000) / 1000;
}
