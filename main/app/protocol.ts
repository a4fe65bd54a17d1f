/**
 * Serves the built renderer from app://beckon/ with the CSP header on every response. Only files
 * inside the renderer folder are served; anything else is a 404.
 */
import { protocol } from 'electron';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { APP_HOST, APP_SCHEME, CONTENT_SECURITY_POLICY } from './origin.ts';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
  '.onnx': 'application/octet-stream',
  '.tflite': 'application/octet-stream',
  '.task': 'application/octet-stream',
};

/** Must run before app 'ready': a privileged standard scheme gets a real origin, fetch and secure context. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, codeCache: true } },
  ]);
}

/**
 * In-browser vision's files outside the renderer folder, at the paths the renderer asks for
 * (renderer/src/vision/protocol.ts): MediaPipe's wasm from node_modules, the built models.
 * rendererDir is <appRoot>/out/renderer (paths.ts), so both lie two levels up.
 */
export function visionMounts(rendererDir: string): Array<{ prefix: string; dir: string }> {
  const appRoot = join(rendererDir, '..', '..');
  return [
    { prefix: '/mediapipe/wasm/', dir: join(appRoot, 'node_modules', '@mediapipe', 'tasks-vision', 'wasm') },
    { prefix: '/models/', dir: join(appRoot, 'models', 'generated') },
  ];
}

/** The file a request maps to, or undefined when it is outside rendererDir (or a vision mount) or on another host. */
export function resolveAppPath(rendererDir: string, requestUrl: string, mounts = visionMounts(rendererDir)): string | undefined {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return undefined;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return undefined;
  let relative: string;
  try {
    relative = decodeURIComponent(url.pathname) === '/' ? '/index.html' : decodeURIComponent(url.pathname);
  } catch {
    return undefined;
  }
  const mount = mounts.find((m) => relative.startsWith(m.prefix));
  if (mount) relative = relative.slice(mount.prefix.length - 1);
  const root = normalize(mount ? mount.dir : rendererDir);
  const file = normalize(join(root, relative));
  return file.startsWith(root + sep) ? file : undefined;
}

function respond(body: ConstructorParameters<typeof Response>[0], status: number, contentType = 'text/plain; charset=utf-8'): Response {
  return new Response(body, {
    status,
    headers: {
      'Content-Type': contentType,
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
      'Cross-Origin-Opener-Policy': 'same-origin',
    },
  });
}

export async function serveAppRequest(rendererDir: string, requestUrl: string): Promise<Response> {
  const file = resolveAppPath(rendererDir, requestUrl);
  if (!file) return respond('not found', 404);
  try {
    const body = await readFile(file);
    return respond(new Uint8Array(body), 200, MIME[extname(file).toLowerCase()] ?? 'application/octet-stream');
  } catch {
    return respond('not found', 404);
  }
}

export function setupAppProtocol(rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => serveAppRequest(rendererDir, request.url));
}
