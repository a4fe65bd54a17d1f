/**
 * What the Electron shell needs from the engine: the subset of EngineService (main/engine/service.ts)
 * it calls. Coding against this shape keeps main/app testable with a fake and decoupled from the
 * engine's heavy imports, which are loaded at run time through tsx (see index.ts).
 */
import type { ClientMessage, ClientReply, EngineStatus, WireEvent } from '../common/contract.ts';

export interface EnginePort {
  start(): Promise<void>;
  stop(): Promise<void>;
  status(): EngineStatus;
  onEvent(listener: (event: WireEvent) => void): () => void;
  onStatus(listener: (status: EngineStatus) => void): () => void;
  handle(message: ClientMessage, origin: string): Promise<ClientReply>;
}
