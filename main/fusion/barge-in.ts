/**
 * Barge-in by voice: the user starting to speak while Beckon is speaking interrupts the reply
 * (Control interrupt, reason 'barge-in: voice'), which stops TTS and cancels the LLM at once.
 * Open-palm barge-in is the intent stage's job (a gesture mapped to control.stop -> interrupt).
 *
 * Design: Speak events are made by the TTS stage at the end of the pipeline, and a stage only sees
 * events from the stages before it. So the stage sits right after the VAD (it sees Vad and AudioFrame
 * events as soon as they exist) and learns whether Beckon is speaking from the bus: the host
 * subscribes `stage.observe` to `pipeline.bus` (Speak start/audio -> speaking; end/stopped -> not).
 *
 * The assistant's own voice must not count. There is no echo cancellation here (no AEC offline), so
 * the honest rule is half-duplex gating: while speaking, a Vad start interrupts only once the speech
 * has lasted `minBargeInMs` of stream time (measured on the AudioFrames and SpeechSegments that follow
 * it; the VAD itself already waited minSpeechMs, 250 ms by default, before its start). Short echoes of
 * the speaker then pass as ordinary speech, but loud echo from open speakers can still interrupt:
 * use a headset for voice barge-in, or `bargeIn: 'gesture-only'` (open palm, or push-to-talk).
 * With the VAD's resetOnInterrupt false, the utterance that interrupted is still transcribed.
 */
import type { BeckonEvent } from '../common/events.ts';
import type { Stage } from '../core/stage.ts';

/** voice: speech or an open palm interrupts; gesture-only: only the open palm (this stage is inert); off: neither */
export type BargeInMode = 'voice' | 'gesture-only' | 'off';

export interface BargeInOptions {
  mode?: BargeInMode;
  /** speech (stream time from its start) needed before it interrupts a reply; default 300 */
  minBargeInMs?: number;
  /** stage name (default 'barge-in') */
  name?: string;
}

export interface BargeInStage extends Stage {
  /** subscribe to pipeline.bus: tracks whether Beckon is speaking from the TTS stage's Speak events */
  readonly observe: (event: BeckonEvent) => void;
  /** true between a Speak start/audio and its end/stopped */
  speaking(): boolean;
}

export const DEFAULT_MIN_BARGE_IN_MS = 300;

export function createBargeInStage(options: BargeInOptions = {}): BargeInStage {
  const mode = options.mode ?? 'voice';
  const minMs = options.minBargeInMs ?? DEFAULT_MIN_BARGE_IN_MS;
  const name = options.name ?? 'barge-in';
  const speakingReplies = new Set<string>();

  const observe = (event: BeckonEvent): void => {
    if (event.kind !== 'Speak') return;
    if (event.state === 'start' || event.state === 'audio') speakingReplies.add(event.replyId);
    else speakingReplies.delete(event.replyId);
  };
  const speaking = () => speakingReplies.size > 0;

  return {
    name,
    observe,
    speaking,
    async *run(input, ctx) {
      /** the utterance that may barge in: where its speech began (stream ms) */
      let candidate: { at: number } | null = null;
      /** stream time heard so far (the frames that made the VAD confirm speech come before its start) */
      let heard = Number.NEGATIVE_INFINITY;
      for await (const event of input) {
        yield event;
        if (mode !== 'voice') continue;
        heard = Math.max(heard, heardUntil(event) ?? heard);
        if (event.kind === 'Vad') candidate = event.state === 'start' && speaking() ? { at: event.at } : null;
        if (!candidate || heard - candidate.at < minMs) continue;
        candidate = null;
        // the reply may have ended while the speech was being confirmed: then there is nothing to cut
        if (speaking()) yield ctx.make('Control', { action: 'interrupt', reason: 'barge-in: voice' });
      }
    },
  };
}

/** stream time (ms) up to which audio has been heard, from events that carry it; null otherwise */
function heardUntil(event: BeckonEvent): number | null {
  if (event.kind === 'AudioFrame') return event.t0 + (event.samples.length / event.sampleRate) * 1000;
  if (event.kind === 'SpeechSegment') return event.t1;
  return null;
}
