/**
 * Lazy access to @nut-tree-fork/nut-js. Its native part crashes the whole process (SIGSEGV,
 * "Could not open main display") when no X display can be opened, so on Linux a short-lived
 * child process first checks that nut-js can reach $DISPLAY (~160 ms, once per display).
 */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { BeckonError } from '../common/errors.ts';
import type { Platform } from '../commands/apps.ts';

export type NutJs = typeof import('@nut-tree-fork/nut-js');

export const NO_DISPLAY_HINT = 'set DISPLAY to a running X server, or use --dry-run';
const PROBE_TIMEOUT_MS = 10_000;
const verifiedDisplays = new Set<string>();
let loaded: Promise<NutJs> | null = null;

function nutPath(): string {
  try {
    return createRequire(import.meta.url).resolve('@nut-tree-fork/nut-js');
  } catch (err) {
    throw new BeckonError('NUT_UNAVAILABLE', 'nut-js is not installed', 'install @nut-tree-fork/nut-js', { cause: err });
  }
}

export function noDisplay(detail: string): BeckonError {
  return new BeckonError('NO_DISPLAY', `no display: ${detail}; set DISPLAY or use --dry-run`, NO_DISPLAY_HINT);
}

/** Throws NO_DISPLAY unless an X display is set and nut-js can open it. */
export async function ensureDisplay(): Promise<void> {
  const display = process.env.DISPLAY;
  if (!display) throw noDisplay('DISPLAY is not set');
  if (verifiedDisplays.has(display)) return;
  const probe = `require(${JSON.stringify(nutPath())}).screen.width().then((w) => process.exit(w > 0 ? 0 : 3), () => process.exit(4))`;
  await new Promise<void>((resolve, reject) => {
    // ELECTRON_RUN_AS_NODE: in Electron's main process execPath is the Electron binary.
    execFile(process.execPath, ['-e', probe], { shell: false, timeout: PROBE_TIMEOUT_MS, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } }, (err) =>
      err ? reject(noDisplay(`cannot open X display ${display}`)) : resolve(),
    );
  });
  verifiedDisplays.add(display);
}

export async function loadNut(platform: Platform): Promise<NutJs> {
  if (platform === 'linux') await ensureDisplay();
  loaded ??= import('@nut-tree-fork/nut-js').then((nut) => {
    // nut-js waits 300 ms between keys by default; speech-length text should not take seconds.
    nut.keyboard.config.autoDelayMs = 10;
    nut.mouse.config.autoDelayMs = 10;
    return nut;
  });
  try {
    return await loaded;
  } catch (err) {
    loaded = null;
    throw new BeckonError('NUT_UNAVAILABLE', `nut-js could not be loaded: ${(err as Error).message}`, 'reinstall @nut-tree-fork/nut-js', { cause: err });
  }
}

export function nutAvailable(): boolean {
  try {
    nutPath();
    return true;
  } catch {
    return false;
  }
}
