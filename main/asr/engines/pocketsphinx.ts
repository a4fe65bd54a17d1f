/**
 * Offline command recognition with Debian's pocketsphinx (5prealpha, `pocketsphinx_continuous`).
 *
 * Process model: one short-lived decoder per utterance, raw s16le 16 kHz from a temp file, `-remove_silence
 * no` so the whole request is exactly one utterance (Silero already segmented it; pocketsphinx's own
 * VAD would split or merge). With a dictionary cut down to the grammar's words a decoder starts in
 * ~10 ms, so a long-lived process (which must be driven by pocketsphinx's VAD to get a result out,
 * needs ~0.5 s of padded silence per utterance and can fall out of step) buys nothing; see
 * test/asr/pocketsphinx.bench.ts for the numbers. A phone-loop decode of the same audio runs in
 * parallel and normalises the grammar path's score into a confidence.
 *
 * The dictation fallback (en-us language model) is the exception: loading that model costs ~0.3 s,
 * so its decoder is started once and kept (pocketsphinx-batch.ts).
 */
import { speechOnsetSample } from './leading-silence.ts';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BeckonError } from '../../common/errors.ts';
import type { AsrEngine, AsrEngineConfig, AsrRequest, AsrResult } from '../engine.ts';
import { findExecutable, ProgramMissingError, runProgram, type ProcessResult } from './child-process.ts';
import { checkGrammar, dictionaryFor, grammarWords, invalidGrammar } from './pocketsphinx-grammar.ts';
import { backtrace, confidenceOf, hypothesis } from './pocketsphinx-output.ts';
import { DICTATION_CONFIDENCE, DICTATION_OPTIONS, dictionaryForLm, grammarConfirmed, lmVocabulary } from './pocketsphinx-dictation.ts';
import { PocketsphinxBatchDecoder } from './pocketsphinx-batch.ts';

export type PocketsphinxConfig = Extract<AsrEngineConfig, { engine: 'pocketsphinx' }>;

export const DEFAULT_POCKETSPHINX_MODEL_DIR = '/usr/share/pocketsphinx/model/en-us';
export const DEFAULT_POCKETSPHINX_BINARY = 'pocketsphinx_continuous';
/** the long-lived dictation decoder, looked for next to the configured binary, then on PATH */
const BATCH_BINARY = 'pocketsphinx_batch';
const INSTALL_HINT = 'Install it with `sudo apt-get install pocketsphinx pocketsphinx-en-us`.';
const SAMPLE_RATE = 16_000;
/** Trailing silence lets the last word's final phone close before the audio ends. */
const TRAILING_SILENCE_MS = 200;
const DECODE_TIMEOUT_MS = 30_000;

interface ModelFiles {
  acoustic: string;
  dictionary: string;
  languageModel: string;
  phoneLanguageModel: string;
}

function modelFiles(modelDir: string): ModelFiles {
  return {
    acoustic: path.join(modelDir, 'en-us'),
    dictionary: path.join(modelDir, 'cmudict-en-us.dict'),
    languageModel: path.join(modelDir, 'en-us.lm.bin'),
    phoneLanguageModel: path.join(modelDir, 'en-us-phone.lm.bin'),
  };
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(() => true, () => false);
}

/** True when the decoder binary is on PATH and the en-us model is installed. */
export async function isPocketsphinxAvailable(modelDir = DEFAULT_POCKETSPHINX_MODEL_DIR, binary = DEFAULT_POCKETSPHINX_BINARY): Promise<boolean> {
  const files = modelFiles(modelDir);
  return (await findExecutable(binary)) !== null && (await exists(path.join(files.acoustic, 'mdef'))) && (await exists(files.dictionary));
}

/** Float samples in [-1, 1] to little-endian 16-bit PCM, followed by `padMs` of silence. */
export function toPcm16(samples: Float32Array, padMs = 0): Buffer {
  const pad = Math.round((padMs * SAMPLE_RATE) / 1000);
  const out = Buffer.alloc((samples.length + pad) * 2);
  for (let i = 0; i < samples.length; i++) {
    const s = Math.max(-1, Math.min(1, samples[i]!));
    out.writeInt16LE(Math.round(s < 0 ? s * 0x8000 : s * 0x7fff), i * 2);
  }
  return out;
}

/** pocketsphinx's own reason for rejecting a grammar, e.g. "syntax error at line 3 current token ';'". */
function grammarError(stderr: string): string {
  const lines = stderr.split('\n').filter((l) => /^ERROR/.test(l) && /jsgf/i.test(l));
  const reason = lines.find((l) => /syntax error/.test(l)) ?? lines[0] ?? '';
  return reason.replace(/^ERROR: "[^"]*", line \d+: /, '').replace(/ from '[^']*'/, '');
}

