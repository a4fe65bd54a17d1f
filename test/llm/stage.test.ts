// The LLM stage in a real Pipeline with the action and reply stages, against the scripted HTTP server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Pipeline } from '../../main/core/pipeline.ts';
import { createLlmStage } from '../../main/llm/stage.ts';
import { createOpenAiEngine } from '../../main/llm/openai.ts';
import { createToolset } from '../../main/llm/tools.ts';
import { createActionStage } from '../../main/actions/stage.ts';
import { createActionExecutor } from '../../main/actions/executor.ts';
import { createReplyStage } from '../../main/fusion/reply-stage.ts';
import { commandHelp } from '../../main/commands/registry.ts';
import type { BeckonEvent, EventOf } from '../../main/common/events.ts';
import { startOpenAiServer, type OpenAiTestServer } from '../support/openai-server.ts';

let server: OpenAiTestServer;
beforeAll(async () => (server = await startOpenAiServer()));
afterAll(() => server.close());

const of = <K extends BeckonEvent['kind']>(events: BeckonEvent[], kind: K) => events.filter((e) => e.kind === kind) as EventOf<K>[];

function build() {
  const pipeline = new Pipeline([
    createLlmStage({ engine: createOpenAiEngine({ baseUrl: server.url, firstTokenTimeoutMs: 5000 }), tools: createToolset() }),
    createActionStage({ executor: createActionExecutor({ dryRun: true }) }),
    createReplyStage({ commandHelp: commandHelp(), hasLanguageModel: true }),
  ]);
  const chat = (text: string, utteranceId: string) =>
    pipeline.make('Intent', { name: 'chat', slots: { text }, confidence: 0.9, evidence: [{ kind: 'Transcript', seq: 1, text }], utteranceId }, 'test');
  const intent = (name: string) => pipeline.make('Intent', { name, slots: {}, confidence: 1, evidence: [] }, 'test');
  return { pipeline, chat, intent };
}

/** Runs the pipeline over inputs fed one by one, each after the previous one's answer settled. */
async function run(feed: (p: ReturnType<typeof build>, seen: BeckonEvent[]) => AsyncIterable<BeckonEvent>): Promise<BeckonEvent[]> {
  const built = build();
  const seen: BeckonEvent[] = [];
  built.pipeline.bus.subscribe((e) => seen.push(e));
  const out: BeckonEvent[] = [];
  for await (const e of built.pipeline.run(feed(built, seen))) out.push(e);
  return out;
}

const settled = async (seen: BeckonEvent[], predicate: (e: BeckonEvent) => boolean) => {
  await expect.poll(() => seen.some(predicate), { timeout: 5000, interval: 5 }).toBe(true);
};

