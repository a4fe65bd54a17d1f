import { describe, expect, it } from 'vitest';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { findConfigFile, loadConfigFile, loadUserConfig, mergeConfigFile } from '../../main/engine/config-file.ts';
import type { EngineConfig } from '../../main/engine/config.ts';
import { BeckonError } from '../../main/common/errors.ts';
import { tempDir } from '../support/speech.ts';

async function file(content: string, name = 'config.json'): Promise<string> {
  const path = join(tempDir('beckon-config-'), name);
  await writeFile(path, content);
  return path;
}

async function failure(path: string): Promise<BeckonError> {
  try {
    await loadConfigFile(path);
  } catch (err) {
    expect(err).toBeInstanceOf(BeckonError);
    return err as BeckonError;
  }
  throw new Error(`${path} loaded, but it should not have`);
}

const FULL = {
  fusion: { rules: [{ kind: 'gesture', gesture: 'fist', intent: 'media.pause' }, { kind: 'deixis', waitMs: 800 }] },
  bargeIn: 'gesture-only',
  llm: { url: 'http://127.0.0.1:11434/v1', model: 'qwen2.5', gguf: 'models/tiny.gguf', contextSize: 4096, gpuLayers: 'auto', maxTokens: 256, temperature: 0.3 },
  tts: { voice: 'en-us' },
  asr: { lang: 'en' },
};

const BASE: EngineConfig = {
  input: { kind: 'events', path: 'x.jsonl', realtime: false },
  asr: {},
  actions: { dryRun: true },
  bargeIn: 'voice',
  tts: { play: false },
};

