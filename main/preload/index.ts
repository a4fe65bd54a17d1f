/**
 * Preload (sandboxed, bundled to CommonJS with its dependencies inlined): exposes `window.beckon`,
 * the BeckonBridge from main/common/contract.ts. ipcRenderer itself never crosses the bridge; every
 * outgoing message and every incoming event or status is parsed against the contract.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  CHANNELS,
  ClientMessageSchema,
  ClientReplySchema,
  EngineStatusSchema,
  WireEventSchema,
  ipcChannel,
  type BeckonBridge,
  type ClientMessage,
  type ClientReply,
  type EngineStatus,
  type WireEvent,
} from '../common/contract.ts';

type IpcLike = Pick<typeof ipcRenderer, 'invoke' | 'on' | 'removeListener'>;

function subscribe<T>(ipc: IpcLike, channel: string, parse: (raw: unknown) => T | undefined, callback: (value: T) => void): () => void {
  if (typeof callback !== 'function') throw new TypeError('callback must be a function');
  // The IpcRendererEvent (with its sender) is never handed to the page.
  const listener = (_event: IpcRendererEvent, raw: unknown) => {
    const value = parse(raw);
    if (value !== undefined) callback(value);
  };
  ipc.on(channel, listener);
  return () => {
    ipc.removeListener(channel, listener);
  };
}

export function createBridge(ipc: IpcLike): BeckonBridge {
  return {
    async getStatus(): Promise<EngineStatus> {
      return EngineStatusSchema.parse(await ipc.invoke(ipcChannel(CHANNELS.getStatus)));
    },
    async send(message: ClientMessage): Promise<ClientReply> {
      const parsed = ClientMessageSchema.safeParse(message);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return { ok: false, code: 'MALFORMED', error: `${issue?.path.join('.') || 'message'}: ${issue?.message ?? 'invalid'}` };
      }
      return ClientReplySchema.parse(await ipc.invoke(ipcChannel(CHANNELS.message), parsed.data));
    },
    onEvent(callback: (event: WireEvent) => void) {
      return subscribe(ipc, ipcChannel(CHANNELS.event), (raw) => {
        const parsed = WireEventSchema.safeParse(raw);
        return parsed.success ? (parsed.data as WireEvent) : undefined;
      }, callback);
    },
    onStatus(callback: (status: EngineStatus) => void) {
      return subscribe(ipc, ipcChannel(CHANNELS.status), (raw) => {
        const parsed = EngineStatusSchema.safeParse(raw);
        return parsed.success ? parsed.data : undefined;
      }, callback);
    },
  };
}

contextBridge.exposeInMainWorld('beckon', createBridge(ipcRenderer));