describe('createLlmStage', () => {
  it('streams the answer as partial Replies (new chunks) then one final Reply, with metrics and no action', async () => {
    server.script({ text: 'Why did the chicken cross the road? To get to the other side.', tokenMs: 5 });
    const events = await run(async function* ({ chat }) {
      yield chat('tell me a joke', 'u1');
    });
    const replies = of(events, 'Reply').filter((r) => r.replyId === 'u1');
    const partials = replies.filter((r) => r.partial);
    expect(partials.length).toBeGreaterThan(5);
    const final = replies.at(-1)!;
    expect(final.partial).toBe(false);
    expect(final.text).toBe('Why did the chicken cross the road? To get to the other side.');
    expect(partials.map((p) => p.text).join('')).toBe(final.text);
    expect(of(events, 'Action')).toEqual([]);
    expect(of(events, 'Metric').map((m) => m.name)).toEqual(['llm.first_token_ms', 'llm.tokens_per_s']);
    expect(server.requests.at(-1)!.messages.at(-1)).toEqual({ role: 'user', content: expect.stringMatching(/^\[Context: .*\]\ntell me a joke$/) });
    expect(server.requests.at(-1)!.messages[0]!.role).toBe('system');
  });

  it('a valid tool call becomes an Intent that the action stage runs (dry run) and the reply stage confirms', async () => {
    server.script({ toolCall: { name: 'volume_up', arguments: '{}' } });
    const events = await run(async function* ({ chat }) {
      yield chat('it is too quiet in here', 'u2');
    });
    const intents = of(events, 'Intent').filter((i) => i.name !== 'chat');
    expect(intents).toHaveLength(1);
    expect(intents[0]!.name).toBe('volume.up');
    expect(intents[0]!.evidence.map((e) => e.kind)).toEqual(['Transcript', 'Intent', 'llm']);
    expect(of(events, 'Action')).toMatchObject([{ type: 'volume.up', status: 'dry-run' }]);
    expect(of(events, 'Reply').map((r) => r.text)).toContain('Volume up.');
  });

  it.each([
    ['an unknown tool', 'delete_everything', '{}', 'LLM_UNKNOWN_TOOL'],
    ['malformed JSON', 'volume_up', '{"x":', 'LLM_BAD_TOOL_JSON'],
    ['arguments failing the schema', 'app_open', '{"app":"rm -rf /"}', 'LLM_BAD_TOOL_ARGS'],
  ])('%s -> an Error event, an apology, and no Action', async (_what, name, args, code) => {
    server.script({ toolCall: { name, arguments: args } });
    const events = await run(async function* ({ chat }) {
      yield chat('do something', 'u3');
    });
    expect(of(events, 'Error')).toMatchObject([{ stage: 'llm', code }]);
    expect(of(events, 'Action')).toEqual([]);
    expect(of(events, 'Intent').map((i) => i.name)).toEqual(['chat']);
    expect(of(events, 'Reply').map((r) => r.text)).toEqual(['Sorry, I could not do that.']);
  });

  it('a risky tool asks first: a thumbs up (confirm.yes) runs it, confirm.no drops it', async () => {
    server.script({ toolCall: { name: 'app_open', arguments: '{"app":"firefox"}' } }, { toolCall: { name: 'type_text', arguments: '{"text":"hello"}' } });
    const events = await run(async function* ({ chat, intent }, seen) {
      yield chat('open my browser', 'u4');
      await settled(seen, (e) => e.kind === 'Reply' && e.text.startsWith('Should I open firefox?'));
      expect(seen.some((e) => e.kind === 'Action')).toBe(false); // nothing ran before the answer
      yield intent('confirm.yes');
      await settled(seen, (e) => e.kind === 'Action');
      yield chat('type hello for me', 'u5');
      await settled(seen, (e) => e.kind === 'Reply' && e.text.startsWith('Should I type'));
      yield intent('confirm.no');
    });
    expect(of(events, 'Action')).toMatchObject([{ type: 'app.open', status: 'dry-run', payload: { app: 'firefox' } }]);
    expect(of(events, 'Reply').map((r) => r.text)).toContain('Okay, I will not.');
  });

  it('a chat "yes" also confirms', async () => {
    server.script({ toolCall: { name: 'app_open', arguments: '{"app":"terminal"}' } });
    const events = await run(async function* ({ chat }, seen) {
      yield chat('I need a shell', 'u6');
      await settled(seen, (e) => e.kind === 'Reply' && e.text.startsWith('Should I open'));
      yield chat('yes please', 'u7');
    });
    expect(of(events, 'Action')).toMatchObject([{ type: 'app.open', payload: { app: 'terminal' } }]);
    expect(server.requests.at(-1)!.messages.at(-1)!.content).toMatch(/\]\nI need a shell$/); // "yes" went to no model
  });

  it.each([
    ['HTTP 500', { status: 500 }, 'LLM_HTTP_ERROR'],
    ['a dropped connection', { text: 'one two three four five six', tokenMs: 5, dropAfterTokens: 3 }, 'LLM_STREAM_BROKEN'],
  ] as const)('%s -> an Error event with a hint, an apology, and the next question still works', async (_what, fault, code) => {
    server.script(fault, { text: 'Fine now.', tokenMs: 5 });
    const events = await run(async function* ({ chat }, seen) {
      yield chat('first', 'u8');
      await settled(seen, (e) => e.kind === 'Error');
      yield chat('second', 'u9');
    });
    const errors = of(events, 'Error');
    expect(errors).toMatchObject([{ stage: 'llm', code }]);
    expect(errors[0]!.hint).toBeTruthy();
    expect(errors[0]!.fatal).toBeUndefined();
    expect(of(events, 'Reply').some((r) => r.replyId === 'u8-error' && r.text.startsWith('Sorry'))).toBe(true);
    expect(of(events, 'Reply').find((r) => r.replyId === 'u9' && !r.partial)?.text).toBe('Fine now.');
  });

  it('an interrupt mid-stream aborts the request (the server sees it close) and nothing more is said', async () => {
    server.script({ text: 'This is a long answer that goes on and on and on for quite a while yet.', tokenMs: 40 });
    let interruptedAt = 0;
    let seqAtInterrupt = 0;
    const events = await run(async function* ({ chat, pipeline }, seen) {
      yield chat('talk to me', 'u10');
      await settled(seen, (e) => e.kind === 'Reply' && e.partial);
      interruptedAt = performance.now();
      pipeline.control('interrupt', 'barge-in', 'test');
      seqAtInterrupt = seen.at(-1)!.seq;
      await new Promise((r) => setTimeout(r, 300));
    });
    const request = server.requests.length - 1;
    const closed = server.clientClosed.find((c) => c.request === request);
    expect(closed).toBeDefined();
    const cancelMs = closed!.at - interruptedAt;
    console.info(`interrupt -> the server saw the connection close: ${cancelMs.toFixed(1)} ms`);
    expect(cancelMs).toBeLessThan(1000);
    const after = of(events, 'Reply').filter((r) => r.replyId === 'u10' && r.seq > seqAtInterrupt);
    expect(after).toEqual([]);
    expect(of(events, 'Reply').some((r) => r.replyId === 'u10' && !r.partial)).toBe(false);
  });
});

