// `beckon serve` with a wav as the microphone, its dashboard in real Chromium (Debian's, driven by
// playwright-core): the transcript, intent and reply of the wav appear; without the token, nothing does.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { speakToWav } from '../support/speech.ts';
import { chromiumMissing, launchChromium } from '../support/chromium.ts';
import { serve, type Served } from './serve-cli.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
if (chromiumMissing) console.warn(`skipping the dashboard e2e test: ${chromiumMissing}`);

describe.skipIf(chromiumMissing !== null)('dashboard in real Chromium over beckon serve', () => {
  let served: Served;
  let browser: Browser;

  beforeAll(async () => {
    // The dashboard is served from its production build.
    if (!existsSync(`${ROOT}/out/dashboard/index.html`)) execFileSync('npx', ['vite', 'build', '--config', 'renderer/vite.config.ts'], { cwd: ROOT, stdio: 'ignore' });
    const wav = await speakToWav('turn the volume up', { padMs: 1500 });
    served = await serve(['--port', '0', '--audio', wav, '--dry-run', '--no-speak']);
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (served) expect(await served.stop()).toBe(0);
  });

  it('shows the transcript, the intent with its evidence, and the reply', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(served.url);
    const captions = page.getByRole('region', { name: 'Captions' });
    await expect.poll(() => captions.innerText(), { timeout: 20_000 }).toMatch(/turn the volume up/i);
    const intents = page.getByRole('region', { name: 'Intents' });
    await expect.poll(() => intents.innerText(), { timeout: 10_000 }).toMatch(/volume\.up/);
    const reply = page.getByRole('region', { name: 'Reply' });
    await expect.poll(() => reply.innerText(), { timeout: 10_000 }).toMatch(/Volume up\./);
    await page.close();
  });

  it('shows nothing of the session without the token, and says why', async () => {
    const page = await browser.newPage();
    await page.goto(served.url.replace(/\?token=.*/, '?token=wrong'));
    await expect.poll(() => page.locator('body').innerText(), { timeout: 10_000 }).toMatch(/unauthori[sz]ed/i);
    expect(await page.getByRole('region', { name: 'Captions' }).innerText()).not.toMatch(/volume/i);
    await page.close();
  });
});
