import type { ClientMessage, ClientReply, EngineStatus, WireEvent } from '../../../main/common/contract.ts';

/** What the user sees about the link to the engine. */
export type ConnectionState =
  | { state: 'connecting' }
  | { state: 'live' }
  | { state: 'disconnected'; reason: string };

/** The preload's API (window.beckon). Mirrors main/common/contract.ts; declared here so the renderer never depends on preload code. */
export interface BeckonBridge {
  getStatus(): Promise<unknown>;
  send(message: ClientMessage): Promise<unknown>;
  onEvent(cb: (event: unknown) => void): () => void;
  onStatus(cb: (status: unknown) => void): () => void;
}

/** One way to talk to the engine: Electron IPC or socket.io. Everything handed to listeners has been parsed with the contract. */
export interface Transport {
  readonly kind: 'electron' | 'socket';
  onEvent(cb: (event: WireEvent) => void): () => void;
  onStatus(cb: (status: EngineStatus) => void): () => void;
  /** called at once with the current state, then on every change */
  onConnection(cb: (state: ConnectionState) => void): () => void;
  /** called with the running count of incoming messages that failed the contract (they are dropped) */
  onInvalid(cb: (count: number) => void): () => void;
  send(message: ClientMessage): Promise<ClientReply>;
  getStatus(): Promise<EngineStatus>;
  close(): void;
}

export const UNAUTHORIZED_REASON = "unauthorized: the link's token is wrong or missing";
