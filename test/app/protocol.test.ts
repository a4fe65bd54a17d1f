import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

vi.mock('electron', async () => (await import('./electron-mock.ts')).electronModule);

const { registerAppScheme, resolveAppPath, setupAppProtocol } = await import('../../main/app/protocol.ts');
const { electronModule, electronState } = await import('./electron-mock.ts');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'beckon-renderer-'));
  await mkdir(join(dir, 'assets'));
  await writeFile(join(dir, 'index.html'), '<!doctype html><script type="module" src="./assets/index.js"></script>');
  await writeFile(join(dir, 'assets', 'index.js'), 'console.log(1)');
  setupAppProtocol(dir);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const get = (url: string) => electronState.protocolHandlers.get('app')!({ url });

describe('app:// protocol', () => {
  it('registers app as a privileged standard, secure scheme', () => {
    registerAppScheme();
    const [schemes] = electronModule.protocol.registerSchemesAsPrivileged.mock.calls.at(-1)!;
    expect(schemes).toEqual([expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) })]);
  });

  it('serves the renderer with the CSP header and the right type', async () => {
    const page = await get('app://beckon/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('index.js');
    const script = await get('app://beckon/assets/index.js');
    expect(script.headers.get('content-type')).toContain('text/javascript');
    expect(script.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('serves nothing outside the renderer folder or for another host, still with the CSP', async () => {
    const escape = await get('app://beckon/%2e%2e/%2e%2e/etc/passwd');
    expect(escape.status).toBe(404);
    expect(escape.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect((await get('app://other/index.html')).status).toBe(404);
    expect((await get('app://beckon/missing.js')).status).toBe(404);
    expect(resolveAppPath(dir, 'app://beckon/..%2F..%2Fetc%2Fpasswd')).toBeUndefined();
  });
});
