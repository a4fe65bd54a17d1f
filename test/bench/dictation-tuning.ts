/**
 * Bench: pocketsphinx's dictation decode (full dictionary + en-us LM) under several option sets, on
 * the LLM-path bench's 8 espeak-ng questions in the 3 test voices. Prints ms per utterance (median,
 * p90) per repetition and words right (longest common word subsequence with the question) / total.
 *
 *   node --import tsx test/bench/dictation-tuning.ts [--reps 2] [--only name,name] [--audio wav|asr] [--show]
 *   node --import tsx test/bench/dictation-tuning.ts --concurrency   (the engine: dictation after vs with the grammar)
 *
 * The audio is prepared exactly as the engine prepares it (leading silence trimmed, 200 ms of silence
 * after), and each decode is a fresh `pocketsphinx_continuous`, as in the engine.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_POCKETSPHINX_MODEL_DIR, PocketsphinxEngine, toPcm16 } from '../../main/asr/engines/pocketsphinx.ts';
import { toJsgf } from '../../main/commands/jsgf.ts';
import { speechOnsetSample } from '../../main/asr/engines/leading-silence.ts';
import { hypothesis } from '../../main/asr/engines/pocketsphinx-output.ts';
import { findExecutable, runProgram } from '../../main/asr/engines/child-process.ts';
import { PocketsphinxBatchDecoder } from '../../main/asr/engines/pocketsphinx-batch.ts';
import { DICTATION_OPTIONS, dictionaryForLm, lmVocabulary } from '../../main/asr/engines/pocketsphinx-dictation.ts';
import { speakToWav } from '../support/speech.ts';
import { COMMANDS, concat, pcm16ToFloat, silence, speak, VOICES } from '../asr/speech.ts';
import { LLM_BENCH_QUESTIONS } from './llm-path.ts';

const MODEL = DEFAULT_POCKETSPHINX_MODEL_DIR;
const FULL_DICT = path.join(MODEL, 'cmudict-en-us.dict');
const LM = path.join(MODEL, 'en-us.lm.bin');

export interface OptionSet {
  name: string;
  /** `trimmed`: the dictionary cut to the language model's words */
  dict: 'full' | 'trimmed';
  args: string[];
  /** `fresh`: a pocketsphinx_continuous per utterance (the old engine); `batch`: one long-lived pocketsphinx_batch */
  mode?: 'fresh' | 'batch';
}

export const OPTION_SETS: OptionSet[] = [
  { name: 'baseline (defaults)', dict: 'full', args: [] },
  { name: 'trimmed dict', dict: 'trimmed', args: [] },
  { name: '-fwdflat no', dict: 'full', args: ['-fwdflat', 'no'] },
  { name: '-bestpath no', dict: 'full', args: ['-bestpath', 'no'] },
  { name: '-fwdflat no -bestpath no', dict: 'full', args: ['-fwdflat', 'no', '-bestpath', 'no'] },
  { name: 'narrow beams (1e-40/1e-20/1e-40)', dict: 'full', args: ['-beam', '1e-40', '-wbeam', '1e-20', '-pbeam', '1e-40', '-lpbeam', '1e-30', '-lponlybeam', '1e-20'] },
  { name: 'narrower beams (1e-30/1e-15/1e-30)', dict: 'full', args: ['-beam', '1e-30', '-wbeam', '1e-15', '-pbeam', '1e-30', '-lpbeam', '1e-20', '-lponlybeam', '1e-15'] },
  { name: '-maxhmmpf 3000', dict: 'full', args: ['-maxhmmpf', '3000'] },
  { name: '-maxhmmpf 10000', dict: 'full', args: ['-maxhmmpf', '10000'] },
  { name: '-maxwpf 10', dict: 'full', args: ['-maxwpf', '10'] },
  { name: '-ds 2', dict: 'full', args: ['-ds', '2'] },
  { name: '-topn 2', dict: 'full', args: ['-topn', '2'] },
  { name: '-pl_window 10', dict: 'full', args: ['-pl_window', '10'] },
  { name: '-pl_window 0', dict: 'full', args: ['-pl_window', '0'] },
  { name: 'batch: trimmed dict', dict: 'trimmed', args: [], mode: 'batch' },
  { name: 'batch: trimmed, -fwdflat no', dict: 'trimmed', args: ['-fwdflat', 'no'], mode: 'batch' },
  { name: 'batch: trimmed, -fwdflat no -bestpath no', dict: 'trimmed', args: ['-fwdflat', 'no', '-bestpath', 'no'], mode: 'batch' },
  { name: 'batch: trimmed, -ds 2', dict: 'trimmed', args: ['-ds', '2'], mode: 'batch' },
  { name: 'batch: trimmed, -topn 2', dict: 'trimmed', args: ['-topn', '2'], mode: 'batch' },
  { name: 'batch: trimmed, -maxhmmpf 10000', dict: 'trimmed', args: ['-maxhmmpf', '10000'], mode: 'batch' },
  { name: 'batch: trimmed, -fwdflat no -maxhmmpf 10000', dict: 'trimmed', args: ['-fwdflat', 'no', '-maxhmmpf', '10000'], mode: 'batch' },
  { name: 'batch: trimmed, -fwdflat no -maxhmmpf 5000', dict: 'trimmed', args: ['-fwdflat', 'no', '-maxhmmpf', '5000'], mode: 'batch' },
];

