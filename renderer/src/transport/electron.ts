import type { ClientMessage, ClientReply, EngineStatus } from '../../../main/common/contract.ts';
import { BaseTransport } from './base.ts';
import type { BeckonBridge, Transport } from './types.ts';

/** Talks to the Electron main process through the preload's window.beckon. */
export class ElectronTransport extends BaseTransport implements Transport {
  readonly kind = 'electron' as const;
  private readonly offs: Array<() => void>;

  constructor(private readonly bridge: BeckonBridge) {
    super();
    this.offs = [bridge.onEvent(this.receiveEvent), bridge.onStatus((s) => this.receiveStatus(s))];
    this.getStatus().then(
      () => this.setConnection({ state: 'live' }),
      (err: unknown) => this.setConnection({ state: 'disconnected', reason: `the engine did not answer: ${messageOf(err)}` }),
    );
  }

  async getStatus(): Promise<EngineStatus> {
    const status = this.receiveStatus(await this.bridge.getStatus());
    if (!status) throw new Error('the engine sent a status outside the contract');
    return status;
  }

  async send(message: ClientMessage): Promise<ClientReply> {
    try {
      return this.parseReply(await this.bridge.send(message));
    } catch (err) {
      return { ok: false, code: 'IPC_FAILED', error: messageOf(err) };
    }
  }

  close(): void {
    for (const off of this.offs) off();
    this.setConnection({ state: 'disconnected', reason: 'closed' });
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
