/**
 * The one event vocabulary of Beckon. Every stage, transport and recorder speaks it.
 * Times are milliseconds from the injected Clock (`t`) or from the start of the audio stream (`t0`, `t1`).
 * Audio travels as Float32Array inside the process and is never serialised to JSON.
 */
import { z } from 'zod';

const base = {
  /** ms from the pipeline clock's origin */
  t: z.number(),
  /** monotonically increasing per pipeline */
  seq: z.number().int().nonnegative(),
  /** the stage or device that made the event */
  source: z.string().min(1).max(64),
};

const float32 = z.custom<Float32Array>((v) => v instanceof Float32Array, 'expected Float32Array');

export const AudioFrameSchema = z.object({
  kind: z.literal('AudioFrame'),
  ...base,
  /** mono samples in [-1, 1] */
  samples: float32,
  sampleRate: z.number().int().positive(),
  /** ms from the start of the audio stream to the first sample */
  t0: z.number(),
});

/** Microphone level for meters, a few times a second (derived from AudioFrames, which stay in the engine). */
export const LevelSchema = z.object({
  kind: z.literal('Level'),
  ...base,
  /** RMS level in dBFS, -100..0 */
  db: z.number().min(-100).max(0),
});

export const VadSchema = z.object({
  kind: z.literal('Vad'),
  ...base,
  state: z.enum(['start', 'end']),
  utteranceId: z.string(),
  /** stream time of the speech start or end, ms */
  at: z.number(),
  /** speech probability that crossed the threshold */
  probability: z.number().min(0).max(1),
});

export const SpeechSegmentSchema = z.object({
  kind: z.literal('SpeechSegment'),
  ...base,
  utteranceId: z.string(),
  /** false while speech goes on (a window for partial transcripts), true at end of speech */
  final: z.boolean(),
  t0: z.number(),
  t1: z.number(),
  samples: float32,
  sampleRate: z.number().int().positive(),
});

export const TranscriptSchema = z.object({
  kind: z.literal('Transcript'),
  ...base,
  final: z.boolean(),
  text: z.string().max(10_000),
  t0: z.number(),
  t1: z.number(),
  utteranceId: z.string(),
  lang: z.string().max(16),
  confidence: z.number().min(0).max(1),
  engine: z.string().max(64),
});

export const GestureSchema = z.object({
  kind: z.literal('Gesture'),
  ...base,
  label: z.string().max(64),
  hand: z.enum(['left', 'right']),
  score: z.number().min(0).max(1),
  gestureType: z.enum(['pose', 'motion', 'pointer']),
  /** normalised [0,1] pointer position for pointer events */
  x: z.number().optional(),
  y: z.number().optional(),
});

export const EmotionLabels = ['neutral', 'happy', 'sad', 'angry', 'surprised', 'fearful', 'disgusted'] as const;
export const EmotionSchema = z.object({
  kind: z.literal('Emotion'),
  ...base,
  label: z.enum([...EmotionLabels, 'no-face']),
  probs: z.record(z.string(), z.number().min(0).max(1)),
});

export const SlotValueSchema = z.union([z.string().max(1000), z.number()]);
export const EvidenceSchema = z.object({ kind: z.string(), seq: z.number().int(), text: z.string().optional() });

export const IntentSchema = z.object({
  kind: z.literal('Intent'),
  ...base,
  name: z.string().max(64),
  slots: z.record(z.string(), SlotValueSchema),
  confidence: z.number().min(0).max(1),
  evidence: z.array(EvidenceSchema).max(64),
  utteranceId: z.string().optional(),
});

/** Fused affect: the sentiment of what was said and the facial emotion, in one estimate (main/fusion/affect.ts). */
export const AffectSchema = z.object({
  kind: z.literal('Affect'),
  ...base,
  label: z.enum(['positive', 'neutral', 'negative']),
  /** -1 (negative) .. 1 (positive) */
  valence: z.number().min(-1).max(1),
  confidence: z.number().min(0).max(1),
  evidence: z.array(EvidenceSchema).max(64),
});

export const ReplySchema = z.object({
  kind: z.literal('Reply'),
  ...base,
  replyId: z.string(),
  text: z.string().max(20_000),
  partial: z.boolean(),
});

export const ActionStatus = z.enum(['planned', 'dry-run', 'done', 'failed', 'denied']);
export const ActionSchema = z.object({
  kind: z.literal('Action'),
  ...base,
  type: z.string().max(64),
  payload: z.record(z.string(), SlotValueSchema),
  status: ActionStatus,
  message: z.string().max(1000).optional(),
});

export const SpeakSchema = z.object({
  kind: z.literal('Speak'),
  ...base,
  replyId: z.string(),
  /** start: synthesis asked; audio: first audio ready to play; end: all spoken; stopped: cut short */
  state: z.enum(['start', 'audio', 'end', 'stopped']),
  text: z.string().max(20_000),
});

export const ControlSchema = z.object({
  kind: z.literal('Control'),
  ...base,
  action: z.enum(['start', 'stop', 'interrupt']),
  reason: z.string().max(200).optional(),
});

export const MetricSchema = z.object({
  kind: z.literal('Metric'),
  ...base,
  name: z.string().max(64),
  ms: z.number(),
});

export const ErrorEventSchema = z.object({
  kind: z.literal('Error'),
  ...base,
  stage: z.string().max(64),
  code: z.string().max(64),
  message: z.string().max(2000),
  /** what the user can do about it */
  hint: z.string().max(2000).optional(),
  fatal: z.boolean().optional(),
});

export const EventSchema = z.discriminatedUnion('kind', [
  AudioFrameSchema,
  LevelSchema,
  VadSchema,
  SpeechSegmentSchema,
  TranscriptSchema,
  GestureSchema,
  EmotionSchema,
  IntentSchema,
  AffectSchema,
  ReplySchema,
  ActionSchema,
  SpeakSchema,
  ControlSchema,
  MetricSchema,
  ErrorEventSchema,
]);

export type BeckonEvent = z.infer<typeof EventSchema>;
export type EventKind = BeckonEvent['kind'];
export type EventOf<K extends EventKind> = Extract<BeckonEvent, { kind: K }>;
/** An event before the pipeline stamps it with t, seq and source. */
export type EventBody<K extends EventKind> = Omit<EventOf<K>, 'kind' | 't' | 'seq' | 'source'>;

/** Kinds that carry raw audio or pixels: kept in memory, never written to JSON. */
export const BINARY_KINDS: ReadonlySet<EventKind> = new Set(['AudioFrame', 'SpeechSegment']);

/** Kinds that jump ahead of queued data (pipecat's system frames). */
export const PRIORITY_KINDS: ReadonlySet<EventKind> = new Set(['Control']);

export function isKind<K extends EventKind>(e: BeckonEvent, kind: K): e is EventOf<K> {
  return e.kind === kind;
}
