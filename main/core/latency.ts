import type { BeckonEvent, EventOf } from '../common/events.ts';

interface Turn {
  /** clock time the VAD decided speech had ended */
  vadEnd: number;
  /** clock time the speech really ended in the audio, when the source is paced in real time */
  speechEnd: number | null;
  transcript?: number;
  intent?: number;
  firstAudio?: number;
}

/**
 * An observer that follows each utterance from end of speech to first spoken audio and reports
 * the latency of each step as Metric events (through `report`). Event times are creation times,
 * so queueing in later stages does not distort them. The real end of speech is known only when
 * audio is paced in real time: then stream time maps to clock time through the frames' delivery times.
 */
export function createLatencyTracker(options: {
  realtimeAudio: boolean;
  report: (metric: Pick<EventOf<'Metric'>, 'name' | 'ms'>) => void;
}): (event: BeckonEvent) => void {
  const turns = new Map<string, Turn>();
  let streamOffset: number | null = null;
  return (event) => {
    for (const m of observe(event)) options.report({ name: m.name, ms: Math.round(m.ms * 10) / 10 });
  };

  function* observe(e: BeckonEvent): Generator<{ name: string; ms: number }> {
    if (e.kind === 'AudioFrame') {
      // A frame is live once its last sample is recorded. Frames delivered late (a busy event loop)
      // arrive in a burst; the earliest-delivered one tells when stream time 0 was live.
      const liveAt = e.t - e.t0 - (e.samples.length / e.sampleRate) * 1000;
      streamOffset = streamOffset === null ? liveAt : Math.min(streamOffset, liveAt);
    }
    if (e.kind === 'Vad' && e.state === 'end') {
      const speechEnd = options.realtimeAudio && streamOffset !== null ? streamOffset + e.at : null;
      turns.set(e.utteranceId, { vadEnd: e.t, speechEnd });
      if (turns.size > 32) turns.delete(turns.keys().next().value as string);
      if (speechEnd !== null) yield { name: 'latency.endpointing_ms', ms: e.t - speechEnd };
    }
    if (e.kind === 'Transcript' && e.final) {
      const turn = turns.get(e.utteranceId);
      if (turn && turn.transcript === undefined) {
        turn.transcript = e.t;
        yield { name: 'latency.eos_to_transcript_ms', ms: e.t - turn.vadEnd };
      }
    }
    if (e.kind === 'Intent' && e.utteranceId) {
      const turn = turns.get(e.utteranceId);
      if (turn && turn.intent === undefined) {
        turn.intent = e.t;
        yield { name: 'latency.eos_to_intent_ms', ms: e.t - turn.vadEnd };
      }
    }
    if (e.kind === 'Speak' && e.state === 'audio') {
      const turn = turns.get(e.replyId);
      if (turn && turn.firstAudio === undefined) {
        turn.firstAudio = e.t;
        yield { name: 'latency.eos_to_first_audio_ms', ms: e.t - turn.vadEnd };
        if (turn.speechEnd !== null) yield { name: 'latency.speech_end_to_first_audio_ms', ms: e.t - turn.speechEnd };
      }
    }
  }
}
