import ort from 'onnxruntime-node';
import { BeckonError } from '../../../common/errors.ts';
import type { WhisperConfigHints } from './layout.ts';
import type { WhisperTokenizer } from './tokenizer.ts';

/**
 * Greedy Whisper decoding on a merged decoder (decoder_model_merged.onnx): the first step runs
 * with use_cache_branch=false and empty past tensors, later steps feed one token with the
 * present.* outputs as past_key_values.*; the cross-attention kv of the first step is reused.
 */
export interface DecodeOptions {
  /** forced language code; undefined = detect from the first step */
  language?: string;
  maxTokens: number;
  /** false recomputes the whole sequence at every step (a reference for tests) */
  useCache: boolean;
  /** stop before sampling when the first step's no-speech probability is above this */
  noSpeechThreshold?: number;
}

export type StopReason = 'eot' | 'maxTokens' | 'loop' | 'noSpeech' | 'contextFull';

export interface DecodeResult {
  lang: string;
  languageDetected: boolean;
  /** probability of `lang` among the language tokens, when detected */
  languageProb?: number;
  promptTokens: number[];
  /** sampled tokens, <|endoftext|> excluded, loop repeats trimmed */
  tokens: number[];
  /** log-probability of each sampled token, <|endoftext|> included when it was sampled */
  logprobs: number[];
  avgLogprob: number;
  noSpeechProb?: number;
  stoppedBy: StopReason;
  /** decoder runs, and their total time in ms */
  steps: number;
  decoderMs: number;
  firstStepMs: number;
}

interface DecoderShape {
  layers: number;
  heads: number;
  headDim: number;
  pastNames: string[];
  hasCacheFlag: boolean;
  /** some newer exports take the absolute positions of input_ids */
  hasCachePosition: boolean;
}

const FLOAT_MIN = -Infinity;

export class WhisperDecoder {
  private readonly shape: DecoderShape;
  private readonly suppressAlways: Int32Array;
  private readonly suppressAtBegin: Int32Array;
  private readonly maxContext: number;
  private readonly englishOnly: boolean;

  constructor(
    private readonly session: ort.InferenceSession,
    private readonly tok: WhisperTokenizer,
    hints: WhisperConfigHints,
    path: string,
  ) {
    this.shape = readShape(session, hints, path);
    this.maxContext = hints.maxTargetPositions ?? 448;
    this.englishOnly = hints.isMultilingual === false;
    const always = new Set<number>(hints.suppressTokens ?? []);
    for (const id of tok.specialIds) if (id !== tok.eot) always.add(id);
    this.suppressAlways = Int32Array.from(always);
    const space = tok.id('Ġ');
    this.suppressAtBegin = Int32Array.from(hints.beginSuppressTokens ?? (space === undefined ? [tok.eot] : [space, tok.eot]));
  }

  get layers(): number {
    return this.shape.layers;
  }

  /** The prompt for `lang`: <|startoftranscript|> <|lang|> <|transcribe|> <|notimestamps|>. */
  prompt(lang: string): number[] {
    if (this.englishOnly) return [this.tok.sot, this.tok.noTimestamps];
    return [this.tok.sot, this.tok.languages.get(lang)!, this.tok.transcribe, this.tok.noTimestamps];
  }

