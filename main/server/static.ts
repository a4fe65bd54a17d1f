/**
 * Serves the built dashboard: files only from one folder, no listings, no traversal, and headers
 * that keep the page to its own origin (the access token is in its URL: no Referer may carry it away).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "font-src 'self'",
  "connect-src 'self' ws: wss:",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(self), microphone=(self), geolocation=()',
};

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webm': 'video/webm',
  '.mp4': 'video/mp4',
  '.task': 'application/octet-stream',
  '.tflite': 'application/octet-stream',
};

/** A URL prefix served from another folder (same rules: no listings, no traversal). */
export interface StaticMount {
  /** e.g. '/models/': leading and trailing slash */
  prefix: string;
  dir: string;
}

/**
 * What the in-browser vision needs besides the dashboard: MediaPipe's wasm from node_modules and the
 * built models (models/generated), at fixed paths the renderer knows (renderer/src/vision/protocol.ts).
 */
export const VISION_MOUNTS: readonly StaticMount[] = [
  { prefix: '/mediapipe/wasm/', dir: fileURLToPath(new URL('../../node_modules/@mediapipe/tasks-vision/wasm', import.meta.url)) },
  { prefix: '/models/', dir: fileURLToPath(new URL('../../models/generated', import.meta.url)) },
];

/** The request's path inside the folder, or null when it tries to leave it or cannot be decoded. */
export function safeRelativePath(rawUrl: string): string | null {
  const pathname = rawUrl.split(/[?#]/, 1)[0] ?? '';
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (!decoded.startsWith('/') || decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '..' || s === '.')) return null;
  return segments.join('/');
}

export function createStaticHandler(
  root: string,
  missingPage: string,
  mounts: readonly StaticMount[] = VISION_MOUNTS,
): (req: IncomingMessage, res: ServerResponse) => void {
  const dashboard = resolve(root);
  return (req, res) => {
    void serve(req, res).catch(() => send(res, 500, 'text/plain; charset=utf-8', 'internal error'));
  };

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain; charset=utf-8', 'method not allowed', { Allow: 'GET, HEAD' });
    const full = safeRelativePath(req.url ?? '/');
    if (full === null) return send(res, 400, 'text/plain; charset=utf-8', 'bad path');
    const mount = mounts.find((m) => `/${full}`.startsWith(m.prefix));
    const base = mount ? resolve(mount.dir) : dashboard;
    const relative = mount ? `/${full}`.slice(mount.prefix.length) : full;
    if (mount && relative === '') return send(res, 404, 'text/plain; charset=utf-8', 'not found');
    let file = join(base, relative || 'index.html');
    if (file !== base && !file.startsWith(base + sep)) return send(res, 400, 'text/plain; charset=utf-8', 'bad path');
    let info = await stat(file).catch(() => null);
    if (info?.isDirectory()) {
      file = join(file, 'index.html'); // a folder's index, never a listing
      info = await stat(file).catch(() => null);
    }
    if (!info?.isFile()) {
      if (!mount && (relative === '' || relative === 'index.html')) return send(res, 200, 'text/html; charset=utf-8', missingPage);
      return send(res, 404, 'text/plain; charset=utf-8', 'not found');
    }
    const type = TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': type,
      'Content-Length': info.size,
      'Cache-Control': type.startsWith('text/html') ? 'no-store' : 'no-cache',
    });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file).on('error', () => res.destroy()).pipe(res);
  }
}

function send(res: ServerResponse, status: number, type: string, body: string, extra: Record<string, string> = {}): void {
  if (res.headersSent) return void res.destroy();
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store', ...extra });
  res.end(body);
}

/** Shown when the dashboard has not been built: how to build it. */
export function missingDashboardPage(dir: string): string {
  const escaped = dir.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Beckon</title></head><body>
<h1>Beckon is running</h1>
<p>The dashboard has not been built: there is no <code>${escaped}</code>.</p>
<p>Build it with <code>npx vite build -c renderer/vite.config.ts</code> in the Beckon folder, then reload this page.</p>
</body></html>
`;
}
