import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { toJsgf } from '../../main/commands/jsgf.ts';
import { matchCommand } from '../../main/commands/matcher.ts';
import { APP_CATALOG } from '../../main/commands/apps.ts';

const run = promisify(execFile);
const MODEL = '/usr/share/pocketsphinx/model/en-us';
const DICT = `${MODEL}/cmudict-en-us.dict`;
const haveSphinx = existsSync(DICT) && existsSync('/usr/bin/pocketsphinx_continuous');
if (!haveSphinx) console.warn('skipping pocketsphinx checks: install the Debian packages pocketsphinx and pocketsphinx-en-us');

/** The spoken words of the grammar: rule bodies without rule names and operators. */
function grammarWords(jsgf: string): Set<string> {
  const bodies = jsgf
    .split(';')
    .filter((s) => s.includes('='))
    .map((s) => s.slice(s.indexOf('=') + 1));
  return new Set(bodies.join(' ').replace(/<[^>]+>/g, ' ').replace(/[|()[\]]/g, ' ').split(/\s+/).filter(Boolean));
}

describe('toJsgf', () => {
  const jsgf = toJsgf();

  it('writes a JSGF grammar with one public rule over every command', () => {
    expect(jsgf.startsWith('#JSGF V1.0;')).toBe(true);
    expect(jsgf).toMatch(/^grammar beckon;$/m);
    expect(jsgf).toMatch(/^public <command> = /m);
    for (const name of ['volume_up', 'app_open', 'type_text', 'help_commands']) expect(jsgf).toContain(`<${name}> =`);
    for (const app of APP_CATALOG) for (const phrase of app.phrases) expect(jsgf).toContain(phrase);
    expect(jsgf).not.toContain('<prefix>');
  });

  it('allows filler words before and after a command when asked', () => {
    const withFillers = toJsgf(undefined, { fillers: true });
    expect(withFillers).toMatch(/^public <command> = \[<prefix>\] \(.*\) \[<suffix>\];$/m);
    expect(withFillers).toContain('hey beckon');
  });

  it.skipIf(!haveSphinx)('uses only words of the CMU dictionary', () => {
    const dict = new Set(
      readFileSync(DICT, 'utf8')
        .split('\n')
        .map((line) => line.split(' ')[0]!.replace(/\(\d+\)$/, '')),
    );
    const words = grammarWords(jsgf);
    expect(words.size).toBeGreaterThan(80);
    const missing = [...words].filter((w) => !dict.has(w));
    expect(missing).toEqual([]);
  });

  describe.skipIf(!haveSphinx)('with pocketsphinx on espeak-ng speech', () => {
    let dir = '';
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'beckon-jsgf-'));
      await writeFile(join(dir, 'beckon.gram'), jsgf);
    });
    afterAll(async () => {
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it.each([
      ['turn the volume up', 'volume.up'],
      ['what time is it', 'time.query'],
      ['type hello world', 'type.text'],
    ])('recognises "%s" and the matcher maps it to %s', async (phrase, intent) => {
      const wav = join(dir, 'say.wav');
      const raw = join(dir, 'say.raw');
      await run('espeak-ng', ['-w', wav, phrase]);
      await run('sox', [wav, '-r', '16000', '-c', '1', '-b', '16', '-e', 'signed-integer', '-t', 'raw', raw]);
      const { stdout } = await run('pocketsphinx_continuous', [
        '-hmm', `${MODEL}/en-us`, '-dict', DICT, '-jsgf', join(dir, 'beckon.gram'),
        '-infile', raw, '-samprate', '16000', '-remove_silence', 'no', '-logfn', '/dev/null',
      ]);
      const hypothesis = stdout.trim().split('\n').pop() ?? '';
      expect(hypothesis).toBe(phrase);
      expect(matchCommand(hypothesis)?.name).toBe(intent);
    });
  });
});