  async decode(encoderOut: ort.Tensor, opts: DecodeOptions): Promise<DecodeResult> {
    const timing = { steps: 0, ms: 0, first: 0 };
    const step = async (ids: number[], past?: Past) => {
      const t0 = performance.now();
      const out = await this.run(ids, encoderOut, past);
      const ms = performance.now() - t0;
      if (timing.steps === 0) timing.first = ms;
      timing.steps++;
      timing.ms += ms;
      return out;
    };

    let lang = this.englishOnly ? 'en' : opts.language === undefined ? undefined : resolveLanguage(opts.language, this.tok.languages);
    let languageProb: number | undefined;
    let noSpeechProb: number | undefined;
    let detection: StepOutput | undefined;
    if (lang === undefined) {
      const first = await step([this.tok.sot]);
      detection = first;
      ({ lang, prob: languageProb } = this.detectLanguage(first.logits, 0));
      noSpeechProb = this.noSpeechProb(first.logits, 0);
    }
    const promptTokens = this.prompt(lang);
    const result = (partial: Pick<DecodeResult, 'tokens' | 'logprobs' | 'stoppedBy'>): DecodeResult => ({
      lang: lang!,
      languageDetected: opts.language === undefined && !this.englishOnly,
      languageProb,
      promptTokens,
      noSpeechProb,
      avgLogprob: partial.logprobs.length ? partial.logprobs.reduce((a, b) => a + b, 0) / partial.logprobs.length : -Infinity,
      steps: timing.steps,
      decoderMs: timing.ms,
      firstStepMs: timing.first,
      ...partial,
    });
    if (opts.noSpeechThreshold !== undefined && noSpeechProb !== undefined && noSpeechProb > opts.noSpeechThreshold) {
      return result({ tokens: [], logprobs: [], stoppedBy: 'noSpeech' });
    }

    // after detection the cache already holds <|startoftranscript|> and the cross-attention kv:
    // feed only the rest of the prompt (saves recomputing the cross-attention kv)
    let out =
      detection && opts.useCache
        ? await step(promptTokens.slice(1), { self: detection.selfKv, cross: detection.crossKv })
        : await step(promptTokens);
    noSpeechProb ??= this.noSpeechProb(out.logits, 0);
    if (opts.noSpeechThreshold !== undefined && noSpeechProb !== undefined && noSpeechProb > opts.noSpeechThreshold) {
      return result({ tokens: [], logprobs: [], stoppedBy: 'noSpeech' });
    }
    const crossKv = out.crossKv;
    const tokens: number[] = [];
    const logprobs: number[] = [];
    const budget = Math.min(opts.maxTokens, this.maxContext - promptTokens.length);
    for (;;) {
      const { token, logprob } = this.pick(out.logits, out.seqLen - 1, tokens.length === 0);
      logprobs.push(logprob);
      if (token === this.tok.eot) return result({ tokens, logprobs, stoppedBy: 'eot' });
      tokens.push(token);
      const loop = repeatedTail(tokens);
      if (loop > 0) {
        tokens.length -= loop;
        logprobs.length -= loop;
        return result({ tokens, logprobs, stoppedBy: 'loop' });
      }
      if (tokens.length >= budget) return result({ tokens, logprobs, stoppedBy: tokens.length >= opts.maxTokens ? 'maxTokens' : 'contextFull' });
      out = opts.useCache
        ? await step([token], { self: out.selfKv, cross: crossKv })
        : await step([...promptTokens, ...tokens]);
    }
  }

  /** Logits of the language tokens at `position`: the argmax and its softmax probability among them. */
  detectLanguage(logits: StepLogits, position: number): { lang: string; prob: number } {
    const row = logits.row(position);
    let best = '';
    let bestLogit = FLOAT_MIN;
    for (const [lang, id] of this.tok.languages) {
      if (row[id]! > bestLogit) {
        bestLogit = row[id]!;
        best = lang;
      }
    }
    let sum = 0;
    for (const id of this.tok.languages.values()) sum += Math.exp(row[id]! - bestLogit);
    return { lang: best, prob: 1 / sum };
  }

  /** Probability of <|nospeech|>/<|nocaptions|> over the whole vocabulary at `position`. */
  noSpeechProb(logits: StepLogits, position: number): number | undefined {
    if (this.tok.noSpeech === undefined) return undefined;
    const row = logits.row(position);
    let max = FLOAT_MIN;
    for (let i = 0; i < row.length; i++) if (row[i]! > max) max = row[i]!;
    let sum = 0;
    for (let i = 0; i < row.length; i++) sum += Math.exp(row[i]! - max);
    return Math.exp(row[this.tok.noSpeech]! - max) / sum;
  }

