import type { Platform } from '../commands/apps.ts';
import type { CommandRegistry } from '../commands/registry.ts';

export type ActionStatusValue = 'done' | 'dry-run' | 'failed' | 'denied';

export interface ActionOutcome {
  /** the action type (e.g. 'volume.up', 'app.open') */
  type: string;
  /** slot values and, once run, which backend did it */
  payload: Record<string, string | number>;
  status: ActionStatusValue;
  /** one line for the user and the log */
  message: string;
}

export interface IntentLike {
  name: string;
  slots: Record<string, string | number>;
}

/** Which input backend drives keys, scrolling and typing. */
export type InputBackend = 'auto' | 'nut-js' | 'xdotool';

export interface ActionExecutorOptions {
  /** plan and report, touch nothing */
  dryRun: boolean;
  platform?: Platform;
  /** app id -> launch candidates (argument arrays) for this platform; default: the app catalog */
  allowlistApps?: Record<string, string[][]>;
  backend?: InputBackend;
  registry?: CommandRegistry;
  /** longest text `type.text` will type (default 200 characters) */
  maxTypeLength?: number;
  /** limit for each spawned helper command (default 5000 ms) */
  commandTimeoutMs?: number;
}

export interface ActionExecutor {
  /** null when the intent has no desktop action (time, help, chat, ...) */
  execute(intent: IntentLike): Promise<ActionOutcome | null>;
}

/** One way of doing an action; the executor tries them in order until one works. */
export interface Attempt {
  backend: string;
  /** what it does, e.g. `pactl set-sink-volume @DEFAULT_SINK@ +5%` */
  describe: string;
  /** false when the tool is plainly missing (not on PATH) */
  available(): boolean;
  run(): Promise<void>;
}