function lastError(stderr: string): string {
  const errors = stderr.split('\n').filter((l) => /^(ERROR|FATAL)/.test(l));
  return (errors.at(-1) ?? stderr.trim().split('\n').at(-1) ?? '').replace(/^(ERROR|FATAL[_A-Z]*): "[^"]*", line \d+: /, '');
}

export class PocketsphinxEngine implements AsrEngine {
  readonly name = 'pocketsphinx';
  private binary = '';
  private workDir = '';
  private readonly files: ModelFiles;
  private searchArgs: string[] = [];
  /** the dictionary cut to the en-us LM's words + the LM, for the dictation fallback; empty when it is off */
  private dictationArgs: string[] = [];
  /** the dictation decoder, kept loaded; null when dictation is off or pocketsphinx_batch is missing */
  private dictation: PocketsphinxBatchDecoder | null = null;
  private readonly minConfidence: number;
  private readonly dictationBelow: number;
  private requests = 0;

  /**
   * @param options.concurrentDictation start the dictation decode together with the grammar decode
   *   (its result is used only when the grammar rejects); off by default, see docs/benchmarks.md
   */
  constructor(
    private readonly config: PocketsphinxConfig,
    private readonly options: { concurrentDictation?: boolean } = {},
  ) {
    this.files = modelFiles(config.modelDir ?? DEFAULT_POCKETSPHINX_MODEL_DIR);
    // Off by default: on espeak-ng voices some right phrases score as low as 0.05 (see the report).
    this.minConfidence = config.minConfidence ?? 0;
    this.dictationBelow = config.dictationBelow ?? 0;
  }

  async init(): Promise<void> {
    const wanted = this.config.binary ?? DEFAULT_POCKETSPHINX_BINARY;
    const binary = await findExecutable(wanted);
    if (!binary) throw new BeckonError('ASR_ENGINE_MISSING', `pocketsphinx is not installed (${wanted} not found)`, INSTALL_HINT);
    this.binary = binary;
    const modelDir = this.config.modelDir ?? DEFAULT_POCKETSPHINX_MODEL_DIR;
    if (!(await exists(path.join(this.files.acoustic, 'mdef'))) || !(await exists(this.files.dictionary))) {
      throw new BeckonError('ASR_ENGINE_MISSING', `the pocketsphinx English model is missing in ${modelDir}`, INSTALL_HINT);
    }
    this.workDir = await mkdtemp(path.join(os.tmpdir(), 'beckon-pocketsphinx-'));
    try {
      await this.prepare();
    } catch (err) {
      await this.dispose();
      throw err;
    }
  }

  private async prepare(): Promise<void> {
    // Without -dict, Debian's build loads the full 135k-word dictionary (~90 ms); the phone loop needs none.
    await writeFile(path.join(this.workDir, 'phone-loop.dict'), 'a AH\n');
    if (this.config.jsgf !== undefined) {
      checkGrammar(this.config.jsgf);
      const dictionary = dictionaryFor(grammarWords(this.config.jsgf), await readFile(this.files.dictionary, 'utf8'));
      const grammarFile = path.join(this.workDir, 'commands.gram');
      const dictFile = path.join(this.workDir, 'commands.dict');
      await writeFile(grammarFile, this.config.jsgf);
      await writeFile(dictFile, dictionary);
      this.searchArgs = ['-dict', dictFile, '-jsgf', grammarFile];
      if (this.config.dictation) await this.prepareDictation();
    } else {
      this.searchArgs = ['-dict', this.files.dictionary, '-lm', this.files.languageModel];
    }
    // One decode of silence: pocketsphinx parses the grammar and loads the model, so a bad grammar
    // fails here with its own message rather than on the first utterance.
    const silence = toPcm16(new Float32Array(0), 300);
    // The dictation decoder loads its model (~0.3 s) now rather than on the first question.
    const [probe] = await Promise.all([this.withAudioFile(silence, (file) => this.decode(this.searchArgs, file)), this.dictation?.decode(silence)]);
    if (/jsgf|grammar/i.test(probe.stderr) && /ERROR/.test(probe.stderr) && /Failed to parse|syntax error/.test(probe.stderr)) {
      throw invalidGrammar(grammarError(probe.stderr));
    }
    if (probe.code !== 0) {
      throw new BeckonError('ASR_ENGINE_FAILED', `pocketsphinx could not start: ${lastError(probe.stderr)}`, INSTALL_HINT);
    }
  }

  private async prepareDictation(): Promise<void> {
    const [dictionary, lm] = await Promise.all([readFile(this.files.dictionary, 'utf8'), readFile(this.files.languageModel)]);
    const dictFile = path.join(this.workDir, 'dictation.dict');
    await writeFile(dictFile, dictionaryForLm(dictionary, lmVocabulary(lm)));
    this.dictationArgs = ['-dict', dictFile, '-lm', this.files.languageModel, ...DICTATION_OPTIONS];
    const besideBinary = path.join(path.dirname(this.binary), BATCH_BINARY);
    const batch = (await findExecutable(besideBinary)) ?? (await findExecutable(BATCH_BINARY));
    if (batch) {
      this.dictation = new PocketsphinxBatchDecoder({
        binary: batch,
        args: ['-hmm', this.files.acoustic, ...this.dictationArgs, '-samprate', String(SAMPLE_RATE)],
        workDir: this.workDir,
        timeoutMs: DECODE_TIMEOUT_MS,
      });
    }
  }

