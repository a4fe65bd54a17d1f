/** A headless Chromium for the camera-side models (MediaPipe runs in a browser), offline and quiet. */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { BeckonError } from '../../common/errors.ts';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'];

export function findChromium(): string | null {
  const chosen = process.env.CHROMIUM_PATH;
  if (chosen) return existsSync(chosen) ? chosen : null;
  return CANDIDATES.find((path) => existsSync(path)) ?? null;
}

/** Flags for a machine with no network and no GPU: no background traffic, software rendering. */
export const OFFLINE_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) {
    throw new BeckonError(
      'NO_BROWSER',
      'no Chromium or Chrome found to run the hand and face models',
      'Install Chromium (sudo apt-get install chromium), or set CHROMIUM_PATH to a Chrome or Chromium executable.',
    );
  }
  return chromium.launch({ executablePath, headless: true, args: [...OFFLINE_FLAGS, ...extraArgs] });
}
