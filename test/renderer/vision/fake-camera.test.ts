// The dashboard in real Chromium with a y4m of a real fist photo as the camera: the camera starts
// (unmuted in settings), the worker reads hands off the UI thread, the preview draws the skeleton,
// and perceptions go to the engine (which may refuse them: that is counted, not shown as an error).
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing, launchChromium } from '../../support/chromium.ts';
import { tempDir } from '../../support/speech.ts';
import { FINGERPOSE, buildDashboard, handModelMissing, serveDashboard, type Served } from './serve-dashboard.ts';

const skip = chromiumMissing ?? handModelMissing;
if (skip) console.warn(`skipping the fake-camera test: ${skip}`);

const ffmpeg = (...args: string[]) => promisify(execFile)('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args]);

describe.skipIf(skip !== null)('the dashboard with a fake camera in real Chromium', () => {
  let served: Served;
  let browser: Browser;
  let webm: string;

  beforeAll(async () => {
    const dir = tempDir('beckon-fake-camera-');
    const y4m = join(dir, 'clip.y4m');
    await ffmpeg('-loop', '1', '-i', join(FINGERPOSE, 'fullcurl.jpg'), '-t', '3', '-r', '15', '-pix_fmt', 'yuv420p', y4m);
    webm = join(dir, 'fist.webm');
    await ffmpeg('-loop', '1', '-i', join(FINGERPOSE, 'fullcurl.jpg'), '-t', '1', '-r', '10', '-c:v', 'libvpx', '-pix_fmt', 'yuv420p', webm);
    served = await serveDashboard(await buildDashboard([webm]), { cameraMuted: false });
    browser = await launchChromium({ video: y4m });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await served?.server.close();
  });

  it('reads the hand from the camera, draws its 21 landmarks and sends perceptions', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(served.url);
    const state = page.getByTestId('camera-state');
    await expect.poll(() => state.getAttribute('data-state'), { timeout: 20_000 }).toBe('running');
    const stats = page.getByTestId('vision-stats');
    await expect.poll(async () => Number(await stats.getAttribute('data-hands')), { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
    expect(Number(await stats.getAttribute('data-processed'))).toBeGreaterThan(0);
    await expect.poll(async () => Number(await page.getByTestId('camera-overlay').getAttribute('data-landmarks')), { timeout: 10_000 }).toBeGreaterThanOrEqual(21);
    expect(await page.getByTestId('vision-problem').count()).toBe(0);
    expect(errors).toEqual([]);
    // every read frame went to the engine (this engine has no vision yet: it refuses, and that is only counted)
    await expect.poll(async () => Number(await stats.getAttribute('data-sent')) + Number(await stats.getAttribute('data-refused')), { timeout: 10_000 }).toBeGreaterThan(0);
    const started = Date.now();
    const before = Number(await stats.getAttribute('data-processed'));
    await page.waitForTimeout(3000);
    const rate = ((Number(await stats.getAttribute('data-processed')) - before) * 1000) / (Date.now() - started);
    console.log(`fake camera: ${rate.toFixed(1)} frames/s read, ${await stats.getAttribute('data-ms')} ms in the models for the last frame, ${await stats.getAttribute('data-dropped')} ticks skipped while busy`);

    // the preview can be turned off; reading goes on
    const processed = Number(await stats.getAttribute('data-processed'));
    await page.getByTestId('preview-toggle').click();
    expect(await page.getByTestId('camera-preview').count()).toBe(0);
    await expect.poll(async () => Number(await stats.getAttribute('data-processed')), { timeout: 10_000 }).toBeGreaterThan(processed);
    await page.close();
  }, 90_000);

  it('beckonSeeVideo gives one perception per read frame, timed by the video', async () => {
    const page = await browser.newPage();
    await page.goto(new URL('/see.html', served.server.url).href);
    await page.waitForFunction(() => window.beckonSeeReady === true, undefined, { timeout: 20_000 });
    const perceptions = await page.evaluate(() => window.beckonSeeVideo('/media/fist.webm', { fps: 5 }));
    expect(perceptions.length).toBeGreaterThanOrEqual(4);
    const times = perceptions.map((p) => p.frameT);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(perceptions.filter((p) => p.hands.length > 0).length).toBeGreaterThanOrEqual(perceptions.length - 1);
    await page.close();
  }, 90_000);
});
