import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';
import { DASHBOARD_CSP } from '../../renderer/csp.ts';

const out = mkdtempSync(join(tmpdir(), 'beckon-dashboard-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('dashboard build', () => {
  it('bundles everything locally: relative asset paths, a CSP meta tag, no inline or remote scripts', async () => {
    await build({ configFile: resolve(import.meta.dirname, '../../renderer/vite.config.ts'), logLevel: 'silent', build: { outDir: out } });
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    expect(html).toContain('http-equiv="Content-Security-Policy"');
    expect(html.replaceAll('&#39;', "'")).toContain(DASHBOARD_CSP);
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      expect(attrs).toMatch(/src="\.\/assets\//);
      expect(body!.trim()).toBe('');
    }
    const assets = readdirSync(join(out, 'assets'));
    for (const name of assets.filter((n) => n.endsWith('.css'))) {
      expect(readFileSync(join(out, 'assets', name), 'utf8')).not.toMatch(/url\(\s*['"]?(https?:)?\/\//);
    }
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
  });
});
