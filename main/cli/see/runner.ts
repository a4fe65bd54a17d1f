/**
 * `beckon see`: the camera path on files. MediaPipe runs in headless Chromium on the dashboard's own
 * see page (the same worker code as the live camera); landmarks and face crops come back as
 * Perceptions and go through the same VisionProcessor as the live engine.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Perception } from '../../common/perception.ts';
import { BeckonError } from '../../common/errors.ts';
import { createStaticHandler, missingDashboardPage, VISION_MOUNTS } from '../../server/static.ts';
import { buildModels } from '../../models/build.ts';
import { BUILDERS } from '../../models/builders.ts';
import { launchChromium } from './browser.ts';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const DASHBOARD = join(ROOT, 'out', 'dashboard');

export interface SeeSession {
  images(paths: string[]): Promise<Perception[]>;
  video(path: string, options: { fps?: number; maxMs?: number }): Promise<Perception[]>;
  close(): Promise<void>;
}

/** Models built, dashboard built, a loopback server for the see page and the files, and the browser. */
export async function openSeeSession(onProgress: (line: string) => void = () => {}): Promise<SeeSession> {
  await buildModels(BUILDERS, { onOutcome: (o) => o.action !== 'up to date' && onProgress(`${o.action} ${o.name}`) });
  if (dashboardIsStale()) {
    onProgress('building the dashboard');
    await run('npx', ['vite', 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'error'], { cwd: ROOT });
  }
  const media = mkdtempSync(join(tmpdir(), 'beckon-see-'));
  const server = createServer(createStaticHandler(DASHBOARD, missingDashboardPage(DASHBOARD), [...VISION_MOUNTS, { prefix: '/media/', dir: media }]));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await launchChromium().catch(async (err: unknown) => {
    await closeServer(server);
    throw err;
  });
  const page = await browser.newPage();
  await page.goto(`${origin}/see.html`);
  await page.waitForFunction('window.beckonSeeReady === true', undefined, { timeout: 30_000 });
  let served = 0;

  /** Copies a file into the served folder under a plain name: nothing else of the disk is reachable. */
  const serve = (path: string, ext = extname(path).toLowerCase()) => {
    if (!existsSync(path)) throw new BeckonError('FILE_NOT_FOUND', `cannot read ${path}`, 'Check the path.');
    const name = `${served++}${ext}`;
    copyFileSync(path, join(media, name));
    return `/media/${name}`;
  };

  const inPage = async <T>(script: string): Promise<T> => {
    try {
      return (await page.evaluate(script)) as T;
    } catch (err) {
      // The page rejects with "CODE: message. Fix: hint".
      const text = err instanceof Error ? err.message.replace(/^page\.evaluate: (Error: )?/, '').split('\n')[0]! : String(err);
      const m = /^([A-Z_]+): (.*?)(?:\. Fix: (.*))?$/.exec(text);
      throw m ? new BeckonError(m[1]!, m[2]!, m[3]) : new BeckonError('SEE_FAILED', text);
    }
  };

  return {
    async images(paths) {
      const urls = paths.map((p) => serve(p));
      return inPage<Perception[]>(`window.beckonSee(${JSON.stringify(urls)})`);
    },
    async video(path, options) {
      // Chromium plays webm; other formats (y4m from a fake camera, mp4) are converted first.
      let source = path;
      if (extname(path).toLowerCase() !== '.webm') {
        if (!existsSync(path)) throw new BeckonError('FILE_NOT_FOUND', `cannot read ${path}`, 'Check the path.');
        source = join(media, `${served++}-converted.webm`);
        await run('ffmpeg', ['-v', 'error', '-i', path, '-an', '-c:v', 'libvpx', '-b:v', '2M', '-y', source]).catch((err: Error) => {
          throw new BeckonError('VIDEO_UNREADABLE', `ffmpeg could not convert ${path}: ${err.message.split('\n')[0]}`, 'Give a webm, mp4 or y4m file; ffmpeg must be installed.');
        });
      }
      const url = serve(source, '.webm');
      return inPage<Perception[]>(`window.beckonSeeVideo(${JSON.stringify(url)}, ${JSON.stringify(options)})`);
    },
    async close() {
      await browser.close();
      await closeServer(server);
      rmSync(media, { recursive: true, force: true });
    },
  };
}

/** The see page is built from renderer/: build it when missing or older than its sources. */
function dashboardIsStale(): boolean {
  const page = join(DASHBOARD, 'see.html');
  if (!existsSync(page)) return true;
  const built = statSync(page).mtimeMs;
  const sources = join(ROOT, 'renderer');
  return (readdirSync(sources, { recursive: true }) as string[]).some((name) => statSync(join(sources, name)).mtimeMs > built);
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
