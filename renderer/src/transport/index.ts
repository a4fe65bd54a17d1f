import { ElectronTransport } from './electron.ts';
import { SocketTransport } from './socket.ts';
import type { BeckonBridge, Transport } from './types.ts';

export type { BeckonBridge, ConnectionState, Transport } from './types.ts';
export { UNAUTHORIZED_REASON } from './types.ts';
export { ElectronTransport } from './electron.ts';
export { SocketTransport, describeConnectError } from './socket.ts';

/** Electron when the preload exposed window.beckon, otherwise socket.io to the page's origin with ?token= from its URL. */
export function createTransport(win: Window & { beckon?: BeckonBridge } = window): Transport {
  if (win.beckon) return new ElectronTransport(win.beckon);
  const token = new URLSearchParams(win.location.search).get('token');
  return new SocketTransport(token);
}
