import { describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../main/core/log.ts';
import { FakeWebContents } from './electron-mock.ts';

vi.mock('electron', async () => (await import('./electron-mock.ts')).electronModule);

const { allowPermission, hardenWebContents, setupSessionSecurity, shouldCancelRequest } = await import('../../main/app/security.ts');
const { electronModule } = await import('./electron-mock.ts');

function installedHandlers() {
  const session = electronModule.session.defaultSession;
  setupSessionSecurity(session as never, { log: silentLogger });
  const request = session.setPermissionRequestHandler.mock.calls.at(-1)![0] as (
    wc: unknown,
    permission: string,
    callback: (granted: boolean) => void,
    details: { requestingUrl: string; isMainFrame: boolean },
  ) => void;
  const check = session.setPermissionCheckHandler.mock.calls.at(-1)![0] as (
    wc: unknown,
    permission: string,
    origin: string,
    details: { requestingUrl?: string; isMainFrame: boolean },
  ) => boolean;
  const beforeRequest = session.webRequest.onBeforeRequest.mock.calls.at(-1)![0] as (
    details: { url: string },
    callback: (r: { cancel: boolean }) => void,
  ) => void;
  const headers = session.webRequest.onHeadersReceived.mock.calls.at(-1)![0] as (
    details: { responseHeaders?: Record<string, string[]> },
    callback: (r: { responseHeaders: Record<string, string[]> }) => void,
  ) => void;
  const ask = (permission: string, url: string, isMainFrame: boolean) => {
    let granted: boolean | undefined;
    request(null, permission, (g) => (granted = g), { requestingUrl: url, isMainFrame });
    return granted;
  };
  return { ask, check, beforeRequest, headers };
}

describe('permission handlers', () => {
  const { ask, check } = installedHandlers();

  it('grant media (camera, microphone) to the app origin main frame', () => {
    expect(ask('media', 'app://beckon/index.html', true)).toBe(true);
    expect(check(null, 'media', 'app://beckon', { requestingUrl: 'app://beckon/index.html', isMainFrame: true })).toBe(true);
  });

  it('deny media to another origin, look-alike origins and file://', () => {
    for (const url of ['https://evil.example/', 'app://beckon.evil/', 'app://other/index.html', 'file:///opt/beckon/index.html', 'http://127.0.0.1:4780/']) {
      expect(ask('media', url, true), url).toBe(false);
      expect(check(null, 'media', url, { requestingUrl: url, isMainFrame: true }), url).toBe(false);
    }
  });

  it('deny media to a subframe, even of the app origin', () => {
    expect(ask('media', 'app://beckon/index.html', false)).toBe(false);
    expect(check(null, 'media', 'app://beckon', { requestingUrl: 'app://beckon/frame.html', isMainFrame: false })).toBe(false);
  });

  it('deny every other permission to the app itself', () => {
    for (const p of ['notifications', 'geolocation', 'clipboard-read', 'midi', 'midiSysex', 'pointerLock', 'fullscreen', 'openExternal', 'display-capture', 'hid', 'serial', 'usb']) {
      expect(ask(p, 'app://beckon/index.html', true), p).toBe(false);
      expect(allowPermission(p, 'app://beckon/index.html', true), p).toBe(false);
    }
  });
});

describe('remote content', () => {
  const { beforeRequest, headers } = installedHandlers();
  const cancelled = (url: string) => {
    let result: boolean | undefined;
    beforeRequest({ url }, (r) => (result = r.cancel));
    return result;
  };

  it('cancels http(s), websockets and file requests; lets the app scheme through', () => {
    expect(cancelled('https://cdn.example.com/x.js')).toBe(true);
    expect(cancelled('http://example.com/')).toBe(true);
    expect(cancelled('wss://example.com/socket')).toBe(true);
    expect(cancelled('file:///etc/passwd')).toBe(true);
    expect(cancelled('http://127.0.0.1:5173/')).toBe(true); // loopback only with a dev server
    expect(cancelled('app://beckon/assets/index.js')).toBe(false);
    expect(shouldCancelRequest('http://localhost:5173/', true)).toBe(false);
  });

  it('adds the CSP to every response', () => {
    let out: Record<string, string[]> = {};
    headers({ responseHeaders: { 'Content-Type': ['text/html'] } }, (r) => (out = r.responseHeaders));
    const csp = out['Content-Security-Policy']![0]!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/https?:/);
    expect(out['Content-Type']).toEqual(['text/html']);
  });
});

describe('web contents hardening', () => {
  const contents = new FakeWebContents();
  hardenWebContents(contents as never, silentLogger);
  const fire = (name: string, ...args: unknown[]) => {
    const event = { preventDefault: vi.fn(), ...(args[1] as object) };
    contents.emit(name, event, args[0]);
    return event.preventDefault;
  };

  it('denies window.open', () => {
    expect(contents.windowOpenHandler!({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler!({ url: 'app://beckon/index.html' })).toEqual({ action: 'deny' });
  });

  it('blocks navigation, redirects and webviews', () => {
    expect(fire('will-navigate', 'https://example.com')).toHaveBeenCalled();
    expect(fire('will-navigate', 'app://beckon/other.html')).toHaveBeenCalled();
    expect(fire('will-redirect', 'https://example.com')).toHaveBeenCalled();
    expect(fire('will-attach-webview')).toHaveBeenCalled();
    const sub = { preventDefault: vi.fn(), url: 'https://example.com', isMainFrame: false };
    contents.emit('will-frame-navigate', sub);
    expect(sub.preventDefault).toHaveBeenCalled();
  });
});
