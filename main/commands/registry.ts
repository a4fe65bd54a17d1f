/**
 * The built-in voice commands: data only. Each command has an intent name, phrasings in the
 * small notation of pattern.ts, slot definitions, a line for "what can I say", and the desktop
 * action it maps to (null when the assistant answers by itself: time, help, repeat, stop).
 */
import { APP_CATALOG } from './apps.ts';

export interface SlotValue {
  /** what the intent carries */
  value: string;
  /** what a user may say for it */
  phrases: string[];
}

export type SlotDef =
  | { kind: 'closed'; values: SlotValue[] }
  /**
   * Free text (the words after "type"). A grammar cannot hold free text, so `grammarSamples`
   * is the small closed vocabulary a JSGF grammar offers instead; other recognisers get free text.
   */
  | { kind: 'free'; grammarSamples: string[] };

/** Desktop actions the executor knows (main/actions). */
export type ActionType =
  | 'volume.up'
  | 'volume.down'
  | 'volume.mute'
  | 'media.play'
  | 'media.pause'
  | 'media.next'
  | 'media.previous'
  | 'app.open'
  | 'window.switch'
  | 'scroll.up'
  | 'scroll.down'
  | 'type.text';

export interface CommandDef {
  /** intent name */
  name: string;
  patterns: string[];
  slots?: Record<string, SlotDef>;
  /** one line for "what can I say" */
  description: string;
  /** a phrasing to show the user */
  example: string;
  action: ActionType | null;
}

export type CommandRegistry = readonly CommandDef[];

const appSlot: SlotDef = {
  kind: 'closed',
  values: APP_CATALOG.map((app) => ({ value: app.id, phrases: app.phrases })),
};

const typeSamples = [
  'hello world',
  'hello beckon',
  'yes',
  'no',
  'okay',
  'thank you',
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
];

export const BUILTIN_COMMANDS: CommandRegistry = [
  {
    name: 'volume.up',
    patterns: [
      '(turn|crank) (the)? volume up',
      '(turn|crank) up (the)? volume',
      'volume up',
      '(increase|raise) (the)? volume',
      '(louder|make it louder)',
      '(turn|crank) it up',
    ],
    description: 'Raise the volume',
    example: 'turn the volume up',
    action: 'volume.up',
  },
  {
    name: 'volume.down',
    patterns: [
      'turn (the)? volume down',
      'turn down (the)? volume',
      'volume down',
      '(decrease|lower|reduce) (the)? volume',
      '(quieter|softer|make it quieter)',
      'turn it down',
    ],
    description: 'Lower the volume',
    example: 'turn the volume down',
    action: 'volume.down',
  },
  {
    name: 'volume.mute',
    patterns: ['mute', 'mute (the)? (sound|volume|audio|speakers)', '(turn|switch) (the)? sound off', 'toggle mute'],
    description: 'Mute or unmute the sound',
    example: 'mute',
    action: 'volume.mute',
  },
  {
    name: 'media.play',
    patterns: ['(play|resume) (the)? (music|song|track|playback|video)?', '(start|continue) (the)? (music|playback)'],
    description: 'Play or resume music and videos',
    example: 'play music',
    action: 'media.play',
  },
  {
    name: 'media.pause',
    patterns: ['pause (the)? (music|song|track|playback|video|it)?', 'stop (the)? (music|song|track|playback|video)'],
    description: 'Pause music and videos',
    example: 'pause the music',
    action: 'media.pause',
  },
  {
    name: 'media.next',
    patterns: ['(next|skip) (the)? (song|track)?', '(play|go to) (the)? next (song|track)', 'skip (this)? (song|track)'],
    description: 'Skip to the next track',
    example: 'next song',
    action: 'media.next',
  },
  {
    name: 'media.previous',
    patterns: [
      'previous (song|track)?',
      '(play|go to) (the)? (previous|last) (song|track)',
      '(last|go back a) (song|track)',
    ],
    description: 'Go back to the previous track',
    example: 'previous track',
    action: 'media.previous',
  },
  {
    name: 'app.open',
    patterns: ['(open|launch|start|run) (up)? (the)? (my)? {app}', 'bring up (the)? {app}'],
    slots: { app: appSlot },
    description: `Open an app: ${APP_CATALOG.map((a) => a.phrases[0]).join(', ')}`,
    example: 'open firefox',
    action: 'app.open',
  },
  {
    name: 'window.switch',
    patterns: [
      '(switch|change) (window|windows)',
      '(switch|change|go) to (the)? (next|other|previous|last) window',
      '(next|other) window',
      'alt tab',
    ],
    description: 'Switch to another window (alt+tab)',
    example: 'switch window',
    action: 'window.switch',
  },
  {
    name: 'scroll.up',
    patterns: ['scroll up', 'scroll (the)? page up', 'page up', 'go up'],
    description: 'Scroll up',
    example: 'scroll up',
    action: 'scroll.up',
  },
  {
    name: 'scroll.down',
    patterns: ['scroll down', 'scroll (the)? page down', 'page down', 'go down'],
    description: 'Scroll down',
    example: 'scroll down',
    action: 'scroll.down',
  },
  {
    name: 'type.text',
    patterns: ['(type|dictate) {text}'],
    slots: { text: { kind: 'free', grammarSamples: typeSamples } },
    description: 'Type words into the focused window: "type" then what to type',
    example: 'type hello world',
    action: 'type.text',
  },
  {
    name: 'time.query',
    patterns: [
      'what time is it (now|right now)?',
      "what's the time (now|right now)?",
      'what is the time (now|right now)?',
      'tell me the time',
      'what is the current time',
    ],
    description: 'Say the time',
    example: 'what time is it',
    action: null,
  },
  {
    name: 'control.stop',
    patterns: ['(stop|cancel|enough|quiet)', '(stop|cancel) (it|that|talking)', '(never mind|nevermind)', 'be quiet', 'forget it'],
    description: 'Stop talking or cancel what is going on',
    example: 'stop',
    action: null,
  },
  {
    name: 'reply.repeat',
    patterns: ['repeat (that|it|yourself)?', 'say (that|it) again', 'come again', 'what did you (just)? say', 'pardon'],
    description: 'Repeat the last reply',
    example: 'say that again',
    action: null,
  },
  {
    name: 'help.commands',
    patterns: [
      'what can i say',
      'help',
      'what (commands|things) can i (say|use)',
      '(list|show) (me)? (the)? commands',
      'what can you do',
    ],
    description: 'List what you can say',
    example: 'what can I say',
    action: null,
  },
];

export function findCommand(name: string, registry: CommandRegistry = BUILTIN_COMMANDS): CommandDef | undefined {
  return registry.find((c) => c.name === name);
}

/** Lines for "what can I say": `"turn the volume up": Raise the volume`. */
export function describeCommands(registry: CommandRegistry = BUILTIN_COMMANDS): string[] {
  return registry.map((c) => `"${c.example}": ${c.description}`);
}

/** Short phrasings to say back for "what can I say" ("You can say: turn the volume up, ..."). */
export function commandHelp(registry: CommandRegistry = BUILTIN_COMMANDS): string[] {
  return registry.map((c) => c.example);
}
