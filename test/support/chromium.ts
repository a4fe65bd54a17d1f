/** Debian's Chromium driven by playwright-core (the product's launcher), with fake camera and microphone. */
import type { Browser } from 'playwright-core';
import { findChromium, launchChromium as launch } from '../../main/cli/see/browser.ts';

export const CHROMIUM = findChromium();
export const chromiumMissing = CHROMIUM ? null : 'no Chromium found (apt-get install chromium, or set CHROMIUM_PATH)';

export interface FakeDevices {
  /** y4m clip used as the camera */
  video?: string;
  /** wav used as the microphone */
  audio?: string;
}

export function launchChromium(devices: FakeDevices = {}): Promise<Browser> {
  const args = ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', '--autoplay-policy=no-user-gesture-required'];
  if (devices.video) args.push(`--use-file-for-fake-video-capture=${devices.video}`);
  if (devices.audio) args.push(`--use-file-for-fake-audio-capture=${devices.audio}`);
  return launch(args);
}
