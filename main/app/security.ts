/**
 * Defence in depth for every web contents and the default session: no new windows, no navigation,
 * no webviews, no remote content, and only camera/microphone granted, only to the app's own main frame.
 */
import type { Session, WebContents } from 'electron';
import type { Logger } from '../core/log.ts';
import { APP_ORIGIN, APP_SCHEME, CONTENT_SECURITY_POLICY, isAppOrigin } from './origin.ts';

/** The one permission granted: 'media' (getUserMedia for camera and microphone). */
export function allowPermission(permission: string, requestingUrl: string | undefined, isMainFrame: boolean): boolean {
  return permission === 'media' && isMainFrame && isAppOrigin(requestingUrl);
}

/** Requests the app never makes over the network; loopback is allowed only for a devtools/dev server. */
export function shouldCancelRequest(url: string, allowLoopback: boolean): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return true;
  }
  if (u.protocol === `${APP_SCHEME}:` || u.protocol === 'devtools:' || u.protocol === 'data:' || u.protocol === 'blob:') return false;
  if (u.protocol === 'file:') return true;
  const loopback = u.hostname === '127.0.0.1' || u.hostname === 'localhost' || u.hostname === '[::1]';
  if ((u.protocol === 'http:' || u.protocol === 'https:' || u.protocol === 'ws:' || u.protocol === 'wss:') && loopback) return !allowLoopback;
  return true;
}

export interface SecurityOptions {
  log: Logger;
  /** dev server only (ELECTRON_RENDERER_URL); never in a packaged app */
  allowLoopback?: boolean;
}

export function setupSessionSecurity(session: Session, options: SecurityOptions): void {
  const { log, allowLoopback = false } = options;
  session.setPermissionRequestHandler((_webContents, permission, callback, details) => {
    const granted = allowPermission(permission, details.requestingUrl, details.isMainFrame);
    if (!granted) log.warn('permission denied', { permission, url: details.requestingUrl, mainFrame: details.isMainFrame });
    callback(granted);
  });
  session.setPermissionCheckHandler((_webContents, permission, requestingOrigin, details) =>
    allowPermission(permission, details.requestingUrl ?? requestingOrigin, details.isMainFrame),
  );
  session.setDevicePermissionHandler(() => false);
  session.webRequest.onBeforeRequest((details, callback) => {
    const cancel = shouldCancelRequest(details.url, allowLoopback);
    if (cancel) log.warn('blocked request', { url: details.url });
    callback({ cancel });
  });
  // Custom-protocol responses carry the CSP themselves; this is a second layer for anything else. Not
  // with the dev server: its React refresh preamble is an inline script.
  if (allowLoopback) return;
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
}

/** Called for every web contents as it is created (app 'web-contents-created'). */
export function hardenWebContents(contents: WebContents, log: Logger): void {
  contents.setWindowOpenHandler(({ url }) => {
    log.warn('window.open denied', { url });
    return { action: 'deny' };
  });
  const block = (event: { preventDefault(): void }, url: string) => {
    event.preventDefault();
    log.warn('navigation blocked', { url });
  };
  contents.on('will-navigate', block);
  contents.on('will-redirect', block);
  contents.on('will-frame-navigate', (event) => {
    // Only the initial load of the app's own entry is a navigation we made ourselves (loadURL).
    if (!event.isMainFrame || !isAppOrigin(event.url)) block(event, event.url);
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log.warn('webview blocked');
  });
}

export { APP_ORIGIN };
