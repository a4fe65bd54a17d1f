// The LLM path through the real `beckon run` command: a recorded session (a final Transcript that is
// not a command) replayed with --events, answered by the scripted server at a fixed token rate,
// spoken by espeak-ng to a wav. The first sentence must be spoken before the stream's last token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { beckon, kinds } from '../e2e/cli.ts';
import { tempDir } from '../support/speech.ts';
import { writeChatSession } from '../support/llm.ts';
import { startOpenAiServer, type OpenAiTestServer } from '../support/openai-server.ts';
import { readWav } from '../../main/audio/wav.ts';
import type { EventOf } from '../../main/common/events.ts';

let server: OpenAiTestServer;
beforeAll(async () => (server = await startOpenAiServer()));
afterAll(() => server.close());

const JOKE = 'Why did the scarecrow win an award? Because he was outstanding in his field.';
const TOKEN_MS = 80;

const session = (text: string, extra: object[] = []) => writeChatSession(tempDir('beckon-llm-'), text, extra);

describe('beckon run --llm-url (OpenAI-compatible test server)', () => {
  it('streams the answer and speaks its first sentence before the stream ends', async () => {
    server.script({ text: JOKE, tokenMs: TOKEN_MS });
    const out = join(tempDir('beckon-llm-tts-'), 'reply.wav');
    const events = await session('tell me a joke');
    const { code, events: printed, stderr } = await beckon(['run', '--events', events, '--llm-url', server.url, '--json', '--dry-run', '--no-speak', '--tts-out', out]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect((kinds(printed, 'Intent') as EventOf<'Intent'>[]).map((i) => i.name)).toEqual(['chat']);
    const replies = kinds(printed, 'Reply') as EventOf<'Reply'>[];
    const final = replies.find((r) => !r.partial)!;
    expect(final.text).toBe(JOKE);
    expect(replies.filter((r) => r.partial).length).toBeGreaterThan(5);
    expect(replies.some((r) => r.text.includes('language model is configured'))).toBe(false);
    const firstAudio = (kinds(printed, 'Speak') as EventOf<'Speak'>[]).find((s) => s.state === 'audio')!;
    expect(firstAudio.text).toBe('Why did the scarecrow win an award?');
    const lead = final.t - firstAudio.t;
    const firstToken = (kinds(printed, 'Metric') as EventOf<'Metric'>[]).find((m) => m.name === 'llm.first_token_ms');
    console.info(`first spoken audio ${lead.toFixed(0)} ms before the stream's last token; llm.first_token_ms ${firstToken?.ms} ms`);
    expect(lead).toBeGreaterThan(0);
    expect((await readWav(out)).durationMs).toBeGreaterThan(2000); // both sentences were spoken
    expect(server.requests.at(-1)!.messages.at(-1)).toEqual({ role: 'user', content: expect.stringMatching(/^\[Context: .*\]\ntell me a joke$/) });
  }, 60_000);

  it('an open palm replayed during the reply cancels the stream and stops speech', async () => {
    // slower tokens: the first sentence is complete at about 1 s, the stream ends at about 2 s
    server.script({ text: JOKE, tokenMs: 150 });
    // 1.5 s after the question: the first sentence is being spoken and the stream is still going
    const palm = { kind: 'Gesture', t: 2500, seq: 4, source: 'recording', label: 'open-palm', hand: 'right', score: 0.95, gestureType: 'pose' };
    const { code, events: printed } = await beckon(['run', '--events', await session('tell me a joke', [palm]), '--realtime', '--llm-url', server.url, '--json', '--dry-run', '--no-speak']);
    expect(code).toBe(0);
    const control = (kinds(printed, 'Control') as EventOf<'Control'>[]).find((c) => c.action === 'interrupt')!;
    expect(control.reason).toBe('gesture: open-palm');
    const request = server.requests.length - 1;
    await expect.poll(() => server.clientClosed.some((c) => c.request === request), { timeout: 2000 }).toBe(true);
    const replies = kinds(printed, 'Reply') as EventOf<'Reply'>[];
    expect(replies.some((r) => !r.partial)).toBe(false); // the answer never finished
    expect(replies.filter((r) => r.seq > control.seq)).toEqual([]);
    const stopped = (kinds(printed, 'Speak') as EventOf<'Speak'>[]).find((s) => s.state === 'stopped');
    expect(stopped).toBeDefined();
    console.info(`open palm -> Speak stopped: ${(stopped!.t - control.t).toFixed(1)} ms; stream cut after ${replies.length} of ${JOKE.split(' ').length} tokens`);
  }, 60_000);

  it('a tool call from the server runs the matching action (dry run) after it validates', async () => {
    server.script({ toolCall: { name: 'volume_down', arguments: '{}' } });
    const { code, events: printed } = await beckon(['run', '--events', await session('it is way too loud in here'), '--llm-url', server.url, '--json', '--dry-run', '--no-speak']);
    expect(code).toBe(0);
    expect(kinds(printed, 'Action')).toMatchObject([{ type: 'volume.down', status: 'dry-run' }]);
  }, 60_000);

  it('no server at the URL: an Error event naming it, an apology, and a clean exit', async () => {
    const url = 'http://127.0.0.1:9/v1'; // the discard port: nothing listens there
    const { code, events: printed } = await beckon(['run', '--events', await session('how are you'), '--llm-url', url, '--json', '--dry-run', '--no-speak']);
    expect(code).toBe(0);
    const errors = kinds(printed, 'Error') as EventOf<'Error'>[];
    expect(errors).toMatchObject([{ stage: 'llm', code: 'LLM_UNREACHABLE' }]);
    expect(errors[0]!.hint).toContain(url);
    expect((kinds(printed, 'Reply') as EventOf<'Reply'>[]).map((r) => r.text)).toContain('Sorry, I cannot reach the language model.');
  }, 60_000);
});
