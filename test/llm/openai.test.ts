// The OpenAI-compatible client against a real HTTP server on 127.0.0.1 (test/support/openai-server.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import { startOpenAiServer, type OpenAiTestServer } from '../support/openai-server.ts';
import { createOpenAiEngine } from '../../main/llm/openai.ts';
import { sseData } from '../../main/llm/sse.ts';
import type { LlmChunk } from '../../main/llm/engine.ts';
import { BeckonError } from '../../main/common/errors.ts';

let server: OpenAiTestServer;
beforeAll(async () => (server = await startOpenAiServer()));
afterAll(() => server.close());

async function collect(it: AsyncIterable<LlmChunk>): Promise<LlmChunk[]> {
  const out: LlmChunk[] = [];
  for await (const c of it) out.push(c);
  return out;
}
const user = (content: string) => [{ role: 'user' as const, content }];

describe('sseData', () => {
  it('joins lines and multi-byte characters split across reads', async () => {
    const text = 'data: {"a":"héllo"}\n\n: comment\ndata: [DONE]\r\n\r\n';
    const bytes = new TextEncoder().encode(text);
    async function* pieces() {
      for (let i = 0; i < bytes.length; i += 3) yield bytes.slice(i, i + 3);
    }
    const got: string[] = [];
    for await (const d of sseData(pieces())) got.push(d);
    expect(got).toEqual(['{"a":"héllo"}', '[DONE]']);
  });

  it('yields a last event that has no blank line after it', async () => {
    async function* once() {
      yield new TextEncoder().encode('data: x');
    }
    const got: string[] = [];
    for await (const d of sseData(once())) got.push(d);
    expect(got).toEqual(['x']);
  });
});

describe('createOpenAiEngine', () => {
  it('streams text chunks in order, then done, and sends the messages and tools', async () => {
    server.script({ text: 'Hello there. How are you?', tokenMs: 5 });
    const engine = createOpenAiEngine({ baseUrl: server.url, model: 'test-model', maxTokens: 64 });
    const tools = [{ name: 'volume_up', description: 'Raise the volume', parameters: { type: 'object', properties: {} } }];
    const chunks = await collect(engine.stream({ messages: user('hi'), tools }));
    const text = chunks.filter((c) => c.type === 'text').map((c) => (c as { text: string }).text);
    expect(text.length).toBeGreaterThan(3);
    expect(text.join('')).toBe('Hello there. How are you?');
    expect(chunks.at(-1)).toEqual({ type: 'done', finishReason: 'stop' });
    const req = server.requests.at(-1)!;
    expect(req.stream).toBe(true);
    expect(req.model).toBe('test-model');
    expect(req.max_tokens).toBe(64);
    expect(req.messages).toEqual([{ role: 'user', content: 'hi' }]);
    expect(req.tools?.[0]?.function.name).toBe('volume_up');
  });

  it('assembles a tool call whose arguments arrive in pieces', async () => {
    server.script({ toolCall: { name: 'app_open', arguments: '{"app":"firefox"}', id: 'call_9' }, pieceChars: 3 });
    const chunks = await collect(createOpenAiEngine({ baseUrl: server.url }).stream({ messages: user('open firefox') }));
    expect(chunks).toEqual([
      { type: 'tool-call', id: 'call_9', name: 'app_open', arguments: '{"app":"firefox"}' },
      { type: 'done', finishReason: 'tool_calls' },
    ]);
  });

  it('skips a malformed chunk with a warning', async () => {
    const ok = (s: string) => `data: ${JSON.stringify({ choices: [{ delta: { content: s } }] })}\n\n`;
    server.script({ raw: [ok('one '), 'data: {not json\n\n', ok('two'), 'data: [DONE]\n\n'] });
    const warnings: string[] = [];
    const chunks = await collect(createOpenAiEngine({ baseUrl: server.url, warn: (m) => warnings.push(m) }).stream({ messages: user('x') }));
    expect(chunks.filter((c) => c.type === 'text').map((c) => (c as { text: string }).text).join('')).toBe('one two');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('malformed');
  });

  it('HTTP 500 -> LLM_HTTP_ERROR naming the status', async () => {
    server.script({ status: 500 });
    const err = await collect(createOpenAiEngine({ baseUrl: server.url }).stream({ messages: user('x') })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BeckonError);
    expect((err as BeckonError).code).toBe('LLM_HTTP_ERROR');
    expect((err as BeckonError).message).toContain('500');
  });

  it('a connection dropped mid-stream -> LLM_STREAM_BROKEN after the text that came', async () => {
    server.script({ text: 'one two three four five', tokenMs: 5, dropAfterTokens: 2 });
    const got: LlmChunk[] = [];
    const err = await (async () => {
      for await (const c of createOpenAiEngine({ baseUrl: server.url }).stream({ messages: user('x') })) got.push(c);
    })().catch((e: unknown) => e);
    expect((err as BeckonError).code).toBe('LLM_STREAM_BROKEN');
    expect(got.map((c) => (c as { text: string }).text).join('')).toBe('one two ');
  });

  it('no server -> LLM_UNREACHABLE with a hint naming the URL', async () => {
    // a port that was free a moment ago
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const url = `http://127.0.0.1:${port}/v1`;
    const err = await collect(createOpenAiEngine({ baseUrl: url }).stream({ messages: user('x') })).catch((e: unknown) => e);
    expect((err as BeckonError).code).toBe('LLM_UNREACHABLE');
    expect((err as BeckonError).hint).toContain(url);
    expect((err as BeckonError).hint).toContain('ollama serve');
  });

  it('a slow first token -> LLM_TIMEOUT', async () => {
    server.script({ text: 'late', firstTokenDelayMs: 1500 });
    const err = await collect(createOpenAiEngine({ baseUrl: server.url, firstTokenTimeoutMs: 200 }).stream({ messages: user('x') })).catch((e: unknown) => e);
    expect((err as BeckonError).code).toBe('LLM_TIMEOUT');
  });

  it('abort stops the stream: nothing more is yielded and the server sees the connection close', async () => {
    server.script({ text: 'a b c d e f g h i j k l m n o p', tokenMs: 30 });
    const controller = new AbortController();
    const got: LlmChunk[] = [];
    let abortedAt = 0;
    for await (const c of createOpenAiEngine({ baseUrl: server.url }).stream({ messages: user('x'), signal: controller.signal })) {
      got.push(c);
      if (got.length === 3) {
        abortedAt = performance.now();
        controller.abort();
      }
    }
    expect(got).toHaveLength(3);
    const request = server.requests.length - 1;
    await expect.poll(() => server.clientClosed.some((c) => c.request === request), { timeout: 2000 }).toBe(true);
    const closeMs = server.clientClosed.find((c) => c.request === request)!.at - abortedAt;
    console.info(`abort -> server saw the connection close: ${closeMs.toFixed(1)} ms`);
    expect(closeMs).toBeLessThan(1000);
  });
});
