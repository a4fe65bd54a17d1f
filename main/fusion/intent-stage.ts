import type { EventOf } from '../common/events.ts';
import { channelStage, type Stage } from '../core/stage.ts';
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
 *
 * Speech that points ("open this") with no pointing gesture yet waits up to the deixis rule's waitMs
 * for one, since the hand often comes just after the words, while a camera is sending (gestures or
 * faces in the last 10 s); other events keep flowing meanwhile. A spoken stop is never held. Time
 * is the events' own (a replay faster than real time decides at once) or, when nothing arrives, a timer.
 * The waiting intent is always emitted, with or without the pointer, unless a stop comes first.
 */
export function createIntentStage(options: IntentStageOptions): Stage {
  const minConfidence = options.minConfidence ?? 0.6;
  const deixis = options.resolveDeixis ?? null;
  return channelStage('intent', async (input, out, ctx) => {
    let pending: { transcript: EventOf<'Transcript'>; match: CommandMatch | null; deadline: number; timer: NodeJS.Timeout } | null = null;

    const emit = (transcript: EventOf<'Transcript'>, match: CommandMatch | null) => {
      const intent = toIntent(transcript, match, minConfidence, ctx.make, deixis?.resolve(transcript) ?? null);
      out.push(intent);
      if (intent.name === 'control.stop') out.push(ctx.make('Control', { action: 'interrupt', reason: 'voice: stop' }));
    };
    /** emit the waiting intent with whatever pointing has been seen by now */
    const settle = () => {
      if (!pending) return;
      const { transcript, match, timer } = pending;
      clearTimeout(timer);
      pending = null;
      emit(transcript, match);
    };
    /** a stop cancels what was asked but not yet done */
    const drop = (why: string) => {
      if (!pending) return;
      clearTimeout(pending.timer);
      ctx.log.debug(`intent: "${pending.transcript.text}" dropped while waiting for a pointing gesture (${why})`);
      pending = null;
    };

    for await (const event of input) {
      // Control events are broadcast with the pipeline's clock; only the input's own events tell its time.
      if (pending && event.kind !== 'Control' && event.t > pending.deadline) settle();
      out.push(event);
      deixis?.observe(event);
      if (pending && deixis?.isPointing(event)) settle();
      if (event.kind === 'Control' && event.action === 'stop') drop('stop');
      if (event.kind === 'Gesture') {
        const name = options.gestureIntent?.(event) ?? null;
        if (name === null) continue;
        if (name === 'control.stop') drop(`gesture: ${event.label}`);
        out.push(
          ctx.make('Intent', {
            name,
            slots: {},
            confidence: round(event.score),
            evidence: [{ kind: 'Gesture', seq: event.seq, text: event.label }],
          }),
        );
        // An open palm (or whatever maps to stop) cuts the reply at once: barge-in by gesture.
        if (name === 'control.stop') out.push(ctx.make('Control', { action: 'interrupt', reason: `gesture: ${event.label}` }));
        continue;
      }
      if (event.kind !== 'Transcript' || !event.final || event.text.trim() === '') continue;
      const match = options.match(event.text);
      const stop = match?.name === 'control.stop' && match.confidence >= minConfidence;
      if (stop) drop('voice: stop');
      else settle(); // intents leave in the order they were said
      // "stop that" is never held; nor is anything while no camera is sending (no hand can come)
      if (!stop && deixis && deixis.waitMs > 0 && deixis.watching(event.t) && deixis.points(event) && deixis.resolve(event) === null) {
        const timer = setTimeout(settle, deixis.waitMs);
        pending = { transcript: event, match, deadline: event.t + deixis.waitMs, timer };
        continue;
      }
      emit(event, match);
    }
    // The input ended: no gesture can come any more. A pipeline that was stopped wants nothing new.
    if (ctx.signal.aborted) drop('pipeline stopped');
    else settle();
  });
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
