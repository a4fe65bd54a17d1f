/**
 * The IPC registrar, generated from CHANNELS in main/common/contract.ts. Every invoke is checked:
 * the sender must be the main frame of the app's own window at the app origin; anything else is
 * dropped and logged. Every payload goes through parseClientMessage; replies are ClientReply.
 */
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { CHANNELS, ipcChannel, parseClientMessage, type ClientReply, type EngineStatus } from '../common/contract.ts';
import type { Logger } from '../core/log.ts';
import type { EnginePort } from './engine-port.ts';
import { APP_ORIGIN, isAppOrigin } from './origin.ts';

export interface IpcOptions {
  ipcMain: IpcMain;
  engine: EnginePort;
  /** the app window's web contents, or undefined while there is none */
  appContents: () => WebContents | undefined;
  log: Logger;
  /** dev server origin accepted in development only */
  devOrigin?: string;
}

/** Why a sender is refused, or undefined when it is the app's own main frame. */
export function refuseSender(event: IpcMainInvokeEvent, contents: WebContents | undefined, devOrigin?: string): string | undefined {
  if (!contents || contents.isDestroyed()) return 'no app window';
  if (event.sender.id !== contents.id) return `unknown web contents ${event.sender.id}`;
  const frame = event.senderFrame;
  if (!frame) return 'frame is gone';
  if (frame !== contents.mainFrame || frame.parent !== null) return 'not the main frame';
  const ok = isAppOrigin(frame.url) || (devOrigin !== undefined && frame.url.startsWith(devOrigin + '/'));
  if (!ok) return `foreign origin ${frame.url}`;
  return undefined;
}

export class IpcRefused extends Error {}

export function setupIpc(options: IpcOptions): () => void {
  const { ipcMain, engine, appContents, log, devOrigin } = options;
  const guard = (event: IpcMainInvokeEvent, channel: string): boolean => {
    const reason = refuseSender(event, appContents(), devOrigin);
    if (reason) log.warn('ipc message dropped', { channel, reason });
    return reason === undefined;
  };

  ipcMain.handle(ipcChannel(CHANNELS.message), async (event, raw: unknown): Promise<ClientReply> => {
    if (!guard(event, CHANNELS.message)) throw new IpcRefused('refused');
    const parsed = parseClientMessage(raw);
    if (!parsed.ok) {
      log.warn('ipc message rejected', { code: parsed.code, error: parsed.error });
      return { ok: false, code: parsed.code, error: parsed.error };
    }
    try {
      return await engine.handle(parsed.message, APP_ORIGIN);
    } catch (error) {
      log.error('engine failed to handle a message', error);
      return { ok: false, code: 'INTERNAL', error: 'the engine could not handle this message' };
    }
  });
  ipcMain.handle(ipcChannel(CHANNELS.getStatus), (event): EngineStatus => {
    if (!guard(event, CHANNELS.getStatus)) throw new IpcRefused('refused');
    return engine.status();
  });

  // Push engine events and status to the app window only (never broadcast to other contents).
  const send = (channel: string, payload: unknown) => {
    const contents = appContents();
    if (contents && !contents.isDestroyed()) contents.send(channel, payload);
  };
  const offEvent = engine.onEvent((e) => send(ipcChannel(CHANNELS.event), e));
  const offStatus = engine.onStatus((s) => send(ipcChannel(CHANNELS.status), s));

  return () => {
    offEvent();
    offStatus();
    ipcMain.removeHandler(ipcChannel(CHANNELS.message));
    ipcMain.removeHandler(ipcChannel(CHANNELS.getStatus));
  };
}
