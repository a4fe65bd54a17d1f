/**
 * Where the shell finds its parts. appRoot is app.getAppPath(): the repo root when run from source,
 * resources/app.asar when packaged (electron-builder's `files` keep the same layout inside).
 */
import { join } from 'node:path';

export interface AppPaths {
  rendererDir: string;
  preload: string;
  icon: string;
  liveIcon: string;
  engineService: string;
}

export function appPaths(appRoot: string): AppPaths {
  return {
    rendererDir: join(appRoot, 'out', 'renderer'),
    preload: join(appRoot, 'out', 'preload', 'index.cjs'),
    icon: join(appRoot, 'assets', 'icon.png'),
    liveIcon: join(appRoot, 'assets', 'icon-live.png'),
    engineService: join(appRoot, 'main', 'engine', 'service.ts'),
  };
}
