import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io as ioClient } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { CHANNELS, type ClientMessage } from '../../main/common/contract.ts';
import { ElectronTransport } from '../../renderer/src/transport/electron.ts';
import { SocketTransport } from '../../renderer/src/transport/socket.ts';
import { UNAUTHORIZED_REASON, type BeckonBridge, type ConnectionState } from '../../renderer/src/transport/types.ts';
import { loadSession, makeStatus } from './fixtures.ts';

const TOKEN = 'test-token';

/** A real socket.io server speaking the contract, as `beckon serve` does: token auth, events, status, acks. */
async function startServer(onMessage: (m: unknown) => unknown = () => ({ ok: true })) {
  const http: HttpServer = createServer();
  const server = new Server(http);
  server.use((socket, next) => (socket.handshake.auth?.token === TOKEN ? next() : next(new Error('unauthorized'))));
  server.on('connection', (socket) => {
    socket.on(CHANNELS.getStatus, (ack: (s: unknown) => void) => ack(makeStatus()));
    socket.on(CHANNELS.message, (m: unknown, ack: (r: unknown) => void) => ack(onMessage(m)));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return { server, url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

function until(transport: SocketTransport | ElectronTransport, want: ConnectionState['state']): Promise<ConnectionState> {
  return new Promise((resolve) => {
    const off = transport.onConnection((c) => {
      if (c.state === want) {
        queueMicrotask(() => off());
        resolve(c);
      }
    });
  });
}

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('SocketTransport against a real socket.io server', () => {
  it('says the token is wrong when the server refuses it', async () => {
    const srv = await startServer();
    cleanups.push(srv.close);
    const t = new SocketTransport('wrong', (opts) => ioClient(srv.url, { ...opts, reconnection: false }));
    cleanups.push(() => t.close());
    expect(await until(t, 'disconnected')).toEqual({ state: 'disconnected', reason: UNAUTHORIZED_REASON });
  });

  it('receives events and status parsed by the contract, drops and counts invalid ones, and sends with an ack', async () => {
    const received: ClientMessage[] = [];
    const srv = await startServer((m) => {
      received.push(m as ClientMessage);
      return { ok: false, code: 'FORBIDDEN', error: 'read-only' };
    });
    cleanups.push(srv.close);
    const t = new SocketTransport(TOKEN, (opts) => ioClient(srv.url, { ...opts, reconnection: false }));
    cleanups.push(() => t.close());
    const events: string[] = [];
    let invalid = 0;
    t.onEvent((e) => events.push(e.kind));
    t.onInvalid((n) => (invalid = n));
    const firstStatus = new Promise((resolve) => t.onStatus(resolve));
    await until(t, 'live');
    expect(await firstStatus).toMatchObject({ state: 'listening' });

    const session = loadSession('volume-up');
    const done = new Promise<void>((resolve) => t.onEvent((e) => e.seq === session.at(-1)!.seq && resolve()));
    srv.server.emit(CHANNELS.event, { kind: 'Transcript', text: 'missing fields' });
    srv.server.emit(CHANNELS.event, { kind: 'AudioFrame', t: 1, seq: 1, source: 'mic', samples: [0], sampleRate: 16000, t0: 0 });
    for (const e of session) srv.server.emit(CHANNELS.event, e);
    await done;
    expect(events).toEqual(session.map((e) => e.kind));
    expect(invalid).toBe(2);

    const reply = await t.send({ type: 'settings', patch: { microphoneMuted: true } });
    expect(reply).toEqual({ ok: false, code: 'FORBIDDEN', error: 'read-only' });
    expect(received).toEqual([{ type: 'settings', patch: { microphoneMuted: true } }]);
  });

  it('refuses to send while offline instead of queueing', async () => {
    const t = new SocketTransport(TOKEN, (opts) => ioClient('http://127.0.0.1:9', { ...opts, reconnection: false, autoConnect: false }));
    cleanups.push(() => t.close());
    expect(await t.send({ type: 'interrupt' })).toMatchObject({ ok: false, code: 'OFFLINE' });
  });
});

describe('ElectronTransport over window.beckon', () => {
  function fakeBridge(status: unknown) {
    const listeners = { event: new Set<(e: unknown) => void>(), status: new Set<(s: unknown) => void>() };
    const sent: ClientMessage[] = [];
    const bridge: BeckonBridge = {
      getStatus: async () => status,
      send: async (m) => (sent.push(m), { ok: true }),
      onEvent: (cb) => (listeners.event.add(cb), () => listeners.event.delete(cb)),
      onStatus: (cb) => (listeners.status.add(cb), () => listeners.status.delete(cb)),
    };
    return { bridge, listeners, sent };
  }

  it('goes live once the main process answers, and parses what the bridge delivers', async () => {
    const { bridge, listeners, sent } = fakeBridge(makeStatus());
    const t = new ElectronTransport(bridge);
    const kinds: string[] = [];
    let invalid = 0;
    t.onEvent((e) => kinds.push(e.kind));
    t.onInvalid((n) => (invalid = n));
    await until(t, 'live');
    for (const cb of listeners.event) {
      cb(loadSession('volume-up')[0]);
      cb({ kind: 'Nope' });
    }
    expect(kinds).toEqual(['Vad']);
    expect(invalid).toBe(1);
    expect(await t.send({ type: 'push-to-talk', pressed: true })).toEqual({ ok: true });
    expect(sent).toEqual([{ type: 'push-to-talk', pressed: true }]);
    t.close();
    expect(listeners.event.size + listeners.status.size).toBe(0);
  });

  it('reports a status outside the contract as a disconnection with the reason', async () => {
    const { bridge } = fakeBridge({ state: 'weird' });
    const c: ConnectionState = await until(new ElectronTransport(bridge), 'disconnected');
    expect(c).toMatchObject({ state: 'disconnected', reason: expect.stringContaining('outside the contract') });
  });
});
