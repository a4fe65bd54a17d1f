/**
 * The app's own origin. The renderer is served from a custom privileged scheme (app://beckon/...)
 * rather than file://: Chromium did not load the built module script over file:// (MODELS.md), and a
 * fixed origin is what permission and IPC sender checks compare against.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'beckon';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** Strict CSP sent with every app response. 'wasm-unsafe-eval' lets in-browser vision (MediaPipe
 * wasm) compile; style 'unsafe-inline' tolerates React/Vite injected <style>; nothing remote. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob: mediastream:",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Origin of a URL, or undefined when it does not parse. Custom schemes have URL.origin 'null', so build it. */
export function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return undefined;
  }
}

export const isAppOrigin = (url: string | undefined): boolean => originOf(url) === APP_ORIGIN;
