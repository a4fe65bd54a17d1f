// Issue 5's "done when", end to end: a spoken question (espeak-ng wav) through the real `beckon run
// --audio` (VAD -> pocketsphinx with the dictation fallback -> intent -> LLM stage), answered by the
// scripted OpenAI-compatible server at a fixed token rate, spoken by espeak-ng to a wav.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beckon, kinds } from './cli.ts';
import { speakToWav, tempDir } from '../support/speech.ts';
import { startOpenAiServer, type OpenAiTestServer } from '../support/openai-server.ts';
import { isPocketsphinxAvailable } from '../../main/asr/engines/pocketsphinx.ts';
import { readWav } from '../../main/audio/wav.ts';
import type { BeckonEvent, EventOf } from '../../main/common/events.ts';

const available = await isPocketsphinxAvailable();
if (!available) console.warn('skipping the spoken-question LLM test: pocketsphinx or its en-us model is missing (apt-get install pocketsphinx pocketsphinx-en-us)');

let server: OpenAiTestServer;
beforeAll(async () => (server = await startOpenAiServer()));
afterAll(() => server?.close());

const ANSWER = 'The weather today is sunny and warm. Expect a light breeze in the afternoon. Enjoy your day!';
const TOKEN_MS = 60;

describe.skipIf(!available)('beckon run --audio <question> --llm-url (test server)', () => {
  it('the question reaches the server as free text and the first sentence is spoken before the stream ends', async () => {
    server.script({ text: ANSWER, tokenMs: TOKEN_MS });
    const question = await speakToWav('what is the weather like today');
    const dir = tempDir('beckon-llm-audio-');
    const out = join(dir, 'reply.wav');
    const record = join(dir, 'events.jsonl');
    const { code, stderr } = await beckon(
      ['run', '--audio', question, '--engine', 'pocketsphinx', '--llm-url', server.url, '--dry-run', '--no-speak', '--tts-out', out, '--record', record],
      { timeoutMs: 90_000 },
    );
    expect(code, stderr).toBe(0);
    const events = (await readFile(record, 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l) as BeckonEvent);

    // pocketsphinx's free decode of this voice is "what is the weather like do you": the key word survives
    const asked = server.requests.at(-1)!.messages.at(-1)!;
    expect(asked.role).toBe('user');
    expect(asked.content).toContain('weather');
    expect((kinds(events, 'Intent') as EventOf<'Intent'>[]).map((i) => i.name)).toEqual(['chat']);

    const replies = kinds(events, 'Reply') as EventOf<'Reply'>[];
    const final = replies.find((r) => !r.partial)!;
    expect(final.text).toBe(ANSWER);
    // the final Reply is made when the stream's last token arrives; the first sentence's audio must start before it
    const firstAudio = (kinds(events, 'Speak') as EventOf<'Speak'>[]).find((s) => s.state === 'audio')!;
    expect(firstAudio.text).toBe('The weather today is sunny and warm.');
    const lead = final.t - firstAudio.t;
    console.info(`first spoken audio ${lead.toFixed(0)} ms before the stream's last token (${TOKEN_MS} ms/token); heard: "${asked.content}"`);
    expect(lead).toBeGreaterThan(0);

    // all three sentences were spoken: several seconds of audio with real signal in it
    const wav = await readWav(out);
    expect(wav.durationMs).toBeGreaterThan(3000);
    const peak = wav.samples.reduce((m, s) => Math.max(m, Math.abs(s)), 0);
    expect(peak).toBeGreaterThan(0.05);
  }, 120_000);
});
