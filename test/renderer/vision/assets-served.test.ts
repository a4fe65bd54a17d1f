// The paths the in-browser vision loads from: MediaPipe's wasm and the built models, served by the
// dashboard server and the app:// protocol under the same names, and nothing outside their folders.
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EngineService } from '../../../main/engine/service.ts';
import { startDashboardServer, type DashboardServer } from '../../../main/server/dashboard-server.ts';
import { tempDir } from '../../support/speech.ts';
import { ROOT } from './serve-dashboard.ts';

vi.mock('electron', () => ({ protocol: {} }));
const { resolveAppPath } = await import('../../../main/app/protocol.ts');

function get(base: string, path: string): Promise<{ status: number; headers: Record<string, unknown> }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, path, method: 'HEAD' }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

let server: DashboardServer;
beforeAll(async () => {
  const service = new EngineService({ input: { kind: 'wav', path: '/nonexistent.wav', realtime: false }, tts: { play: false } });
  server = await startDashboardServer({ service, port: 0, staticDir: tempDir('beckon-empty-dash-') });
});
afterAll(() => server?.close());

describe('vision assets', () => {
  it("serves MediaPipe's wasm from node_modules as application/wasm, under a CSP that lets it compile and run in a worker", async () => {
    const res = await get(server.url, '/mediapipe/wasm/vision_wasm_module_internal.wasm');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/wasm');
    expect(String(res.headers['content-security-policy'])).toContain("'wasm-unsafe-eval'");
    expect(String(res.headers['content-security-policy'])).toContain("worker-src 'self' blob:");
    expect((await get(server.url, '/mediapipe/wasm/vision_wasm_module_internal.js')).headers['content-type']).toMatch(/^text\/javascript/);
  });

  it('answers a missing model with 404 (the worker turns it into "run npx beckon models build")', async () => {
    expect((await get(server.url, '/models/no_such_model.task')).status).toBe(404);
    expect((await get(server.url, '/models/')).status).toBe(404);
  });

  it('never leaves the mounted folders', async () => {
    expect((await get(server.url, '/mediapipe/wasm/../../package.json')).status).toBe(400);
    expect((await get(server.url, '/models/%2e%2e/manifest.json')).status).toBe(400);
    expect((await get(server.url, '/mediapipe/package.json')).status).toBe(404);
  });

  it('maps the same paths under app://beckon/ to node_modules and models/generated', () => {
    const renderer = join(ROOT, 'out', 'renderer');
    expect(resolveAppPath(renderer, 'app://beckon/mediapipe/wasm/vision_wasm_internal.wasm')).toBe(join(ROOT, 'node_modules/@mediapipe/tasks-vision/wasm/vision_wasm_internal.wasm'));
    expect(resolveAppPath(renderer, 'app://beckon/models/hand_landmarker.task')).toBe(join(ROOT, 'models/generated/hand_landmarker.task'));
    expect(resolveAppPath(renderer, 'app://beckon/models/../manifest.json')).not.toBe(join(ROOT, 'models/manifest.json'));
    expect(resolveAppPath(renderer, 'app://beckon/index.html')).toBe(join(renderer, 'index.html'));
  });
});
