import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findExecutable } from '../../main/asr/engines/child-process.ts';
import { batchResult, ditheredPcm, PocketsphinxBatchDecoder } from '../../main/asr/engines/pocketsphinx-batch.ts';
import { DICTATION_OPTIONS, dictionaryForLm, lmVocabulary } from '../../main/asr/engines/pocketsphinx-dictation.ts';
import { DEFAULT_POCKETSPHINX_MODEL_DIR, isPocketsphinxAvailable, toPcm16 } from '../../main/asr/engines/pocketsphinx.ts';
import { concat, silence, speak, VOICES } from './speech.ts';

const batchBinary = await findExecutable('pocketsphinx_batch');
const available = (await isPocketsphinxAvailable()) && batchBinary !== null;
if (!available) console.warn('skipping the pocketsphinx batch decoder tests: pocketsphinx_batch or the en-us model is missing (apt-get install pocketsphinx pocketsphinx-en-us)');

const MODEL = DEFAULT_POCKETSPHINX_MODEL_DIR;
const pcmOf = async (text: string, voice = VOICES[0]!) => toPcm16(concat(silence(20), await speak(text, voice)), 200);

describe('batch decoder output and audio', () => {
  it('reads the hypothesis logged for one utterance id, not another', () => {
    const log = [
      'INFO: batch.c(729): Decoding \'dictation-1\'',
      'so far away is the mood (dictation-1 -10438)',
      'dictation-1 done --------------------------------------',
      'INFO: batch.c(729): Decoding \'dictation-12\'',
      ' (dictation-12 0)',
      'dictation-12 done --------------------------------------',
    ].join('\n');
    expect(batchResult(log, 'dictation-1')).toBe('so far away is the mood');
    expect(batchResult(log, 'dictation-12')).toBe('');
    expect(batchResult(log, 'dictation-2')).toBeNull();
  });

  it('dithers by at most one step, the same way every time, and leaves no digital silence', () => {
    const pcm = toPcm16(new Float32Array([0.5, -0.5, 0, 0, 0, 0, 0, 0]), 50);
    const once = ditheredPcm(pcm);
    expect(once.equals(ditheredPcm(pcm))).toBe(true);
    let zeroRun = 0;
    let longestZeroRun = 0;
    for (let i = 0; i < pcm.length; i += 2) {
      expect(Math.abs(once.readInt16LE(i) - pcm.readInt16LE(i))).toBeLessThanOrEqual(1);
      zeroRun = once.readInt16LE(i) === 0 ? zeroRun + 1 : 0;
      longestZeroRun = Math.max(longestZeroRun, zeroRun);
    }
    expect(longestZeroRun).toBeLessThan(20);
  });
});

describe('the dictionary cut to the language model', () => {
  it('keeps the entries of the words the LM knows, alternates included, and drops the rest', () => {
    const dict = 'hello HH AH L OW\nhello(2) HH EH L OW\nzzyzx Z IH Z IH K S\nworld W ER L D\n';
    expect(dictionaryForLm(dict, new Set(['hello', 'world']))).toBe('hello HH AH L OW\nhello(2) HH EH L OW\nworld W ER L D\n');
    expect(dictionaryForLm(dict, null)).toBe(dict);
  });

  it('reads an ARPA vocabulary', () => {
    const arpa = '\\data\\\nngram 1=3\n\n\\1-grams:\n-1.0 <s> -0.5\n-2.0 hello -0.3\n-2.0 world\n\n\\2-grams:\n-0.1 hello world\n\\end\\\n';
    expect([...(lmVocabulary(Buffer.from(arpa)) ?? [])]).toEqual(['<s>', 'hello', 'world']);
  });

  it.skipIf(!available)('reads the installed en-us binary LM: its vocabulary size from the header, real words', async () => {
    const vocabulary = lmVocabulary(await readFile(path.join(MODEL, 'en-us.lm.bin')));
    expect(vocabulary).not.toBeNull();
    expect(vocabulary!.size).toBeGreaterThan(10_000);
    for (const word of ['weather', 'what', 'moon', '</s>']) expect(vocabulary!.has(word), word).toBe(true);
  });
});

describe.skipIf(!available)('PocketsphinxBatchDecoder (real pocketsphinx_batch, the en-us LM, espeak-ng speech)', () => {
  let dir = '';
  let decoder: PocketsphinxBatchDecoder;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'beckon-batch-test-'));
    const dictFile = path.join(dir, 'lm.dict');
    const dictionary = dictionaryForLm(await readFile(path.join(MODEL, 'cmudict-en-us.dict'), 'utf8'), lmVocabulary(await readFile(path.join(MODEL, 'en-us.lm.bin'))));
    await import('node:fs/promises').then((fs) => fs.writeFile(dictFile, dictionary));
    const args = ['-hmm', path.join(MODEL, 'en-us'), '-dict', dictFile, '-lm', path.join(MODEL, 'en-us.lm.bin'), ...DICTATION_OPTIONS, '-samprate', '16000'];
    decoder = new PocketsphinxBatchDecoder({ binary: batchBinary!, args, workDir: dir, timeoutMs: 30_000 });
  });
  afterAll(async () => {
    await decoder.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('hears a question, and the same audio gives the same text after other utterances', async () => {
    const weather = await pcmOf('what is the weather like today');
    const first = await decoder.decode(weather);
    expect(first).toContain('weather');
    await decoder.decode(await pcmOf('how do I cook rice', VOICES[1]));
    expect(await decoder.decode(weather)).toBe(first);
  });

  it('queued requests each get their own utterance', async () => {
    const [weather, rice] = await Promise.all([pcmOf('what is the weather like today'), pcmOf('how do I cook rice')]);
    const [a, b] = await Promise.all([decoder.decode(weather), decoder.decode(rice)]);
    expect(a).toContain('weather');
    expect(b.startsWith('how do')).toBe(true);
  });

  it('a decoder that died is started again on the next request', async () => {
    await decoder.decode(toPcm16(new Float32Array(0), 300));
    const pid = decoder.pid;
    expect(pid).toBeTypeOf('number');
    process.kill(pid!, 'SIGKILL');
    expect(await decoder.decode(await pcmOf('what is the weather like today'))).toContain('weather');
    expect(decoder.pid).not.toBe(pid);
  });
});
