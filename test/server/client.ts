/** A socket.io client for tests that keeps what it receives. */
import { io, type Socket } from 'socket.io-client';
import type { ClientReply, EngineStatus, WireEvent } from '../../main/common/contract.ts';

export interface TestClient {
  socket: Socket;
  events: WireEvent[];
  statuses: EngineStatus[];
  send(message: unknown, timeoutMs?: number): Promise<ClientReply>;
  close(): void;
}

/** Connects, resolving once connected and rejecting with the server's connect_error message. */
export function connectClient(url: string, auth: Record<string, unknown> | undefined): Promise<TestClient> {
  const socket = io(url, { auth, transports: ['websocket'], reconnection: false, forceNew: true, timeout: 5000 });
  const events: WireEvent[] = [];
  const statuses: EngineStatus[] = [];
  socket.on('event', (e: WireEvent) => events.push(e));
  socket.on('status', (s: EngineStatus) => statuses.push(s));
  const client: TestClient = {
    socket,
    events,
    statuses,
    send: (message, timeoutMs = 5000) => socket.timeout(timeoutMs).emitWithAck('message', message) as Promise<ClientReply>,
    close: () => void socket.close(),
  };
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(client));
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
}

export async function waitFor(check: () => boolean, timeoutMs = 20_000, what = 'condition'): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