interface Sample {
  question: string;
  voice: string;
  file: string;
}

const words = (text: string) => text.toLowerCase().replace(/[^a-z' ]/g, ' ').split(/\s+/).filter(Boolean);

/** Words of `reference` heard in order: the longest common subsequence of the two word lists. */
export function wordsRight(reference: string, heard: string): number {
  const a = words(reference);
  const b = words(heard);
  let prev = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const row = [0];
    for (let j = 1; j <= b.length; j++) row[j] = a[i - 1] === b[j - 1] ? prev[j - 1]! + 1 : Math.max(prev[j]!, row[j - 1]!);
    prev = row;
  }
  return prev[b.length]!;
}

/** The samples of a 16-bit mono wav (sox's: a RIFF header, then a `data` chunk). */
function wavSamples(wav: Buffer): Float32Array {
  let offset = 12;
  while (offset + 8 <= wav.length) {
    const id = wav.toString('ascii', offset, offset + 4);
    const size = wav.readUInt32LE(offset + 4);
    if (id === 'data') return pcm16ToFloat(wav.subarray(offset + 8, offset + 8 + size));
    offset += 8 + size + (size % 2);
  }
  throw new Error('no data chunk');
}

/**
 * `wav`: the LLM-path bench's audio (test/support/speech.ts: sox resampling with its default dither,
 * 300 ms of silence each side); `asr`: the ASR tests' audio (test/asr/speech.ts: no dither, 300 ms before, 200 ms after).
 */
export async function prepareSamples(dir: string, audioKind: 'wav' | 'asr' = 'wav'): Promise<Sample[]> {
  const samples: Sample[] = [];
  for (const voice of VOICES) {
    for (const question of LLM_BENCH_QUESTIONS) {
      const audio =
        audioKind === 'wav'
          ? wavSamples(await readFile(await speakToWav(question, { voice: voice.voice, speed: voice.speed })))
          : concat(silence(300), await speak(question, voice), silence(200));
      const file = path.join(dir, `${samples.length}.raw`);
      await writeFile(file, toPcm16(audio.subarray(speechOnsetSample(audio, 16_000)), 200));
      samples.push({ question, voice: `${voice.voice}/${voice.speed}`, file });
    }
  }
  return samples;
}

export function decodeArgs(dict: string, extra: string[], file: string): string[] {
  return ['-hmm', path.join(MODEL, 'en-us'), '-dict', dict, '-lm', LM, ...extra, '-samprate', '16000', '-infile', file, '-remove_silence', 'no', '-dither', 'yes', '-seed', '1'];
}

/** One option set's decoder: a fresh process per call, or one long-lived batch decoder. */
async function decoderFor(set: OptionSet, dict: string, dir: string): Promise<{ decode: (file: string) => Promise<string>; close: () => Promise<void> }> {
  if (set.mode !== 'batch') {
    return {
      decode: async (file) => hypothesis((await runProgram('pocketsphinx_continuous', decodeArgs(dict, set.args, file), Buffer.alloc(0), 30_000)).stdout),
      close: async () => undefined,
    };
  }
  const binary = await findExecutable('pocketsphinx_batch');
  if (!binary) throw new Error('pocketsphinx_batch is not on PATH');
  const workDir = await mkdtemp(path.join(dir, 'batch-'));
  const decoder = new PocketsphinxBatchDecoder({ binary, args: ['-hmm', path.join(MODEL, 'en-us'), '-dict', dict, '-lm', LM, ...set.args, '-samprate', '16000'], workDir, timeoutMs: 30_000 });
  await decoder.decode(toPcm16(new Float32Array(0), 300)); // load the model before timing, as the engine's init() does
  return { decode: async (file) => decoder.decode(await readFile(file)), close: () => decoder.close() };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The engine itself (command grammar + dictation), dictation after the grammar vs both at once:
 * ms per transcribe() for commands the grammar accepts and for the questions. A pause after each
 * utterance lets a concurrent dictation decode finish, as the gap between two utterances would.
 */
async function benchConcurrency(samples: Sample[], reps: number): Promise<void> {
  const commands: { text: string; samples: Float32Array }[] = [];
  for (const voice of VOICES) for (const text of COMMANDS) commands.push({ text, samples: concat(silence(300), await speak(text, voice), silence(200)) });
  const questions = await Promise.all(samples.map(async (s) => ({ text: s.question, pcm: await readFile(s.file) })));
  console.log(`\n| dictation | command ms median, p90 per rep | commands right / ${commands.length} | question ms median, p90 per rep | question words right |`);
  console.log('|---|---|---|---|---|');
  for (const concurrentDictation of [false, true]) {
    const commandMs: string[] = [];
    const questionMs: string[] = [];
    let commandsRight = 0;
    let wordsHeard = 0;
    for (let rep = 0; rep < reps; rep++) {
      const engine = new PocketsphinxEngine({ engine: 'pocketsphinx', jsgf: toJsgf(), dictation: true }, { concurrentDictation });
      await engine.init();
      const time = async (audio: Float32Array) => {
        const started = performance.now();
        const result = await engine.transcribe({ samples: audio, final: true });
        const ms = performance.now() - started;
        await sleep(800);
        return { result, ms };
      };
      const cms: number[] = [];
      commandsRight = 0;
      for (const c of commands) {
        const { result, ms } = await time(c.samples);
        cms.push(ms);
        if (result.text === c.text) commandsRight++;
      }
      const qms: number[] = [];
      wordsHeard = 0;
      for (const q of questions) {
        // the questions were prepared as PCM already trimmed: back to floats, the engine trims nothing more
        const { result, ms } = await time(pcm16ToFloat(q.pcm));
        qms.push(ms);
        wordsHeard += wordsRight(q.text, result.text);
      }
      await engine.dispose();
      commandMs.push(`${Math.round(percentile(cms, 0.5))}, ${Math.round(percentile(cms, 0.9))}`);
      questionMs.push(`${Math.round(percentile(qms, 0.5))}, ${Math.round(percentile(qms, 0.9))}`);
    }
    console.log(`| ${concurrentDictation ? 'concurrent' : 'after the grammar'} | ${commandMs.join(' / ')} | ${commandsRight} | ${questionMs.join(' / ')} | ${wordsHeard} |`);
  }
}

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { reps: { type: 'string', default: '2' }, only: { type: 'string' }, show: { type: 'boolean', default: false }, concurrency: { type: 'boolean', default: false }, audio: { type: 'string', default: 'wav' } } });
  const reps = Number(values.reps);
  const only = values.only?.split(',');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'beckon-dictation-tuning-'));
  try {
    const samples = await prepareSamples(dir, values.audio === 'asr' ? 'asr' : 'wav');
    if (values.concurrency) return await benchConcurrency(samples, reps);
    const trimmed = path.join(dir, 'lm.dict');
    await writeFile(trimmed, dictionaryForLm(await readFile(FULL_DICT, 'utf8'), lmVocabulary(await readFile(LM))));
    const total = samples.reduce((n, s) => n + words(s.question).length, 0);
    const sets: OptionSet[] = [{ name: 'adopted (engine: batch, trimmed dict, DICTATION_OPTIONS)', dict: 'trimmed', args: DICTATION_OPTIONS, mode: 'batch' }, ...OPTION_SETS];
    console.log(`| option set | median ms per rep | p90 ms per rep | words right / ${total} |`);
    console.log('|---|---|---|---|');
    for (const set of sets.filter((s) => !only || only.some((o) => s.name.includes(o)))) {
      const medians: number[] = [];
      const p90s: number[] = [];
      let right = 0;
      const heard: string[] = [];
      for (let rep = 0; rep < reps; rep++) {
        const ms: number[] = [];
        right = 0;
        const decoder = await decoderFor(set, set.dict === 'full' ? FULL_DICT : trimmed, dir);
        for (const s of samples) {
          const started = performance.now();
          const text = await decoder.decode(s.file);
          ms.push(performance.now() - started);
          right += wordsRight(s.question, text);
          if (rep === 0) heard.push(`${s.voice} "${s.question}" -> "${text}"`);
        }
        await decoder.close();
        medians.push(Math.round(percentile(ms, 0.5)));
        p90s.push(Math.round(percentile(ms, 0.9)));
      }
      console.log(`| ${set.name} | ${medians.join(', ')} | ${p90s.join(', ')} | ${right} |`);
      if (values.show) for (const line of heard) console.log(`    ${line}`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
