/** Debian's Chromium driven by playwright-core, with the flags this offline machine needs (playwright makes a fresh profile). */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const chromiumMissing = existsSync(CHROMIUM) ? null : `${CHROMIUM} is not installed (apt-get install chromium)`;

export interface FakeDevices {
  /** y4m clip used as the camera */
  video?: string;
  /** wav used as the microphone */
  audio?: string;
}

export function launchChromium(devices: FakeDevices = {}): Promise<Browser> {
  const args = [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    '--autoplay-policy=no-user-gesture-required',
  ];
  if (devices.video) args.push(`--use-file-for-fake-video-capture=${devices.video}`);
  if (devices.audio) args.push(`--use-file-for-fake-audio-capture=${devices.audio}`);
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args });
}
