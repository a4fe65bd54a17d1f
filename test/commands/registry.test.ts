import { describe, expect, it } from 'vitest';
import { BUILTIN_COMMANDS, commandHelp, describeCommands, findCommand } from '../../main/commands/registry.ts';
import { expandPattern, parsePattern } from '../../main/commands/pattern.ts';
import { matchCommand } from '../../main/commands/matcher.ts';
import { APP_CATALOG } from '../../main/commands/apps.ts';

describe('pattern notation', () => {
  it('expands optional groups and alternatives', () => {
    const flat = expandPattern(parsePattern('(open|launch) (the)? {app}')).map((t) =>
      t.map((e) => (e.kind === 'word' ? e.word : `{${e.name}}`)).join(' '),
    );
    expect(flat.sort()).toEqual(['launch the {app}', 'launch {app}', 'open the {app}', 'open {app}']);
  });

  it('rejects a broken pattern with a BeckonError', () => {
    expect(() => parsePattern('(open|launch {app}')).toThrow(/unclosed/);
    expect(() => parsePattern('open) {app}')).toThrow(/unexpected/);
  });
});

describe('built-in registry', () => {
  const required = [
    'volume.up', 'volume.down', 'volume.mute', 'media.play', 'media.pause', 'media.next', 'media.previous',
    'app.open', 'window.switch', 'scroll.up', 'scroll.down', 'type.text', 'time.query', 'control.stop',
    'reply.repeat', 'help.commands',
  ];

  it('has every required command, once, with a description', () => {
    expect(BUILTIN_COMMANDS.map((c) => c.name).sort()).toEqual([...required].sort());
    for (const name of required) expect(findCommand(name)?.description.length).toBeGreaterThan(3);
    expect(describeCommands()).toHaveLength(required.length);
    expect(commandHelp()).toContain('turn the volume up');
  });

  it('matches every command by its own example', () => {
    for (const c of BUILTIN_COMMANDS) expect(matchCommand(c.example)?.name, c.example).toBe(c.name);
  });

  it('offers every allowlisted app by each of its names, with launch commands for every platform', () => {
    for (const app of APP_CATALOG) {
      for (const phrase of app.phrases) expect(matchCommand(`open ${phrase}`)?.slots.app, phrase).toBe(app.id);
      for (const platform of ['linux', 'darwin', 'win32'] as const) {
        expect(app.launch[platform].length).toBeGreaterThan(0);
        for (const argv of app.launch[platform]) expect(argv.every((a) => typeof a === 'string' && a.length > 0)).toBe(true);
      }
    }
  });

  it('uses only slots it defines', () => {
    for (const c of BUILTIN_COMMANDS) {
      for (const p of c.patterns) {
        for (const t of expandPattern(parsePattern(p))) {
          for (const e of t) if (e.kind === 'slot') expect(c.slots?.[e.name], `${c.name}: {${e.name}}`).toBeDefined();
        }
      }
    }
  });
});
