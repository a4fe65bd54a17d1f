/**
 * The ways each desktop action can be done, per platform, in the order they are tried.
 * Linux: system tools first (pactl, amixer, playerctl), then keys through nut-js or xdotool.
 * Typing on Linux prefers xdotool: libnut's typeString sends shifted symbols unshifted on X
 * ('$' arrives as '4', '!' as '1'; seen under Xvfb), xdotool types them right.
 */
import type { Platform } from '../commands/apps.ts';
import type { Attempt, InputBackend } from './types.ts';
import { isOnPath, runCommand } from './spawn.ts';
import { loadNut, noDisplay, nutAvailable, type NutJs } from './nut.ts';

export interface AttemptContext {
  platform: Platform;
  backend: InputBackend;
  timeoutMs: number;
}

type NutKeyName = keyof NutJs['Key'];
const SCROLL_STEPS = 5;

function command(backend: string, argv: string[], ctx: AttemptContext): Attempt {
  return {
    backend,
    describe: argv.join(' '),
    available: () => isOnPath(argv[0]!),
    run: async () => {
      await runCommand(argv, ctx.timeoutMs);
    },
  };
}

function nut(describe: string, ctx: AttemptContext, body: (nut: NutJs) => Promise<unknown>): Attempt {
  return { backend: 'nut-js', describe, available: nutAvailable, run: async () => void (await body(await loadNut(ctx.platform))) };
}

function nutKeys(keys: NutKeyName[], ctx: AttemptContext): Attempt {
  return nut(`keys ${keys.join('+')}`, ctx, async (n) => {
    const codes = keys.map((k) => n.Key[k]);
    // nut-js treats the last key as the key and the ones before it as modifiers, for release too.
    await n.keyboard.pressKey(...codes);
    await n.keyboard.releaseKey(...codes);
  });
}

function xdotool(args: string[], ctx: AttemptContext): Attempt {
  const argv = ['xdotool', ...args];
  return {
    backend: 'xdotool',
    describe: argv.join(' '),
    available: () => ctx.platform === 'linux' && isOnPath('xdotool'),
    run: async () => {
      if (!process.env.DISPLAY) throw noDisplay('DISPLAY is not set');
      await runCommand(argv, ctx.timeoutMs);
    },
  };
}

/** Input attempts (keys, scroll, typing) in the order the backend setting asks for. */
function input(ctx: AttemptContext, viaNut: Attempt, viaXdotool: Attempt | null, preferXdotool = false): Attempt[] {
  if (ctx.backend === 'nut-js') return [viaNut];
  if (ctx.backend === 'xdotool') return viaXdotool ? [viaXdotool] : [];
  if (!viaXdotool || ctx.platform !== 'linux') return [viaNut];
  return preferXdotool ? [viaXdotool, viaNut] : [viaNut, viaXdotool];
}

function mediaKey(nutKey: NutKeyName, xKey: string, ctx: AttemptContext): Attempt[] {
  return input(ctx, nutKeys([nutKey], ctx), xdotool(['key', '--', xKey], ctx));
}

const VOLUME = {
  up: { pactl: '+5%', amixer: '5%+', nutKey: 'AudioVolUp', xKey: 'XF86AudioRaiseVolume', osa: '+ 6' },
  down: { pactl: '-5%', amixer: '5%-', nutKey: 'AudioVolDown', xKey: 'XF86AudioLowerVolume', osa: '- 6' },
} as const;

export function volumeAttempts(direction: 'up' | 'down', ctx: AttemptContext): Attempt[] {
  const v = VOLUME[direction];
  const keys = mediaKey(v.nutKey, v.xKey, ctx);
  if (ctx.platform === 'linux') {
    return [
      command('pactl', ['pactl', 'set-sink-volume', '@DEFAULT_SINK@', v.pactl], ctx),
      command('amixer', ['amixer', '-q', 'set', 'Master', v.amixer], ctx),
      ...keys,
    ];
  }
  if (ctx.platform === 'darwin') {
    const script = `set volume output volume ((output volume of (get volume settings)) ${v.osa})`;
    return [command('osascript', ['osascript', '-e', script], ctx), ...keys];
  }
  return keys;
}

export function muteAttempts(ctx: AttemptContext): Attempt[] {
  const keys = mediaKey('AudioMute', 'XF86AudioMute', ctx);
  if (ctx.platform === 'linux') {
    return [
      command('pactl', ['pactl', 'set-sink-mute', '@DEFAULT_SINK@', 'toggle'], ctx),
      command('amixer', ['amixer', '-q', 'set', 'Master', 'toggle'], ctx),
      ...keys,
    ];
  }
  if (ctx.platform === 'darwin') {
    const script = 'set volume output muted (not (output muted of (get volume settings)))';
    return [command('osascript', ['osascript', '-e', script], ctx), ...keys];
  }
  return keys;
}

const MEDIA = {
  play: { playerctl: 'play', nutKey: 'AudioPlay', xKey: 'XF86AudioPlay' },
  pause: { playerctl: 'pause', nutKey: 'AudioPause', xKey: 'XF86AudioPause' },
  next: { playerctl: 'next', nutKey: 'AudioNext', xKey: 'XF86AudioNext' },
  previous: { playerctl: 'previous', nutKey: 'AudioPrev', xKey: 'XF86AudioPrev' },
} as const;

export function mediaAttempts(what: keyof typeof MEDIA, ctx: AttemptContext): Attempt[] {
  const m = MEDIA[what];
  const keys = mediaKey(m.nutKey, m.xKey, ctx);
  // playerctl talks to the player over D-Bus and fails ("No players found") when none runs.
  return ctx.platform === 'linux' ? [command('playerctl', ['playerctl', m.playerctl], ctx), ...keys] : keys;
}

export function windowSwitchAttempts(ctx: AttemptContext): Attempt[] {
  const modifier: NutKeyName = ctx.platform === 'darwin' ? 'LeftSuper' : 'LeftAlt';
  return input(ctx, nutKeys([modifier, 'Tab'], ctx), xdotool(['key', '--', 'alt+Tab'], ctx));
}

export function scrollAttempts(direction: 'up' | 'down', ctx: AttemptContext): Attempt[] {
  const viaNut = nut(`mouse scroll ${direction} ${SCROLL_STEPS}`, ctx, (n) =>
    direction === 'up' ? n.mouse.scrollUp(SCROLL_STEPS) : n.mouse.scrollDown(SCROLL_STEPS),
  );
  // X buttons 4 and 5 are the wheel.
  const button = direction === 'up' ? '4' : '5';
  return input(ctx, viaNut, xdotool(['click', '--repeat', String(SCROLL_STEPS), button], ctx));
}

/** `text` must already be cleaned and capped. */
export function typeAttempts(text: string, ctx: AttemptContext): Attempt[] {
  const viaNut = nut(`keyboard type (${text.length} characters)`, ctx, (n) => n.keyboard.type(text));
  // '--' ends xdotool's options, so text starting with '-' is typed, not parsed.
  const viaX = xdotool(['type', '--delay', '12', '--', text], ctx);
  return input(ctx, viaNut, viaX, true);
}