describe('createLlmStage: fused affect in the system prompt', () => {
  it('puts the latest Affect (not the bare facial emotion before it) into the live context', async () => {
    server.script({ text: 'Sorry to hear that.', tokenMs: 1 });
    await run(async function* ({ pipeline, chat }) {
      yield pipeline.make('Emotion', { label: 'happy', probs: { happy: 0.9 } }, 'vision');
      yield pipeline.make(
        'Affect',
        { label: 'negative', valence: -0.4, confidence: 0.7, evidence: [{ kind: 'Transcript', seq: 1 }, { kind: 'Emotion', seq: 0 }] },
        'affect',
      );
      yield pipeline.make('Emotion', { label: 'happy', probs: { happy: 0.9 } }, 'vision');
      yield chat('this is not good', 'u-affect');
    });
    const asked = String(server.requests.at(-1)!.messages.at(-1)!.content);
    expect(asked).toContain("the user's apparent mood: negative (valence -0.4, confidence 0.7, from words and face)");
  });

  it('stopping the pipeline mid-answer aborts the request too (the next engine does not wait behind it)', async () => {
    server.script({ text: 'Another long answer that would take a good while to stream to the very end.', tokenMs: 40 });
    const built = build();
    const seen: BeckonEvent[] = [];
    built.pipeline.bus.subscribe((e) => seen.push(e));
    let stoppedAt = 0;
    const input = (async function* () {
      yield built.chat('keep talking', 'u11');
      await settled(seen, (e) => e.kind === 'Reply' && e.partial);
      stoppedAt = performance.now();
      built.pipeline.stop('engine rebuilt');
      await new Promise(() => undefined); // a microphone: the input never ends by itself
    })();
    const drained = (async () => {
      for await (const _ of built.pipeline.run(input));
    })();
    await expect.poll(() => server.clientClosed.some((c) => c.request === server.requests.length - 1), { timeout: 3000, interval: 5 }).toBe(true);
    const closed = server.clientClosed.find((c) => c.request === server.requests.length - 1)!;
    expect(closed.at - stoppedAt).toBeLessThan(1000);
    await drained;
  });
});
