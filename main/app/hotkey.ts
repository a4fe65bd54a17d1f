/**
 * Global push-to-talk. Electron's globalShortcut reports key presses only (no key-up), so the hotkey
 * is a toggle: the first press starts talking ({pressed: true}), the next press stops ({pressed: false}).
 * A safety timeout releases it if the user forgets, so the microphone is never left open.
 */
import { globalShortcut } from 'electron';
import type { Logger } from '../core/log.ts';
import type { EnginePort } from './engine-port.ts';
import { APP_ORIGIN } from './origin.ts';

export const PUSH_TO_TALK_MAX_MS = 30_000;

export interface HotkeyOptions {
  engine: EnginePort;
  log: Logger;
  maxHoldMs?: number;
}

export function setupHotkey(options: HotkeyOptions): { rebind(accelerator: string): boolean; dispose(): void } {
  const { engine, log, maxHoldMs = PUSH_TO_TALK_MAX_MS } = options;
  let pressed = false;
  let accelerator: string | undefined;
  let lastTried: string | undefined;
  let release: ReturnType<typeof setTimeout> | undefined;

  const send = (next: boolean) => {
    pressed = next;
    if (release) clearTimeout(release);
    release = next ? setTimeout(() => send(false), maxHoldMs) : undefined;
    engine.handle({ type: 'push-to-talk', pressed: next }, `${APP_ORIGIN}/hotkey`).catch((error) => log.error('push-to-talk failed', error));
  };

  const rebind = (next: string): boolean => {
    if (next === accelerator) return true;
    if (next === lastTried) return false; // already failed: don't retry and log on every status
    lastTried = next;
    if (accelerator) globalShortcut.unregister(accelerator);
    accelerator = undefined;
    let ok = false;
    try {
      ok = globalShortcut.register(next, () => send(!pressed));
    } catch (error) {
      log.warn('invalid push-to-talk hotkey', { accelerator: next, error: String(error) });
    }
    if (ok) accelerator = next;
    else log.warn('push-to-talk hotkey not registered (taken by another app or invalid)', { accelerator: next });
    return ok;
  };

  rebind(engine.status().settings.pushToTalkHotkey);
  const off = engine.onStatus((s) => {
    rebind(s.settings.pushToTalkHotkey);
  });
  return {
    rebind,
    dispose: () => {
      off();
      if (release) clearTimeout(release);
      if (accelerator) globalShortcut.unregister(accelerator);
    },
  };
}
