// The configuration file through the real `beckon run` command: a bad file stops it with a clear
// message, and a custom gesture rule in a good one changes what a replayed gesture session does.
import { describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beckon, kinds } from '../e2e/cli.ts';
import { tempDir } from '../support/speech.ts';
import type { EventOf } from '../../main/common/events.ts';

/** No user configuration leaks in from the machine running the tests. */
const ISOLATED = { XDG_CONFIG_HOME: tempDir('beckon-xdg-'), BECKON_CONFIG: '' };

async function write(name: string, content: string): Promise<string> {
  const path = join(tempDir('beckon-cli-config-'), name);
  await writeFile(path, content);
  return path;
}

async function fistSession(): Promise<string> {
  const fist = { kind: 'Gesture', t: 100, seq: 1, source: 'recording', label: 'fist', hand: 'right', score: 0.9, gestureType: 'pose' };
  return write('fist.jsonl', `${JSON.stringify(fist)}\n`);
}

describe('beckon run --config', () => {
  it('a bad configuration file exits non-zero with the file, the JSON path and a hint', async () => {
    const bad = await write('bad.json', JSON.stringify({ llm: { contextSize: 10 } }));
    const { code, stderr, stdout } = await beckon(['run', '--config', bad, '--events', await fistSession(), '--no-speak', '--dry-run'], { env: ISOLATED });
    expect(code).not.toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toContain(`beckon: ${bad}: $.llm.contextSize:`);
    expect(stderr).toMatch(/docs\/config\.example\.json/);

    const missing = join(tempDir('beckon-cli-config-'), 'missing.json');
    const gone = await beckon(['run', '--config', missing, '--events', await fistSession(), '--no-speak'], { env: ISOLATED });
    expect(gone.code).not.toBe(0);
    expect(gone.stderr).toContain(`configuration file not found: ${missing}`);
  }, 60_000);

  it('a custom gesture rule (fist -> media.pause) turns a replayed fist into a paused player', async () => {
    const session = await fistSession();
    const args = ['run', '--events', session, '--json', '--no-speak', '--dry-run'];
    // without the rule a fist means nothing: no intent, which `run` reports as a failure
    const plain = await beckon(args, { env: ISOLATED });
    expect(kinds(plain.events, 'Intent')).toEqual([]);
    expect(plain.code).not.toBe(0);

    const config = await write('config.json', JSON.stringify({ fusion: { rules: [{ kind: 'gesture', gesture: 'fist', intent: 'media.pause' }] } }));
    for (const how of [{ args: ['--config', config], env: ISOLATED }, { args: [], env: { ...ISOLATED, BECKON_CONFIG: config } }]) {
      const { code, events, stderr } = await beckon([...args, ...how.args], { env: how.env });
      expect(stderr).toBe('');
      expect(code).toBe(0);
      const [intent] = kinds(events, 'Intent') as Array<EventOf<'Intent'>>;
      expect(intent).toMatchObject({ name: 'media.pause', evidence: [{ kind: 'Gesture', seq: 1, text: 'fist' }] });
      expect(kinds(events, 'Action')).toMatchObject([{ type: 'media.pause', status: 'dry-run' }]);
    }
  }, 90_000);
});
