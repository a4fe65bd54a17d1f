/** A scripted EnginePort for main-process tests: records what the shell asks of the engine. */
import { vi } from 'vitest';
import { type ClientMessage, type ClientReply, type EngineStatus, type WireEvent } from '../../main/common/contract.ts';
import type { EnginePort } from '../../main/app/engine-port.ts';
import { makeStatus } from '../support/status.ts';

export { makeStatus };

export class FakeEngine implements EnginePort {
  current = makeStatus();
  readonly eventListeners = new Set<(e: WireEvent) => void>();
  readonly statusListeners = new Set<(s: EngineStatus) => void>();
  readonly start = vi.fn(async () => {});
  readonly stop = vi.fn(async () => {});
  readonly handle = vi.fn(async (_message: ClientMessage, _origin: string): Promise<ClientReply> => ({ ok: true }));
  status = () => this.current;
  onEvent(listener: (e: WireEvent) => void) {
    this.eventListeners.add(listener);
    return () => void this.eventListeners.delete(listener);
  }
  onStatus(listener: (s: EngineStatus) => void) {
    this.statusListeners.add(listener);
    return () => void this.statusListeners.delete(listener);
  }
  emitEvent(e: WireEvent) {
    for (const l of this.eventListeners) l(e);
  }
  setStatus(s: EngineStatus) {
    this.current = s;
    for (const l of this.statusListeners) l(s);
  }
}