describe('configuration file', () => {
  it('loads every setting, fills in rule defaults, and resolves a relative gguf path against its folder', async () => {
    const path = await file(JSON.stringify(FULL));
    const config = await loadConfigFile(path);
    expect(config.path).toBe(path);
    expect(config.bargeIn).toBe('gesture-only');
    expect(config.fusion!.rules).toEqual([
      { kind: 'gesture', gesture: 'fist', intent: 'media.pause', minScore: 0.6 },
      { kind: 'deixis', words: ['this', 'that', 'here', 'there'], gestures: ['pointing-up'], windowMs: 1500, waitMs: 800 },
    ]);
    expect(config.llm).toEqual({ ...FULL.llm, gguf: join(path, '..', 'models', 'tiny.gguf') });
    expect(config.tts).toEqual({ voice: 'en-us' });
    // an absolute gguf path stays as it is; an empty file body {} is a valid configuration
    expect((await loadConfigFile(await file(JSON.stringify({ llm: { gguf: '/opt/m.gguf', gpuLayers: 12 } })))).llm).toEqual({ gguf: '/opt/m.gguf', gpuLayers: 12 });
    expect(await loadConfigFile(await file('{}'))).toEqual({ path: expect.any(String) });
  });

  it('a missing file is CONFIG_MISSING', async () => {
    const e = await failure(join(tempDir('beckon-config-'), 'nope.json'));
    expect(e.code).toBe('CONFIG_MISSING');
    expect(e.message).toContain('nope.json');
    expect(e.hint).toMatch(/--config/);
  });

  it('a JSON syntax error says where (line:column)', async () => {
    const e = await failure(await file('{\n  "bargeIn": "off",\n}\n'));
    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.message).toMatch(/config\.json:3:1: not valid JSON/);
    expect(e.hint).toMatch(/trailing commas/);
  });

  it('each kind of invalid content names the JSON path of the first problem', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [[1, 2], /: \$: /],
      [{ bargeIn: 'sometimes' }, /\$\.bargeIn: /],
      [{ llm: { contextSize: 100 } }, /\$\.llm\.contextSize: /],
      [{ llm: { contextSize: 4096.5 } }, /\$\.llm\.contextSize: /],
      [{ llm: { gpuLayers: 'all' } }, /\$\.llm\.gpuLayers: /],
      [{ llm: { url: 'not a url' } }, /\$\.llm\.url: /],
      [{ tts: { voice: '' } }, /\$\.tts\.voice: /],
      [{ asr: { language: 'en' } }, /\$\.asr: .*language/], // a typo'd key is not silently ignored
      [{ fusion: { rules: [{ kind: 'deixis' }, { kind: 'gesture', gesture: 'fist', intent: 'Pause!' }] } }, /\$\.fusion\.rules\[1\]\.intent: /],
      [{ fusion: { rules: [{ kind: 'deixis', waitMs: 5000 }] } }, /\$\.fusion\.rules\[0\]\.waitMs: /],
      [{ fusion: { rules: [{ kind: 'deixis' }, { kind: 'gesture', gesture: 'jazz-hands', intent: 'media.pause' }] } }, /\$\.fusion\.rules\[1\]\.gesture: /],
      [{ fusion: { rules: 'fist' } }, /\$\.fusion\.rules: /],
    ];
    for (const [content, message] of cases) {
      const e = await failure(await file(JSON.stringify(content)));
      expect(e.code, JSON.stringify(content)).toBe('CONFIG_INVALID');
      expect(e.message, JSON.stringify(content)).toMatch(message);
      expect(e.hint, JSON.stringify(content)).toBeTruthy();
    }
  });

  it('where the file comes from: --config, else $BECKON_CONFIG, else $XDG_CONFIG_HOME/beckon/config.json if it exists', async () => {
    const xdg = tempDir('beckon-xdg-');
    expect(await findConfigFile(undefined, { XDG_CONFIG_HOME: xdg })).toBeNull();
    expect(await loadUserConfig(undefined, { XDG_CONFIG_HOME: xdg })).toBeNull();
    await mkdir(join(xdg, 'beckon'));
    await writeFile(join(xdg, 'beckon', 'config.json'), '{"bargeIn":"off"}');
    expect(await findConfigFile(undefined, { XDG_CONFIG_HOME: xdg })).toBe(join(xdg, 'beckon', 'config.json'));
    expect((await loadUserConfig(undefined, { XDG_CONFIG_HOME: xdg }))!.bargeIn).toBe('off');
    expect(await findConfigFile(undefined, { HOME: xdg })).toBeNull(); // ~/.config/beckon/config.json absent
    expect(await findConfigFile(undefined, { XDG_CONFIG_HOME: xdg, BECKON_CONFIG: '/etc/b.json' })).toBe('/etc/b.json');
    expect(await findConfigFile('mine.json', { XDG_CONFIG_HOME: xdg, BECKON_CONFIG: '/etc/b.json' })).toBe('mine.json');
  });

  it('flags override the file; the file fills in what no flag set', async () => {
    const loaded = await loadConfigFile(await file(JSON.stringify(FULL)));
    const fromFile = mergeConfigFile(BASE, loaded);
    expect(fromFile.bargeIn).toBe('gesture-only');
    expect(fromFile.tts.voice).toBe('en-us');
    expect(fromFile.asr.lang).toBe('en');
    expect(fromFile.fusionRules).toBe(loaded.fusion!.rules);
    expect(fromFile.llm).toEqual(loaded.llm);

    const flagged = mergeConfigFile(
      { ...BASE, bargeIn: 'off', asr: { lang: 'zh' }, tts: { play: false, voice: 'en-gb' }, llm: { url: 'http://127.0.0.1:9/v1', model: undefined } },
      loaded,
      { bargeIn: true },
    );
    expect(flagged.bargeIn).toBe('off');
    expect(flagged.asr.lang).toBe('zh');
    expect(flagged.tts.voice).toBe('en-gb');
    // the flag's URL wins and sets the file's local model aside; the file's other LLM settings stay
    // (an undefined flag does not erase them)
    expect(flagged.llm).toEqual({ ...loaded.llm, url: 'http://127.0.0.1:9/v1', gguf: undefined });
    // and the other way round: a model file on the command line sets the file's server aside
    const local = mergeConfigFile({ ...BASE, llm: { gguf: '/models/other.gguf' } }, loaded);
    expect(local.llm).toMatchObject({ gguf: '/models/other.gguf', url: undefined, model: 'qwen2.5', contextSize: 4096 });
    expect(mergeConfigFile(BASE, null)).toBe(BASE);
  });
});

describe('docs/config.example.json', () => {
  it('is a valid configuration', async () => {
    const example = await loadConfigFile(new URL('../../docs/config.example.json', import.meta.url).pathname);
    expect(example.fusion!.rules!.some((r) => r.kind === 'gesture' && r.gesture === 'fist')).toBe(true);
    expect(example.llm!.url).toMatch(/^http:\/\/127\.0\.0\.1/);
  });
});
