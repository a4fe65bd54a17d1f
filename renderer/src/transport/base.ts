import {
  ClientReplySchema,
  EngineStatusSchema,
  WireEventSchema,
  type ClientReply,
  type EngineStatus,
  type WireEvent,
} from '../../../main/common/contract.ts';
import { Listeners } from './listeners.ts';
import type { ConnectionState, Transport } from './types.ts';

/**
 * The parts every transport shares: listener sets, the current connection state, and the gate that
 * parses everything incoming against the contract (invalid messages are dropped and counted).
 */
export abstract class BaseTransport implements Pick<Transport, 'onEvent' | 'onStatus' | 'onConnection' | 'onInvalid'> {
  protected readonly events = new Listeners<WireEvent>();
  protected readonly statuses = new Listeners<EngineStatus>();
  private readonly connections = new Listeners<ConnectionState>();
  private readonly invalids = new Listeners<number>();
  private connection: ConnectionState = { state: 'connecting' };
  private invalidCount = 0;

  onEvent(cb: (event: WireEvent) => void) {
    return this.events.add(cb);
  }
  onStatus(cb: (status: EngineStatus) => void) {
    return this.statuses.add(cb);
  }
  onConnection(cb: (state: ConnectionState) => void) {
    const off = this.connections.add(cb);
    cb(this.connection);
    return off;
  }
  onInvalid(cb: (count: number) => void) {
    return this.invalids.add(cb);
  }

  protected setConnection(next: ConnectionState): void {
    this.connection = next;
    this.connections.emit(next);
  }

  protected get connectionState(): ConnectionState {
    return this.connection;
  }

  protected invalid(): void {
    this.invalidCount += 1;
    this.invalids.emit(this.invalidCount);
  }

  protected receiveEvent = (raw: unknown): void => {
    const parsed = WireEventSchema.safeParse(raw);
    if (parsed.success) this.events.emit(parsed.data as WireEvent);
    else this.invalid();
  };

  protected receiveStatus = (raw: unknown): EngineStatus | null => {
    const parsed = EngineStatusSchema.safeParse(raw);
    if (!parsed.success) {
      this.invalid();
      return null;
    }
    this.statuses.emit(parsed.data);
    return parsed.data;
  };

  protected parseReply(raw: unknown): ClientReply {
    const parsed = ClientReplySchema.safeParse(raw);
    if (parsed.success) return parsed.data;
    this.invalid();
    return { ok: false, code: 'MALFORMED_REPLY', error: 'the engine answered with something outside the contract' };
  }
}
