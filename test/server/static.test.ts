import { request } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineService } from '../../main/engine/service.ts';
import { startDashboardServer, type DashboardServer } from '../../main/server/dashboard-server.ts';
import { safeRelativePath } from '../../main/server/static.ts';
import { tempDir } from '../support/speech.ts';

/** Sends the path exactly as written (fetch would normalise the dots away). */
function get(base: string, path: string, method = 'GET'): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, path, method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const service = new EngineService({ input: { kind: 'wav', path: '/nonexistent.wav', realtime: false }, tts: { play: false } });
let server: DashboardServer;
let missing: DashboardServer;
const root = tempDir('beckon-static-');

beforeAll(async () => {
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>dash</title>');
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
  mkdirSync(join(root, 'empty'));
  server = await startDashboardServer({ service, port: 0, staticDir: root });
  missing = await startDashboardServer({ service, port: 0, staticDir: join(root, 'not-built') });
});
afterAll(async () => {
  await server?.close();
  await missing?.close();
});

describe('static dashboard', () => {
  it('serves the index with a strict CSP and security headers', async () => {
    const res = await get(server.url, '/?token=abc');
    expect(res.status).toBe(200);
    expect(res.body).toContain('<title>dash</title>');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("connect-src 'self' ws:");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("'unsafe-eval'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  });

  it('serves assets with their type', async () => {
    const res = await get(server.url, '/assets/app.js');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/javascript/);
    expect(res.body).toBe('console.log(1)');
  });

  it.each(['/../package.json', '/assets/../../package.json', '/%2e%2e/package.json', '/%2E%2E%2Fpackage.json', '/assets/%2e%2e/%2e%2e/package.json', '/..%5cpackage.json', '/%00', '/%E0%A4%A'])(
    'refuses traversal %s',
    async (path) => {
      const res = await get(server.url, path);
      expect([400, 404]).toContain(res.status);
      expect(res.body).not.toContain('"name": "beckon"');
    },
  );

  it('lists no folders and refuses other methods', async () => {
    expect((await get(server.url, '/empty/')).status).toBe(404);
    expect((await get(server.url, '/assets')).status).toBe(404);
    expect((await get(server.url, '/', 'POST')).status).toBe(405);
    expect((await get(server.url, '/socket.io/socket.io.js')).status).not.toBe(200);
  });

  it('explains how to build the dashboard when it is missing', async () => {
    const res = await get(missing.url, '/');
    expect(res.status).toBe(200);
    expect(res.body).toContain('vite build');
    expect(res.headers['content-security-policy']).toBeTruthy();
  });

  it('maps paths safely', () => {
    expect(safeRelativePath('/a/b.js?x=1')).toBe('a/b.js');
    expect(safeRelativePath('/')).toBe('');
    expect(safeRelativePath('/a/../b')).toBeNull();
    expect(safeRelativePath('/%2e%2e')).toBeNull();
  });
});
