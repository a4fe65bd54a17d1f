import type { Plugin } from 'vite';

/**
 * The dashboard's Content-Security-Policy, as a meta tag: a second layer behind the servers' CSP header.
 * Only in builds: the dev server's React refresh preamble is an inline script.
 * connect-src lists ws:/wss: because older Chromium does not match websockets with 'self'.
 */
export const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
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
