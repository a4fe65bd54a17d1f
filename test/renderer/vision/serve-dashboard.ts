/** The real dashboard server (stopped EngineService) over a fresh build of the renderer, with test media under /media/. */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Settings } from '../../../main/common/contract.ts';
import { EngineService } from '../../../main/engine/service.ts';
import { startDashboardServer, type DashboardServer } from '../../../main/server/dashboard-server.ts';
import { tempDir } from '../../support/speech.ts';

export const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
export const HAND_MODEL = join(ROOT, 'models/generated/hand_landmarker.task');
export const FINGERPOSE = join(ROOT, 'node_modules/fingerpose/assets');
export const handModelMissing = existsSync(HAND_MODEL) ? null : `${HAND_MODEL} does not exist (build it with \`npx beckon models build\`)`;

/** Builds the dashboard into a temp folder (out/dashboard is left to others) and copies `media` into its /media/. */
export async function buildDashboard(media: string[] = []): Promise<string> {
  const dir = tempDir('beckon-vision-dash-');
  await promisify(execFile)('npx', ['vite', 'build', '--config', 'renderer/vite.config.ts', '--outDir', dir, '--emptyOutDir', '--logLevel', 'error'], { cwd: ROOT });
  mkdirSync(join(dir, 'media'));
  for (const file of media) copyFileSync(file, join(dir, 'media', basename(file)));
  return dir;
}

export interface Served {
  server: DashboardServer;
  /** the dashboard's URL with its token */
  url: string;
}

export async function serveDashboard(staticDir: string, settings: Partial<Settings> = {}): Promise<Served> {
  // never started: the server only needs its status and its answers to client messages
  const service = new EngineService({ input: { kind: 'wav', path: '/nonexistent.wav', realtime: false }, tts: { play: false }, settings });
  const server = await startDashboardServer({ service, port: 0, staticDir, allow: new Set(['perception', 'settings']) });
  return { server, url: `${server.url}?token=${server.token}` };
}
