import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineService } from '../../main/engine/service.ts';
import { startDashboardServer, type DashboardServer } from '../../main/server/dashboard-server.ts';
import { MAX_CLIENT_MESSAGE_BYTES } from '../../main/common/contract.ts';
import { connectClient, waitFor } from './client.ts';

// A real service that is not started: the server's own behaviour (auth, parsing, limits) is under test here.
const service = new EngineService({ input: { kind: 'wav', path: '/nonexistent.wav', realtime: false }, tts: { play: false } });
let readOnly: DashboardServer;
let open: DashboardServer;

beforeAll(async () => {
  readOnly = await startDashboardServer({ service, port: 0 });
  open = await startDashboardServer({ service, port: 0, token: 'open-token', allow: new Set(['settings', 'push-to-talk']) });
});
afterAll(async () => {
  await readOnly?.close();
  await open?.close();
});

describe('dashboard server: access', () => {
  it('makes a random 32-byte token and binds to loopback', () => {
    expect(readOnly.token).toMatch(/^[0-9a-f]{64}$/);
    expect(readOnly.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('refuses a connection without a token', async () => {
    await expect(connectClient(readOnly.url, undefined)).rejects.toThrow('unauthorized');
  });

  it('refuses a wrong token, including one of the right length', async () => {
    await expect(connectClient(readOnly.url, { token: 'nope' })).rejects.toThrow('unauthorized');
    await expect(connectClient(readOnly.url, { token: 'f'.repeat(64) })).rejects.toThrow('unauthorized');
    await expect(connectClient(readOnly.url, { token: 42 })).rejects.toThrow('unauthorized');
  });

  it('sends the status on connect and answers get-status', async () => {
    const client = await connectClient(readOnly.url, { token: readOnly.token });
    await waitFor(() => client.statuses.length > 0, 5000, 'status');
    expect(client.statuses[0]!.state).toBe('stopped');
    expect(client.statuses[0]!.context.commands.length).toBeGreaterThan(0);
    const status = await client.socket.timeout(5000).emitWithAck('get-status');
    expect(status.settings).toEqual(service.status().settings);
    client.close();
  });
});

describe('dashboard server: messages', () => {
  it('refuses every message type on a read-only server', async () => {
    const client = await connectClient(readOnly.url, { token: readOnly.token });
    for (const message of [{ type: 'interrupt' }, { type: 'push-to-talk', pressed: true }, { type: 'settings', patch: { dryRun: true } }]) {
      expect(await client.send(message)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    }
    client.close();
  });

  it('answers malformed messages with MALFORMED and keeps serving', async () => {
    const client = await connectClient(open.url, { token: open.token });
    const bad: unknown[] = [
      'not an object',
      42,
      null,
      [1, 2],
      { type: 'launch-missiles' },
      { type: 'push-to-talk', pressed: 'yes' },
      { type: 'settings', patch: { microphoneMuted: 'true' } },
      { type: 'settings', patch: { dryRun: true, runAsRoot: true } },
      { type: 'settings', patch: { language: 'x'.repeat(500) } },
      { type: 'vision', event: { kind: 'Gesture', label: 'thumbs-up' } },
    ];
    for (const message of bad) expect(await client.send(message), JSON.stringify(message)).toMatchObject({ ok: false, code: 'MALFORMED' });
    // two arguments, and no ack at all: neither may crash the server
    expect(await client.socket.timeout(5000).emitWithAck('message', { type: 'interrupt' }, 'extra')).toMatchObject({ code: 'MALFORMED' });
    client.socket.emit('message', { type: 'settings', patch: { pushToTalk: true } });
    client.socket.emit('message', 'junk');
    client.socket.emit('no-such-channel', { a: 1 });
    expect(await client.send({ type: 'settings', patch: { pushToTalkHotkey: 'F9' } })).toEqual({ ok: true });
    await waitFor(() => service.status().settings.pushToTalk, 5000, 'the ack-less patch');
    expect(service.status().settings.pushToTalkHotkey).toBe('F9');
    expect(client.socket.connected).toBe(true);
    client.close();
  });

  it('broadcasts a status change to every client', async () => {
    const a = await connectClient(open.url, { token: open.token });
    const b = await connectClient(open.url, { token: open.token });
    await waitFor(() => b.statuses.length > 0, 5000, 'first status');
    expect(await a.send({ type: 'settings', patch: { microphoneMuted: true } })).toEqual({ ok: true });
    await waitFor(() => b.statuses.some((s) => s.microphone.muted), 5000, 'muted status');
    a.close();
    b.close();
  });

  it('refuses an oversized message and still serves new clients', async () => {
    const client = await connectClient(open.url, { token: open.token });
    const justOver = { type: 'settings', patch: { voice: 'v' }, pad: 'x'.repeat(MAX_CLIENT_MESSAGE_BYTES) };
    const reply = await client.send(justOver, 2000).catch((err: Error) => ({ ok: false as const, code: 'DROPPED', error: err.message }));
    expect(reply.ok).toBe(false);
    if (reply.ok === false) expect(['TOO_LARGE', 'DROPPED']).toContain(reply.code);
    // far over socket.io's buffer limit: the connection may be dropped, the server must stay up
    client.socket.emit('message', { type: 'settings', patch: {}, pad: 'y'.repeat(MAX_CLIENT_MESSAGE_BYTES * 8) });
    await new Promise((r) => setTimeout(r, 200));
    console.warn(`oversized: first reply ${reply.ok ? 'ok' : reply.code}; after a 128 KiB message the client is ${client.socket.connected ? 'still connected' : 'disconnected'}`);
    client.close();
    const fresh = await connectClient(open.url, { token: open.token });
    expect(await fresh.send({ type: 'push-to-talk', pressed: false })).toEqual({ ok: true });
    fresh.close();
  });

  it('survives a flood of 1,000 messages from one client; memory stays flat', async () => {
    const gc = (globalThis as { gc?: () => void }).gc;
    const heap = () => {
      gc?.();
      return process.memoryUsage();
    };
    const before = heap();
    const flooder = await connectClient(open.url, { token: open.token });
    const bystander = await connectClient(open.url, { token: open.token });
    const replies = await Promise.all(
      Array.from({ length: 1000 }, (_, i) => flooder.send(i % 3 === 0 ? 'junk' : { type: 'push-to-talk', pressed: i % 2 === 0 }, 15_000)),
    );
    const codes = new Map<string, number>();
    for (const r of replies) codes.set(r.ok ? 'ok' : r.code, (codes.get(r.ok ? 'ok' : r.code) ?? 0) + 1);
    expect(codes.get('RATE_LIMITED') ?? 0).toBeGreaterThan(0);
    expect(await bystander.send({ type: 'push-to-talk', pressed: false })).toEqual({ ok: true });
    flooder.close();
    bystander.close();
    await new Promise((r) => setTimeout(r, 100));
    const after = heap();
    const heapMb = (after.heapUsed - before.heapUsed) / 2 ** 20;
    const rssMb = (after.rss - before.rss) / 2 ** 20;
    console.warn(
      `flood: replies ${JSON.stringify(Object.fromEntries(codes))}; heapUsed ${heapMb.toFixed(1)} MB, rss ${rssMb.toFixed(1)} MB change (gc ${gc ? 'forced' : 'not exposed'})`,
    );
    expect(heapMb).toBeLessThan(50);
    expect(rssMb).toBeLessThan(100);
  }, 30_000);
});
