import type { EventOf } from '../common/events.ts';
import type { Stage } from '../core/stage.ts';
import type { DeixisResolver } from './rules.ts';

export interface CommandMatch {
  name: string;
  slots: Record<string, string>;
  confidence: number;
}

export interface IntentStageOptions {
  /** Turns words into a command, or null when they are not one. */
  match: (text: string) => CommandMatch | null;
  /** Below this a command match is treated as chat, so a stray word does not act on the desktop. */
  minConfidence?: number;
  /** The intent a gesture stands for (configuration: open palm = stop, swipe = next...), or null. */
  gestureIntent?: (gesture: EventOf<'Gesture'>) => string | null;
  /** Speech that points ("open this"): adds pointer slots and the gesture as evidence (main/fusion/rules.ts). */
  resolveDeixis?: DeixisResolver | null;
}

/** The intent name for speech that is not a command: the LLM's job (answered by a fallback until one is configured). */
export const CHAT_INTENT = 'chat';

/**
 * Fusion, one modality at a time for now: each final transcript, and each gesture that is mapped to
 * a command, becomes one Intent that lists its evidence. "stop" (said or an open palm) also
 * interrupts the pipeline at once (barge-in).
 */
export function createIntentStage(options: IntentStageOptions): Stage {
  const minConfidence = options.minConfidence ?? 0.6;
  return {
    name: 'intent',
    async *run(input, ctx) {
      for await (const event of input) {
        yield event;
        options.resolveDeixis?.observe(event);
        if (event.kind === 'Gesture') {
          const name = options.gestureIntent?.(event) ?? null;
          if (name === null) continue;
          yield ctx.make('Intent', {
            name,
            slots: {},
            confidence: round(event.score),
            evidence: [{ kind: 'Gesture', seq: event.seq, text: event.label }],
          });
          // An open palm (or whatever maps to stop) cuts the reply at once: barge-in by gesture.
          if (name === 'control.stop') yield ctx.make('Control', { action: 'interrupt', reason: `gesture: ${event.label}` });
          continue;
        }
        if (event.kind !== 'Transcript' || !event.final || event.text.trim() === '') continue;
        const intent = toIntent(event, options.match(event.text), minConfidence, ctx.make, options.resolveDeixis?.resolve(event) ?? null);
        yield intent;
        if (intent.name === 'control.stop') yield ctx.make('Control', { action: 'interrupt', reason: 'voice: stop' });
      }
    },
  };
}

function toIntent(
  transcript: EventOf<'Transcript'>,
  match: CommandMatch | null,
  minConfidence: number,
  make: Parameters<Stage['run']>[1]['make'],
  deixis: ReturnType<DeixisResolver['resolve']> = null,
): EventOf<'Intent'> {
  const evidence = [{ kind: 'Transcript', seq: transcript.seq, text: transcript.text }, ...(deixis?.evidence ?? [])];
  const isCommand = match !== null && match.confidence >= minConfidence;
  return make('Intent', {
    name: isCommand ? match.name : CHAT_INTENT,
    slots: { ...(isCommand ? match.slots : { text: transcript.text }), ...deixis?.slots },
    // How well the words matched the command. The recogniser's own confidence stays on the Transcript:
    // pocketsphinx's is a ranking, not a probability (right commands scored 0.03-0.98 on espeak-ng speech).
    confidence: isCommand ? round(match.confidence) : round(transcript.confidence),
    evidence,
    utteranceId: transcript.utteranceId,
  });
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
