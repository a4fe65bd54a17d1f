import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { isPocketsphinxAvailable, PocketsphinxEngine } from '../../main/asr/engines/pocketsphinx.ts';
import { BeckonError } from '../../main/common/errors.ts';
import { COMMAND_GRAMMAR, COMMANDS, concat, silence, speak, VOICES } from './speech.ts';

const available = await isPocketsphinxAvailable();
if (!available) console.warn('skipping pocketsphinx tests: pocketsphinx_continuous or /usr/share/pocketsphinx/model/en-us is missing (apt-get install pocketsphinx pocketsphinx-en-us)');

async function initError(engine: PocketsphinxEngine): Promise<BeckonError> {
  try {
    await engine.init();
  } catch (err) {
    await engine.dispose();
    if (err instanceof BeckonError) return err;
    throw err;
  }
  await engine.dispose();
  throw new Error('init() succeeded');
}

describe.skipIf(!available)('PocketsphinxEngine with a JSGF grammar', () => {
  const engine = new PocketsphinxEngine({ engine: 'pocketsphinx', jsgf: COMMAND_GRAMMAR });
  beforeAll(() => engine.init());
  afterAll(() => engine.dispose());

  for (const voice of VOICES) {
    it(`recognises every command exactly in espeak-ng ${voice.voice} at ${voice.speed} wpm`, async () => {
      for (const command of COMMANDS) {
        // Silero segments carry ~300 ms of pre-roll and a little trailing silence.
        const samples = concat(silence(300), await speak(command, voice), silence(200));
        const result = await engine.transcribe({ samples, final: true });
        expect(result.text, `${voice.voice}/${voice.speed}: "${command}"`).toBe(command);
        expect(result.confidence).toBeGreaterThan(0);
        expect(result.confidence).toBeLessThanOrEqual(1);
        expect(result.lang).toBe('en');
      }
    });
  }

  it('returns empty text and zero confidence for speech outside the grammar', async () => {
    const result = await engine.transcribe({ samples: await speak('tell me a joke'), final: true });
    expect(result).toEqual({ text: '', confidence: 0, lang: 'en' });
  });

  it('returns empty text for silence and for noise', async () => {
    expect((await engine.transcribe({ samples: silence(1000), final: true })).text).toBe('');
    let seed = 1;
    const noise = new Float32Array(24_000).map(() => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 0.2);
    expect((await engine.transcribe({ samples: noise, final: true })).text).toBe('');
  });

  it('handles back-to-back requests independently', async () => {
    const [a, b] = await Promise.all([
      engine.transcribe({ samples: await speak('open firefox'), final: true }),
      engine.transcribe({ samples: await speak('what time is it'), final: true }),
    ]);
    expect([a.text, b.text]).toEqual(['open firefox', 'what time is it']);
  });
});

describe.skipIf(!available)('PocketsphinxEngine errors', () => {
  it('says how to install pocketsphinx when the binary is missing', async () => {
    const err = await initError(new PocketsphinxEngine({ engine: 'pocketsphinx', jsgf: COMMAND_GRAMMAR, binary: 'pocketsphinx_continuous_not_here' }));
    expect(err.code).toBe('ASR_ENGINE_MISSING');
    expect(err.hint).toContain('sudo apt-get install pocketsphinx pocketsphinx-en-us');
  });

  it('says how to install the model when the model folder is missing', async () => {
    const empty = await mkdtemp(path.join(os.tmpdir(), 'beckon-no-model-'));
    try {
      const err = await initError(new PocketsphinxEngine({ engine: 'pocketsphinx', jsgf: COMMAND_GRAMMAR, modelDir: empty }));
      expect(err.code).toBe('ASR_ENGINE_MISSING');
      expect(err.message).toContain(empty);
      expect(err.hint).toContain('pocketsphinx-en-us');
      expect(await isPocketsphinxAvailable(empty)).toBe(false);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  it('rejects a grammar with a syntax error, with pocketsphinx\'s own reason', async () => {
    const broken = '#JSGF V1.0;\ngrammar commands;\npublic <command> = turn the (volume | up ;\n';
    const err = await initError(new PocketsphinxEngine({ engine: 'pocketsphinx', jsgf: broken }));
    expect(err.code).toBe('ASR_GRAMMAR_INVALID');
    expect(err.message).toMatch(/syntax error/);
    expect(err.hint).toContain('JSGF');
  });

  it('rejects a grammar without a public rule', async () => {
    const err = await initError(new PocketsphinxEngine({ engine: 'pocketsphinx', jsgf: '#JSGF V1.0;\ngrammar g;\n<a> = open firefox ;\n' }));
    expect(err.code).toBe('ASR_GRAMMAR_INVALID');
  });

  it('names grammar words that have no pronunciation', async () => {
    const err = await initError(new PocketsphinxEngine({ engine: 'pocketsphinx', jsgf: '#JSGF V1.0;\ngrammar g;\npublic <a> = open zorblaxian ;\n' }));
    expect(err.code).toBe('ASR_GRAMMAR_INVALID');
    expect(err.message).toContain('zorblaxian');
  });
});
