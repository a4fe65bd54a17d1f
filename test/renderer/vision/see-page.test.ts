// see.html in real Chromium, served by the real dashboard server: the same worker as the live camera
// finds a hand, with 21 landmarks, in each of fingerpose's real photos.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createStaticHandler, VISION_MOUNTS } from '../../../main/server/static.ts';
import { tempDir } from '../../support/speech.ts';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PerceptionSchema, type Perception } from '../../../main/common/perception.ts';
import { chromiumMissing, launchChromium } from '../../support/chromium.ts';
import { FINGERPOSE, buildDashboard, handModelMissing, serveDashboard, type Served } from './serve-dashboard.ts';

const skip = chromiumMissing ?? handModelMissing;
if (skip) console.warn(`skipping the see.html test: ${skip}`);

describe.skipIf(skip !== null)('see.html (beckon see) in real Chromium', () => {
  let served: Served;
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    dir = await buildDashboard(['nocurl.jpg', 'fullcurl.jpg'].map((f) => join(FINGERPOSE, f)));
    served = await serveDashboard(dir);
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await served?.server.close();
  });

  it('finds one hand with 21 landmarks in each fingerpose photo, with the page CSP in force', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(new URL('/see.html', served.server.url).href);
    await page.waitForFunction(() => window.beckonSeeReady === true, undefined, { timeout: 20_000 });
    const results = (await page.evaluate(() => window.beckonSee(['/media/nocurl.jpg', '/media/fullcurl.jpg']))) as Perception[];
    expect(results).toHaveLength(2);
    for (const p of results) {
      PerceptionSchema.parse(p);
      expect(p.hands.length).toBeGreaterThanOrEqual(1);
      const hand = p.hands[0]!;
      expect(hand.landmarks).toHaveLength(21);
      expect(hand.score).toBeGreaterThan(0.5);
      // the hand lies inside the photo
      for (const [x, y] of hand.landmarks) {
        expect(x).toBeGreaterThan(-0.1);
        expect(x).toBeLessThan(1.1);
        expect(y).toBeGreaterThan(-0.1);
        expect(y).toBeLessThan(1.1);
      }
    }
    // nocurl: the index finger points up, so its tip lies above its knuckle (y grows downwards)
    const pointing = results[0]!.hands[0]!.landmarks;
    expect(pointing[8]![1]).toBeLessThan(pointing[5]![1]);
    expect(errors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
    await page.close();
  }, 120_000);

  it('rejects with a clear message for an image that does not exist', async () => {
    const page = await browser.newPage();
    await page.goto(new URL('/see.html', served.server.url).href);
    await page.waitForFunction(() => window.beckonSeeReady === true, undefined, { timeout: 20_000 });
    const message = await page.evaluate(() => window.beckonSee(['/media/nothing-here.jpg']).then(() => 'resolved', (e: Error) => e.message));
    expect(message).toMatch(/could not read the image \/media\/nothing-here\.jpg: HTTP 404/);
    await page.close();
  }, 60_000);

  it('says which model is missing and how to build it', async () => {
    // the same page and wasm, with an empty models folder
    const mounts = VISION_MOUNTS.map((m) => (m.prefix === '/models/' ? { ...m, dir: tempDir('beckon-no-models-') } : m));
    const http = createServer(createStaticHandler(dir, 'not built', mounts));
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    try {
      const page = await browser.newPage();
      await page.goto(`http://127.0.0.1:${(http.address() as AddressInfo).port}/see.html`);
      await page.waitForFunction(() => window.beckonSeeReady === true, undefined, { timeout: 20_000 });
      const message = await page.evaluate(() => window.beckonSee(['/media/nocurl.jpg']).then(() => 'resolved', (e: Error) => e.message));
      expect(message).toMatch(/^MODEL_MISSING: the model hand_landmarker\.task is missing .*npx beckon models build/);
      await page.close();
    } finally {
      http.closeAllConnections();
      await new Promise((r) => http.close(r));
    }
  }, 60_000);
});
