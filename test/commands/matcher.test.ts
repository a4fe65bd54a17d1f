import { describe, expect, it } from 'vitest';
import { matchCommand, wordScore } from '../../main/commands/matcher.ts';
import type { CommandRegistry } from '../../main/commands/registry.ts';

const commands: [string, string, Record<string, string>?][] = [
  ['turn the volume up', 'volume.up'],
  ['Turn up the volume, please.', 'volume.up'],
  ['um, louder', 'volume.up'],
  ['could you increase the volume for me', 'volume.up'],
  ['volume down', 'volume.down'],
  ['turn it down', 'volume.down'],
  ['make it quieter', 'volume.down'],
  ['mute', 'volume.mute'],
  ['mute the sound', 'volume.mute'],
  ['play', 'media.play'],
  ['resume the music', 'media.play'],
  ['pause', 'media.pause'],
  ['stop the music', 'media.pause'],
  ['next song', 'media.next'],
  ['skip this track', 'media.next'],
  ['previous track', 'media.previous'],
  ['go to the previous song', 'media.previous'],
  ['open firefox', 'app.open', { app: 'firefox' }],
  ['hey beckon, could you open Firefox for me please', 'app.open', { app: 'firefox' }],
  ['launch the terminal', 'app.open', { app: 'terminal' }],
  ['start the web browser', 'app.open', { app: 'browser' }],
  ['open chromium', 'app.open', { app: 'browser' }],
  ['open the text editor', 'app.open', { app: 'editor' }],
  ['open calculator', 'app.open', { app: 'calculator' }],
  ['open my files', 'app.open', { app: 'files' }],
  ['open settings', 'app.open', { app: 'settings' }],
  ['switch window', 'window.switch'],
  ['go to the next window', 'window.switch'],
  ['alt tab', 'window.switch'],
  ['scroll up', 'scroll.up'],
  ['scroll down', 'scroll.down'],
  ['page down', 'scroll.down'],
  ['What time is it?', 'time.query'],
  ["what's the time", 'time.query'],
  ['uh what is the time right now', 'time.query'],
  ['stop', 'control.stop'],
  ['cancel', 'control.stop'],
  ['never mind', 'control.stop'],
  ['repeat that', 'reply.repeat'],
  ['say that again', 'reply.repeat'],
  ['what can I say', 'help.commands'],
  ['help', 'help.commands'],
  ['can you help', 'help.commands'],
];

const misheard: [string, string][] = [
  ['turn the volum up', 'volume.up'],
  ['pause the musik', 'media.pause'],
  ['turn up the volumn', 'volume.up'],
  ['open calculater', 'app.open'],
  ['previos track', 'media.previous'],
  ['scrol down', 'scroll.down'],
];

const notCommands = [
  'what is the capital of France',
  'tell me a joke',
  'what is the weather like tomorrow',
  'how do I make pancakes',
  'write me a poem about the sea',
  'help me with my homework',
  'play despacito by luis fonsi',
  'open the pod bay doors',
  'open rm -rf /',
  'stop global warming',
  'what time does the shop close',
  'can you tell me about the volume of a sphere',
  'next tuesday I have a meeting',
  'pose',
  'turn left at the lights',
  '',
  'um uh please',
];

describe('matchCommand', () => {
  it.each(commands)('"%s" -> %s', (text, name, slots) => {
    const m = matchCommand(text);
    expect(m, text).not.toBeNull();
    expect(m!.name).toBe(name);
    expect(m!.slots).toEqual(slots ?? {});
    expect(m!.confidence).toBe(1);
    expect(m!.matchedPhrase.length).toBeGreaterThan(0);
  });

  it.each(misheard)('forgives a misheard word: "%s" -> %s', (text, name) => {
    const m = matchCommand(text);
    expect(m?.name).toBe(name);
    expect(m!.confidence).toBeLessThan(1);
    expect(m!.confidence).toBeGreaterThanOrEqual(0.8);
  });

  it.each(notCommands)('does not turn chat into a command: "%s"', (text) => {
    expect(matchCommand(text)).toBeNull();
  });

  it('keeps the original words of free text, case and symbols included', () => {
    expect(matchCommand('Type Hello World.')).toMatchObject({ name: 'type.text', slots: { text: 'Hello World' } });
    expect(matchCommand('please type the end')?.slots.text).toBe('the end');
    const shell = matchCommand('type $(touch /tmp/x); echo "hi" | rm -rf ~ now');
    expect(shell?.name).toBe('type.text');
    expect(shell?.slots.text).toBe('$(touch /tmp/x); echo "hi" | rm -rf ~ now');
    expect(shell!.confidence).toBeLessThan(1);
  });

  it('wants the whole utterance, not a command inside a sentence', () => {
    expect(matchCommand('I told him to turn the volume up yesterday')).toBeNull();
    expect(matchCommand('type')).toBeNull();
  });

  it('only forgives near misses of longer words with the same first letter', () => {
    expect(wordScore('volume', 'volum')).toBeCloseTo(5 / 6);
    expect(wordScore('mute', 'mate')).toBe(0);
    expect(wordScore('pause', 'cause')).toBe(0);
    expect(wordScore('calculator', 'calculater')).toBeCloseTo(0.9);
  });

  it('uses a registry it is given', () => {
    const registry: CommandRegistry = [
      {
        name: 'lights.set',
        patterns: ['(turn|switch) (the)? lights {state}'],
        slots: { state: { kind: 'closed', values: [{ value: 'on', phrases: ['on'] }, { value: 'off', phrases: ['off', 'out'] }] } },
        description: 'lights',
        example: 'turn the lights on',
        action: null,
      },
    ];
    expect(matchCommand('switch the lights out', registry)).toMatchObject({ name: 'lights.set', slots: { state: 'off' } });
    expect(matchCommand('turn the volume up', registry)).toBeNull();
  });
});