  /** Greedy pick after suppressing special tokens (and blanks at the start), with its log-probability. */
  private pick(logits: StepLogits, position: number, atBegin: boolean): { token: number; logprob: number } {
    const row = logits.row(position).slice();
    for (let i = 0; i < this.suppressAlways.length; i++) {
      const id = this.suppressAlways[i]!;
      if (id < row.length) row[id] = FLOAT_MIN;
    }
    // logit positions the tokenizer does not know cannot be turned into text
    for (let id = this.tok.size; id < row.length; id++) if (this.tok.token(id) === undefined) row[id] = FLOAT_MIN;
    if (atBegin) for (const id of this.suppressAtBegin) if (id < row.length) row[id] = FLOAT_MIN;
    let best = 0;
    for (let i = 1; i < row.length; i++) if (row[i]! > row[best]!) best = i;
    const max = row[best]!;
    let sum = 0;
    for (let i = 0; i < row.length; i++) if (row[i] !== FLOAT_MIN) sum += Math.exp(row[i]! - max);
    return { token: best, logprob: -Math.log(sum) };
  }

  private async run(ids: number[], encoderOut: ort.Tensor, past?: Past): Promise<StepOutput> {
    const { layers, heads, headDim, hasCacheFlag, hasCachePosition } = this.shape;
    const empty = new ort.Tensor('float32', new Float32Array(0), [1, heads, 0, headDim]);
    const feeds: Record<string, ort.Tensor> = {
      input_ids: new ort.Tensor('int64', BigInt64Array.from(ids, (i) => BigInt(i)), [1, ids.length]),
      encoder_hidden_states: encoderOut,
    };
    for (let i = 0; i < layers; i++) {
      for (const kind of ['key', 'value'] as const) {
        feeds[`past_key_values.${i}.decoder.${kind}`] = past?.self[`${i}.${kind}`] ?? empty;
        feeds[`past_key_values.${i}.encoder.${kind}`] = past?.cross[`${i}.${kind}`] ?? empty;
      }
    }
    if (hasCacheFlag) feeds.use_cache_branch = new ort.Tensor('bool', [past !== undefined], [1]);
    if (hasCachePosition) {
      const start = past ? past.self['0.key']!.dims[2]! : 0;
      feeds.cache_position = new ort.Tensor('int64', BigInt64Array.from(ids, (_, i) => BigInt(start + i)), [ids.length]);
    }
    const out = await this.session.run(feeds);
    const logits = out.logits!;
    const [, seqLen, vocab] = logits.dims as [number, number, number];
    const self: KvSet = {};
    const cross: KvSet = {};
    for (let i = 0; i < layers; i++) {
      for (const kind of ['key', 'value'] as const) {
        self[`${i}.${kind}`] = out[`present.${i}.decoder.${kind}`]!;
        cross[`${i}.${kind}`] = out[`present.${i}.encoder.${kind}`]!;
      }
    }
    const data = logits.data as Float32Array;
    return {
      logits: { row: (p: number) => data.subarray(p * vocab, (p + 1) * vocab) },
      seqLen,
      selfKv: self,
      // the cross-attention kv comes from the first step; a merged decoder's cache branch may echo it back or not
      crossKv: past?.cross ?? cross,
    };
  }
}

type KvSet = Record<string, ort.Tensor>;
interface Past {
  self: KvSet;
  cross: KvSet;
}
export interface StepLogits {
  row(position: number): Float32Array;
}
interface StepOutput {
  logits: StepLogits;
  seqLen: number;
  selfKv: KvSet;
  crossKv: KvSet;
}

// codes people pass that Whisper spells differently
const LANGUAGE_ALIASES: Record<string, string> = { cmn: 'zh', iw: 'he', jv: 'jw', nb: 'no', fil: 'tl' };

