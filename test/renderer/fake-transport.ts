import type { ClientMessage, ClientReply, EngineStatus, WireEvent } from '../../main/common/contract.ts';
import { Listeners } from '../../renderer/src/transport/listeners.ts';
import type { ConnectionState, Transport } from '../../renderer/src/transport/types.ts';

/** An in-memory Transport for component tests: the test plays the engine. */
export class FakeTransport implements Transport {
  readonly kind = 'socket' as const;
  readonly sent: ClientMessage[] = [];
  reply: ClientReply = { ok: true };
  private readonly events = new Listeners<WireEvent>();
  private readonly statuses = new Listeners<EngineStatus>();
  private readonly connections = new Listeners<ConnectionState>();
  private readonly invalids = new Listeners<number>();
  private connection: ConnectionState = { state: 'connecting' };
  private status: EngineStatus | null = null;

  onEvent = (cb: (e: WireEvent) => void) => this.events.add(cb);
  onStatus = (cb: (s: EngineStatus) => void) => this.statuses.add(cb);
  onInvalid = (cb: (n: number) => void) => this.invalids.add(cb);
  onConnection = (cb: (c: ConnectionState) => void) => {
    const off = this.connections.add(cb);
    cb(this.connection);
    return off;
  };
  async send(message: ClientMessage) {
    this.sent.push(message);
    return this.reply;
  }
  async getStatus() {
    if (!this.status) throw new Error('no status yet');
    return this.status;
  }
  close() {}

  emitEvent(e: WireEvent) {
    this.events.emit(e);
  }
  emitStatus(s: EngineStatus) {
    this.status = s;
    this.statuses.emit(s);
  }
  setConnection(c: ConnectionState) {
    this.connection = c;
    this.connections.emit(c);
  }
}
