/**
 * A real OpenAI-compatible chat server for tests, on 127.0.0.1: POST /v1/chat/completions with
 * `stream: true`, scripted per test (text at a fixed token rate, tool calls, HTTP errors, a slow
 * first token, a connection dropped mid-stream). It records what it was asked.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ScriptedReply =
  | { text: string; tokenMs?: number; firstTokenDelayMs?: number; dropAfterTokens?: number }
  | { toolCall: { name: string; arguments: string; id?: string }; pieceChars?: number }
  | { status: number; body?: string }
  /** raw SSE lines written as they are (for malformed chunks) */
  | { raw: string[] };

export interface RecordedRequest {
  messages: Array<{ role: string; content: string | null }>;
  tools?: Array<{ type: string; function: { name: string; parameters: unknown } }>;
  model?: string;
  stream?: boolean;
  max_tokens?: number;
}

export interface OpenAiTestServer {
  /** base URL ending in /v1 */
  url: string;
  requests: RecordedRequest[];
  /** connections the client closed before the reply ended (an abort), by request index */
  clientClosed: Array<{ at: number; request: number }>;
  /** the time (performance.now) each reply wrote its last token */
  lastTokenAt: number[];
  script(...replies: ScriptedReply[]): void;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function startOpenAiServer(options: { port?: number } = {}): Promise<OpenAiTestServer> {
  const queue: ScriptedReply[] = [];
  const requests: RecordedRequest[] = [];
  const clientClosed: Array<{ at: number; request: number }> = [];
  const lastTokenAt: number[] = [];

  const server = createServer((req, res) => {
    void handle(req, res).catch(() => res.destroy());
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
      res.writeHead(404).end('not found');
      return;
    }
    let body = '';
    for await (const chunk of req) body += String(chunk);
    requests.push(JSON.parse(body) as RecordedRequest);
    const reply = queue.shift() ?? { text: 'Nothing scripted.' };
    if ('status' in reply) {
      res.writeHead(reply.status, { 'content-type': 'application/json' }).end(reply.body ?? '{"error":{"message":"scripted failure"}}');
      return;
    }
    const requestIndex = requests.length - 1;
    let closedEarly = false;
    let finished = false;
    res.on('close', () => {
      if (!finished) {
        closedEarly = true;
        clientClosed.push({ at: performance.now(), request: requestIndex });
      }
    });
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const send = (delta: unknown, finish: string | null = null) =>
      res.write(`data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`);

    if ('raw' in reply) {
      for (const line of reply.raw) res.write(line);
    } else if ('toolCall' in reply) {
      const { name, arguments: args, id = 'call_1' } = reply.toolCall;
      const piece = reply.pieceChars ?? 5;
      send({ role: 'assistant', tool_calls: [{ index: 0, id, type: 'function', function: { name, arguments: '' } }] });
      for (let i = 0; i < args.length; i += piece) {
        await sleep(5);
        send({ tool_calls: [{ index: 0, function: { arguments: args.slice(i, i + piece) } }] });
      }
      send({}, 'tool_calls');
    } else {
      const words = reply.text.split(/(?<= )/);
      if (reply.firstTokenDelayMs) await sleep(reply.firstTokenDelayMs);
      for (let i = 0; i < words.length && !closedEarly; i++) {
        if (reply.dropAfterTokens !== undefined && i === reply.dropAfterTokens) {
          res.socket?.destroy();
          return;
        }
        send(i === 0 ? { role: 'assistant', content: words[i] } : { content: words[i] });
        if (i === words.length - 1) lastTokenAt.push(performance.now());
        else await sleep(reply.tokenMs ?? 20);
      }
      if (closedEarly) return;
      send({}, 'stop');
    }
    res.write('data: [DONE]\n\n');
    finished = true;
    res.end();
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject); // e.g. the port is taken
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    clientClosed,
    lastTokenAt,
    script: (...replies) => queue.push(...replies),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
