import type { Plugin } from 'vite';

/**
 * The dashboard's Content-Security-Policy, as a meta tag: a second layer behind the servers' CSP header.
 * Only in builds: the dev server's React refresh preamble is an inline script.
 * connect-src lists ws:/wss: because older Chromium does not match websockets with 'self'.
 */
export const DASHBOARD_CSP = [
  "default-src 'self'",
  // MediaPipe's vision wasm must compile; its worker is a module from 'self'
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "media-src 'self' blob: mediastream:",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self' ws: wss:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

export function cspMetaPlugin(): Plugin {
  return {
    name: 'beckon-csp-meta',
    apply: 'build',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: DASHBOARD_CSP }, injectTo: 'head-prepend' }],
  };
}
