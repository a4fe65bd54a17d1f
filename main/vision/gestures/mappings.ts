/**
 * Gestures to commands, as configuration data. A command is an intent name of the command registry
 * (main/commands/registry.ts) or a confirmation answer ('confirm.yes', 'confirm.no').
 *
 * Swipe directions are the user's own (see `mirror` in engine.ts): swipe left = the hand moves to the
 * user's left, like flicking a page away on a phone, which brings the NEXT item; swipe right = previous.
 */
import { z } from 'zod';
import { BeckonError } from '../../common/errors.ts';
import { GestureLabels, type GestureLabel } from './types.ts';

const LabelSchema = z.enum(GestureLabels as [GestureLabel, ...GestureLabel[]]);
const IntentNameSchema = z.string().regex(/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/, 'an intent name like "media.next"').max(64);

export const GestureMappingSchema = z.object({
  gesture: LabelSchema,
  intent: IntentNameSchema,
  /** limit to one hand; both when absent */
  hand: z.enum(['left', 'right']).optional(),
  /** ignore firings scored below this */
  minScore: z.number().min(0).max(1).default(0.6),
});
export const GestureMappingsSchema = z.array(GestureMappingSchema).max(64);
export type GestureMapping = z.infer<typeof GestureMappingSchema>;

export const DEFAULT_GESTURE_MAPPINGS: readonly GestureMapping[] = Object.freeze([
  { gesture: 'open-palm', intent: 'control.stop', minScore: 0.6 },
  { gesture: 'thumbs-up', intent: 'confirm.yes', minScore: 0.6 },
  { gesture: 'thumbs-down', intent: 'confirm.no', minScore: 0.6 },
  { gesture: 'swipe-left', intent: 'media.next', minScore: 0.6 },
  { gesture: 'swipe-right', intent: 'media.previous', minScore: 0.6 },
] satisfies GestureMapping[]);

/** Validate mappings from the configuration; a bad entry is a user error with a hint. */
export function parseGestureMappings(input: unknown): GestureMapping[] {
  const parsed = GestureMappingsSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BeckonError(
      'GESTURE_MAPPING_INVALID',
      `gesture mapping at ${issue.path.join('.') || '(root)'}: ${issue.message}`,
      `each mapping is { gesture: one of ${GestureLabels.join(', ')}; intent: "area.action" }`,
    );
  }
  const seen = new Set<string>();
  for (const m of parsed.data) {
    const key = `${m.gesture}/${m.hand ?? 'any'}`;
    if (seen.has(key)) {
      throw new BeckonError('GESTURE_MAPPING_INVALID', `gesture ${m.gesture} is mapped twice`, 'keep one mapping per gesture (and hand)');
    }
    seen.add(key);
  }
  return parsed.data;
}

/** The intent a gesture maps to, or null when it is unmapped (or scored too low, or the other hand's). */
export function intentForGesture(
  label: string,
  mappings: readonly GestureMapping[] = DEFAULT_GESTURE_MAPPINGS,
  gesture?: { hand?: 'left' | 'right'; score?: number },
): string | null {
  // a hand-specific mapping wins over a mapping for both hands
  let found: GestureMapping | null = null;
  for (const m of mappings) {
    if (m.gesture !== label) continue;
    if (m.hand && gesture?.hand && m.hand !== gesture.hand) continue;
    if (m.hand && !gesture?.hand) continue;
    if (!found || (m.hand && !found.hand)) found = m;
  }
  if (!found) return null;
  if (gesture?.score !== undefined && gesture.score < found.minScore) return null;
  return found.intent;
}
