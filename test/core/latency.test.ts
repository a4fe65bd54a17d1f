import { describe, expect, it } from 'vitest';
import { createLatencyTracker } from '../../main/core/latency.ts';
import type { BeckonEvent } from '../../main/common/events.ts';

describe('latency tracker', () => {
  it('measures each step from the end of speech of the same utterance', () => {
    const metrics: Record<string, number> = {};
    const track = createLatencyTracker({ realtimeAudio: true, report: (m) => (metrics[m.name] = m.ms) });
    const base = { seq: 0, source: 't' };
    const events: BeckonEvent[] = [
      // 32 ms frames: the first delivered late (busy start-up), the second on time: live from t=68
      { ...base, kind: 'AudioFrame', t: 150, t0: 0, samples: new Float32Array(512), sampleRate: 16000 },
      { ...base, kind: 'AudioFrame', t: 132, t0: 32, samples: new Float32Array(512), sampleRate: 16000 },
      { ...base, kind: 'Vad', t: 2600, state: 'end', utteranceId: 'u1', at: 2000, probability: 0.2 },
      { ...base, kind: 'Transcript', t: 2700, final: true, text: 'x', t0: 0, t1: 2000, utteranceId: 'u1', lang: 'en', confidence: 1, engine: 'e' },
      { ...base, kind: 'Intent', t: 2710, name: 'volume.up', slots: {}, confidence: 1, evidence: [], utteranceId: 'u1' },
      { ...base, kind: 'Speak', t: 2800, state: 'audio', replyId: 'u1', text: 'Volume up.' },
      { ...base, kind: 'Speak', t: 2900, state: 'audio', replyId: 'u1', text: 'again' },
      { ...base, kind: 'Speak', t: 3000, state: 'audio', replyId: 'other', text: 'unrelated' },
    ];
    events.forEach(track);
    expect(metrics).toEqual({
      'latency.endpointing_ms': 532,
      'latency.eos_to_transcript_ms': 100,
      'latency.eos_to_intent_ms': 110,
      'latency.eos_to_first_audio_ms': 200,
      'latency.speech_end_to_first_audio_ms': 732,
    });
  });
});