/** 'en-US' -> 'en', 'zh-Hans-CN' / 'cmn' -> 'zh'; throws LANGUAGE_UNSUPPORTED for codes the model lacks. */
export function resolveLanguage(code: string, languages: ReadonlyMap<string, number>): string {
  const primary = code.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  const lang = LANGUAGE_ALIASES[primary] ?? primary;
  if (!languages.has(lang)) {
    throw new BeckonError('LANGUAGE_UNSUPPORTED', `the Whisper model has no language '${code}'`, `Use a code like ${[...languages.keys()].slice(0, 12).join(', ')}, or leave the language unset to detect it.`);
  }
  return lang;
}

/**
 * How many trailing tokens to drop when the sequence ends in a loop: a unit of p tokens repeated
 * enough times (12 for single tokens, 6 for pairs, 4 for triples, 3 for longer units). Keeps one copy.
 */
export function repeatedTail(tokens: readonly number[], maxPeriod = 16): number {
  for (let p = 1; p <= maxPeriod; p++) {
    const needed = p === 1 ? 12 : p === 2 ? 6 : p === 3 ? 4 : 3;
    if (tokens.length < p * needed) continue;
    const end = tokens.length;
    let ok = true;
    for (let i = end - p * needed; i < end - p && ok; i++) ok = tokens[i] === tokens[i + p];
    if (ok) return p * (needed - 1);
  }
  return 0;
}

function readShape(session: ort.InferenceSession, hints: WhisperConfigHints, path: string): DecoderShape {
  const bad = (why: string) => new BeckonError('MODEL_UNSUPPORTED', `${path} is not a merged Whisper decoder: ${why}`, 'Use decoder_model_merged.onnx from an onnx-community/whisper-* repo (npx beckon models fetch whisper-base).');
  const inputs = session.inputNames;
  for (const name of ['input_ids', 'encoder_hidden_states']) if (!inputs.includes(name)) throw bad(`no input ${name}`);
  if (!session.outputNames.includes('logits')) throw bad('no output logits');
  const pastNames = inputs.filter((n) => n.startsWith('past_key_values.'));
  const layers = pastNames.filter((n) => /^past_key_values\.\d+\.decoder\.key$/.test(n)).length;
  if (layers === 0) throw bad('no past_key_values.* inputs');
  for (let i = 0; i < layers; i++) {
    for (const part of ['decoder.key', 'decoder.value', 'encoder.key', 'encoder.value']) {
      if (!inputs.includes(`past_key_values.${i}.${part}`)) throw bad(`no input past_key_values.${i}.${part}`);
      if (!session.outputNames.includes(`present.${i}.${part}`)) throw bad(`no output present.${i}.${part}`);
    }
  }
  const known = new Set(['input_ids', 'encoder_hidden_states', 'use_cache_branch', 'cache_position', ...pastNames]);
  const unknown = inputs.filter((n) => !known.has(n));
  if (unknown.length > 0) throw bad(`unexpected inputs ${unknown.join(', ')}`);
  const meta = session.inputMetadata.find((m) => m.name === 'past_key_values.0.decoder.key');
  let heads: number | undefined;
  let headDim: number | undefined;
  if (meta?.isTensor) {
    if (meta.type !== 'float32') throw bad(`past_key_values are ${meta.type}; only float32 models are supported (not the _fp16 files)`);
    if (typeof meta.shape[1] === 'number') heads = meta.shape[1];
    if (typeof meta.shape[3] === 'number') headDim = meta.shape[3];
  }
  heads ??= hints.decoderHeads;
  if (headDim === undefined && heads !== undefined && hints.dModel !== undefined) headDim = hints.dModel / heads;
  if (heads === undefined || headDim === undefined) throw bad('cannot tell the number of attention heads (no static shape and no config.json)');
  return { layers, heads, headDim, pastNames, hasCacheFlag: inputs.includes('use_cache_branch'), hasCachePosition: inputs.includes('cache_position') };
}
