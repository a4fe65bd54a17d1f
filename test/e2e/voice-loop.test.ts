// The whole loop through the real `beckon run` command: espeak-ng speech in several voices and speeds,
// Silero VAD, pocketsphinx with the command grammar in a worker, intent, dry-run action, spoken reply.
// What is asserted is the intent: pocketsphinx may hear a command as another phrasing of it
// ("open fire fox", "play the music"). Its accuracy over a wider set of voices is measured by
// `npm run bench` (about 90% of intents right on espeak-ng speech), not pinned here.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { speakToWav, tempDir } from '../support/speech.ts';
import { readWav } from '../../main/audio/wav.ts';
import { beckon, kinds } from './cli.ts';
import type { EventOf } from '../../main/common/events.ts';

const CASES: Array<{ text: string; intent: string; voice: string; speed: number; slots?: Record<string, string> }> = [
  { text: 'turn the volume up', intent: 'volume.up', voice: 'en-us', speed: 160 },
  { text: 'volume down', intent: 'volume.down', voice: 'en-gb', speed: 140 },
  { text: 'mute the sound', intent: 'volume.mute', voice: 'en-us+f3', speed: 175 },
  { text: 'pause the music', intent: 'media.pause', voice: 'en-us', speed: 190 },
  { text: 'play music', intent: 'media.play', voice: 'en-gb', speed: 160 },
  { text: 'next track', intent: 'media.next', voice: 'en-us', speed: 150 },
  { text: 'previous song', intent: 'media.previous', voice: 'en-us', speed: 170 },
  { text: 'open firefox', intent: 'app.open', voice: 'en-gb', speed: 175, slots: { app: 'firefox' } },
  { text: 'switch window', intent: 'window.switch', voice: 'en-us+f3', speed: 140 },
  { text: 'scroll down', intent: 'scroll.down', voice: 'en-us+f3', speed: 150 },
  { text: 'what time is it', intent: 'time.query', voice: 'en-gb', speed: 150 },
  { text: 'what can I say', intent: 'help.commands', voice: 'en-us', speed: 165 },
];

describe('beckon run --audio (espeak-ng speech through the whole loop)', () => {
  it.each(CASES)('"$text" ($voice, $speed wpm) -> $intent', async ({ text, intent, voice, speed, slots }) => {
    const wav = await speakToWav(text, { voice, speed });
    const { code, events, stderr } = await beckon(['run', '--audio', wav, '--json', '--dry-run', '--no-speak']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const finals = kinds(events, 'Transcript').filter((e) => (e as EventOf<'Transcript'>).final) as EventOf<'Transcript'>[];
    expect(finals).toHaveLength(1);
    const intents = kinds(events, 'Intent') as EventOf<'Intent'>[];
    expect(intents.map((i) => i.name)).toEqual([intent]);
    if (slots) expect(intents[0]!.slots).toMatchObject(slots);
    expect(kinds(events, 'Reply').length).toBe(1);
    expect(kinds(events, 'Vad').map((v) => (v as EventOf<'Vad'>).state)).toEqual(['start', 'end']);
  });

  it('prints the action of a desktop command and the latency of each step', async () => {
    const wav = await speakToWav('turn the volume up', { voice: 'en-us', speed: 160 });
    const { code, events } = await beckon(['run', '--audio', wav, '--json', '--dry-run', '--no-speak']);
    expect(code).toBe(0);
    expect(kinds(events, 'Action')).toMatchObject([{ type: 'volume.up', status: 'dry-run' }]);
    expect(kinds(events, 'Speak').map((s) => (s as EventOf<'Speak'>).state)).toContain('audio');
    const metrics = (kinds(events, 'Metric') as EventOf<'Metric'>[]).map((m) => m.name);
    expect(metrics).toEqual(expect.arrayContaining(['latency.eos_to_transcript_ms', 'latency.eos_to_intent_ms', 'latency.eos_to_first_audio_ms']));
  });

  it('writes the spoken reply to a wav with --tts-out', async () => {
    const wav = await speakToWav('what time is it', { voice: 'en-gb', speed: 150 });
    const out = join(tempDir('beckon-tts-out-'), 'reply.wav');
    const { code, events } = await beckon(['run', '--audio', wav, '--json', '--dry-run', '--no-speak', '--tts-out', out]);
    expect(code).toBe(0);
    const reply = (kinds(events, 'Reply') as EventOf<'Reply'>[])[0]!;
    const spoken = await readWav(out);
    expect(spoken.durationMs).toBeGreaterThan(500); // "It is 5:21 AM." takes about a second
    expect(reply.text).toMatch(/^It is /);
  });
});
