/**
 * Runs the desktop action of an intent, only from a fixed set: volume, media keys, allowlisted
 * apps, window switch, scroll, typing. Helpers run as argument arrays, never through a shell.
 * Each action has backends tried in order; the outcome says which one worked, or why none did.
 */
import { homedir } from 'node:os';
import { APP_CATALOG, type Platform } from '../commands/apps.ts';
import { BUILTIN_COMMANDS, findCommand, type ActionType } from '../commands/registry.ts';
import type { ActionExecutor, ActionExecutorOptions, ActionOutcome, Attempt, IntentLike } from './types.ts';
import {
  type AttemptContext,
  mediaAttempts,
  muteAttempts,
  scrollAttempts,
  typeAttempts,
  volumeAttempts,
  windowSwitchAttempts,
} from './attempts.ts';
import { isOnPath, launchDetached } from './spawn.ts';
import { cleanTypedText } from './text.ts';

const DEFAULT_MAX_TYPE_LENGTH = 200;
const DEFAULT_COMMAND_TIMEOUT_MS = 5_000;
const MAX_FIELD = 1_000;

const LABELS: Record<ActionType, string> = {
  'volume.up': 'turn the volume up',
  'volume.down': 'turn the volume down',
  'volume.mute': 'toggle mute',
  'media.play': 'play media',
  'media.pause': 'pause media',
  'media.next': 'skip to the next track',
  'media.previous': 'go to the previous track',
  'app.open': 'open an app',
  'window.switch': 'switch windows',
  'scroll.up': 'scroll up',
  'scroll.down': 'scroll down',
  'type.text': 'type text',
};

export function defaultAllowlist(platform: Platform): Record<string, string[][]> {
  return Object.fromEntries(APP_CATALOG.map((app) => [app.id, app.launch[platform]]));
}

function currentPlatform(): Platform {
  const p = process.platform;
  return p === 'darwin' || p === 'win32' ? p : 'linux';
}

const clip = (s: string) => (s.length > MAX_FIELD ? `${s.slice(0, MAX_FIELD - 1)}…` : s);

function launchAttempt(argv: string[]): Attempt {
  const resolved = argv.map((a) => a.replaceAll('{home}', homedir()));
  return {
    backend: 'spawn',
    describe: resolved.join(' '),
    available: () => isOnPath(resolved[0]!),
    run: async () => void (await launchDetached(resolved)),
  };
}

export function createActionExecutor(options: ActionExecutorOptions): ActionExecutor {
  const platform = options.platform ?? currentPlatform();
  const allowlist = new Map(Object.entries(options.allowlistApps ?? defaultAllowlist(platform)));
  const registry = options.registry ?? BUILTIN_COMMANDS;
  const maxTypeLength = options.maxTypeLength ?? DEFAULT_MAX_TYPE_LENGTH;
  const ctx: AttemptContext = {
    platform,
    backend: options.backend ?? 'auto',
    timeoutMs: options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS,
  };

  function plan(type: ActionType, payload: Record<string, string | number>): Attempt[] | Omit<ActionOutcome, 'type' | 'payload'> {
    switch (type) {
      case 'volume.up':
        return volumeAttempts('up', ctx);
      case 'volume.down':
        return volumeAttempts('down', ctx);
      case 'volume.mute':
        return muteAttempts(ctx);
      case 'media.play':
        return mediaAttempts('play', ctx);
      case 'media.pause':
        return mediaAttempts('pause', ctx);
      case 'media.next':
        return mediaAttempts('next', ctx);
      case 'media.previous':
        return mediaAttempts('previous', ctx);
      case 'window.switch':
        return windowSwitchAttempts(ctx);
      case 'scroll.up':
        return scrollAttempts('up', ctx);
      case 'scroll.down':
        return scrollAttempts('down', ctx);
      case 'app.open': {
        const app = String(payload.app ?? '');
        const candidates = allowlist.get(app);
        if (!candidates) {
          return { status: 'denied', message: `"${clip(app)}" is not an allowed app (allowed: ${[...allowlist.keys()].join(', ')})` };
        }
        return candidates.map(launchAttempt);
      }
      case 'type.text': {
        const text = cleanTypedText(String(payload.text ?? ''));
        if (!text) return { status: 'failed', message: 'nothing to type' };
        if (text.length > maxTypeLength) {
          return { status: 'denied', message: `text too long to type: ${text.length} characters, the limit is ${maxTypeLength}` };
        }
        payload.text = text;
        return typeAttempts(text, ctx);
      }
    }
  }

  return {
    async execute(intent: IntentLike): Promise<ActionOutcome | null> {
      const type = findCommand(intent.name, registry)?.action ?? null;
      if (!type) return null;
      const payload: Record<string, string | number> = {};
      for (const [k, v] of Object.entries(intent.slots)) payload[k] = typeof v === 'string' ? clip(v) : v;
      const label = LABELS[type];
      const planned = plan(type, payload);
      if (!Array.isArray(planned)) return { type, payload, ...planned, message: clip(planned.message) };
      if (planned.length === 0) return { type, payload, status: 'failed', message: `no way to ${label} on ${platform} with this backend` };

      if (options.dryRun) {
        const usable = planned.filter((a) => a.available());
        const first = usable[0] ?? planned[0]!;
        const rest = usable.filter((a) => a !== first).map((a) => (a.backend === 'spawn' ? a.describe : a.backend));
        const missing = usable.length === 0 ? ' (not installed here)' : '';
        return {
          type,
          payload: { ...payload, backend: first.backend, command: clip(first.describe) },
          status: 'dry-run',
          message: clip(`would ${label} via ${first.backend}: ${first.describe}${missing}${rest.length ? `; fallbacks: ${rest.join(', ')}` : ''}`),
        };
      }

      const errors: string[] = [];
      for (const attempt of planned) {
        if (!attempt.available()) {
          errors.push(`${attempt.backend}: not installed`);
          continue;
        }
        try {
          await attempt.run();
          return {
            type,
            payload: { ...payload, backend: attempt.backend, command: clip(attempt.describe) },
            status: 'done',
            message: clip(`${label} via ${attempt.backend}: ${attempt.describe}`),
          };
        } catch (err) {
          errors.push(`${attempt.backend}: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
      return { type, payload, status: 'failed', message: clip(`could not ${label}: ${errors.join('; ')}`) };
    },
  };
}
