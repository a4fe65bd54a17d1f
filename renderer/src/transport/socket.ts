import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import { CHANNELS, type ClientMessage, type ClientReply, type EngineStatus } from '../../../main/common/contract.ts';
import { BaseTransport } from './base.ts';
import { UNAUTHORIZED_REASON, type Transport } from './types.ts';

export type SocketFactory = (opts: Partial<ManagerOptions & SocketOptions>) => Socket;

const ACK_TIMEOUT_MS = 5_000;

/** Talks to `beckon serve` over socket.io on the page's own origin, with the token from the page URL. */
export class SocketTransport extends BaseTransport implements Transport {
  readonly kind = 'socket' as const;
  private readonly socket: Socket;

  constructor(token: string | null, factory: SocketFactory = (opts) => io(opts)) {
    super();
    this.socket = factory({ auth: { token: token ?? '' } });
    this.socket.on(CHANNELS.event, this.receiveEvent);
    this.socket.on(CHANNELS.status, (raw: unknown) => this.receiveStatus(raw));
    this.socket.on('connect', () => {
      this.setConnection({ state: 'live' });
      // The server may also push a status on connect; asking makes the first paint independent of that.
      this.getStatus().catch(() => undefined);
    });
    this.socket.on('connect_error', (err: Error & { data?: { code?: string } }) => {
      this.setConnection({ state: 'disconnected', reason: describeConnectError(err, token) });
    });
    this.socket.on('disconnect', (reason: string) => {
      this.setConnection({ state: 'disconnected', reason: describeDisconnect(reason) });
    });
  }

  async getStatus(): Promise<EngineStatus> {
    const raw: unknown = await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck(CHANNELS.getStatus);
    const status = this.receiveStatus(raw);
    if (!status) throw new Error('the engine sent a status outside the contract');
    return status;
  }

  async send(message: ClientMessage): Promise<ClientReply> {
    if (!this.socket.connected) return { ok: false, code: 'OFFLINE', error: 'not connected to the engine' };
    try {
      return this.parseReply(await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck(CHANNELS.message, message));
    } catch {
      return { ok: false, code: 'TIMEOUT', error: `the engine did not answer within ${ACK_TIMEOUT_MS / 1000} s` };
    }
  }

  close(): void {
    this.socket.removeAllListeners();
    this.socket.disconnect();
    this.setConnection({ state: 'disconnected', reason: 'closed' });
  }
}

export function describeConnectError(err: Error & { data?: { code?: string } }, token: string | null): string {
  const text = `${err.data?.code ?? ''} ${err.message}`;
  if (!token || /unauthori[sz]ed|forbidden|token|auth/i.test(text)) return UNAUTHORIZED_REASON;
  return `cannot reach the engine (${err.message}); retrying`;
}

function describeDisconnect(reason: string): string {
  switch (reason) {
    case 'io server disconnect':
      return 'the engine closed the connection';
    case 'io client disconnect':
      return 'closed';
    case 'ping timeout':
    case 'transport close':
    case 'transport error':
      return 'connection lost; reconnecting';
    default:
      return reason;
  }
}