  async transcribe(request: AsrRequest): Promise<AsrResult> {
    if (!this.binary) throw new BeckonError('ASR_NOT_READY', 'pocketsphinx engine used before init()');
    const onset = speechOnsetSample(request.samples, SAMPLE_RATE);
    const pcm = toPcm16(request.samples.subarray(onset), TRAILING_SILENCE_MS);
    const phoneLoopArgs = [
      ...['-dict', path.join(this.workDir, 'phone-loop.dict'), '-allphone', this.files.phoneLanguageModel, '-allphone_ci', 'yes'],
      ...['-lw', '2.0', '-beam', '1e-20', '-pbeam', '1e-20'],
    ];
    return this.withAudioFile(pcm, async (file) => {
      const early = this.options.concurrentDictation && this.dictation ? this.dictation.decode(pcm).catch(() => '') : undefined;
      const [words, phones] = await Promise.all([this.decode(this.searchArgs, file), this.decode(phoneLoopArgs, file)]);
      if (words.code !== 0) throw new BeckonError('ASR_ENGINE_FAILED', `pocketsphinx failed: ${lastError(words.stderr)}`);
      const text = hypothesis(words.stdout);
      const confidence = text ? confidenceOf(backtrace(words.stderr), phones.code === 0 ? backtrace(phones.stderr) : null) : 0;
      const grammarResult: AsrResult = text && confidence >= this.minConfidence ? { text, confidence, lang: 'en' } : { text: '', confidence, lang: 'en' };
      // The fast path: a confident grammar match never pays for the language-model decode.
      if (this.dictationArgs.length === 0 || (grammarResult.text && confidence >= this.dictationBelow)) return grammarResult;
      return this.dictate(early ?? this.freeText(pcm, file), grammarResult);
    });
  }

  /**
   * The grammar failed or is unsure: decode the same audio with the en-us language model. A grammar
   * phrase the free decode also (nearly) heard stands; otherwise the free text comes back as dictation,
   * at a confidence below the intent stage's command threshold.
   */
  private async dictate(freeText: Promise<string>, grammarResult: AsrResult): Promise<AsrResult> {
    const text = await freeText;
    if (!text) return grammarResult;
    if (grammarResult.text && grammarConfirmed(grammarResult.text, text)) return grammarResult;
    return { text, confidence: DICTATION_CONFIDENCE, lang: 'en' };
  }

  /** The language-model decode: the loaded decoder, else a fresh pocketsphinx_continuous. */
  private async freeText(pcm: Buffer, file: string): Promise<string> {
    if (this.dictation) return this.dictation.decode(pcm);
    const free = await this.decode(this.dictationArgs, file);
    return free.code === 0 ? hypothesis(free.stdout) : '';
  }

  async dispose(): Promise<void> {
    await this.dictation?.close();
    this.dictation = null;
    if (this.workDir) await rm(this.workDir, { recursive: true, force: true });
    this.workDir = '';
    this.binary = '';
  }

  /**
   * The audio goes through a file in the engine's temp folder: Node's stdin pipes are sockets, which
   * pocketsphinx cannot fopen() as `/dev/stdin`; and a `.raw` name keeps it from parsing a wav header.
   */
  private async withAudioFile<T>(pcm: Buffer, use: (file: string) => Promise<T>): Promise<T> {
    const file = path.join(this.workDir, `utterance-${++this.requests}.raw`);
    await writeFile(file, pcm);
    try {
      return await use(file);
    } finally {
      await rm(file, { force: true });
    }
  }

  private async decode(searchArgs: string[], audioFile: string): Promise<ProcessResult> {
    const args = ['-hmm', this.files.acoustic, ...searchArgs, '-samprate', String(SAMPLE_RATE), '-infile', audioFile, '-remove_silence', 'no', '-backtrace', 'yes'];
    // Digital silence (exact zeros, e.g. padding) breaks the feature front end and the grammar
    // then matches nothing; half-bit dither with a fixed seed fixes that and stays repeatable.
    args.push('-dither', 'yes', '-seed', '1');
    try {
      return await runProgram(this.binary, args, Buffer.alloc(0), DECODE_TIMEOUT_MS);
    } catch (err) {
      if (err instanceof ProgramMissingError) throw new BeckonError('ASR_ENGINE_MISSING', `pocketsphinx disappeared (${this.binary})`, INSTALL_HINT);
      throw err;
    }
  }
}
