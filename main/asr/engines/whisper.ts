/**
 * Whisper on onnxruntime-node, for models in the Hugging Face ONNX layout (onnx-community/whisper-*):
 * log-mel in TypeScript, encoder once per window, greedy decoding with the KV cache, then guards
 * against Whisper's habit of inventing text for silence. Runs inside the ASR worker process.
 */
import ort from 'onnxruntime-node';
import type { AsrEngine, AsrEngineConfig, AsrRequest, AsrResult } from '../engine.ts';
import { BeckonError } from '../../common/errors.ts';
import { processLogLevel, stderrLogger, type Logger } from '../../core/log.ts';
import { WhisperDecoder, type DecodeResult } from './whisper/decoder.ts';
import { collapseRepeats, isKnownHallucination, isSilent, KNOWN_HALLUCINATIONS } from './whisper/guards.ts';
import { locateWhisperFiles, readConfigHints, type WhisperFiles } from './whisper/layout.ts';
import { N_FRAMES, N_MELS, WhisperMel } from './whisper/mel.ts';
import { availableCandidates, openSession, type ExecutionProvider } from './whisper/session.ts';
import { WhisperTokenizer } from './whisper/tokenizer.ts';

export type WhisperEngineConfig = Extract<AsrEngineConfig, { engine: 'whisper' }>;

/** Guard thresholds and test hooks; the defaults follow openai/whisper's transcribe(). */
export interface WhisperTuning {
  /** results whose average token log-probability is below this are dropped (default -1.0) */
  logProbThreshold: number;
  /** no transcript when P(<|nospeech|>) at the first step is above this (default 0.6) */
  noSpeechThreshold: number;
  /** no decoding at all when no 25 ms frame reaches this RMS (default 0.004, about -48 dBFS) */
  silenceRms: number;
  hallucinations: readonly string[];
  logger: Logger;
}

export type RejectReason = 'silence' | 'noSpeech' | 'lowConfidence' | 'hallucination' | 'empty';

/** Everything one window produced, for tests, benchmarks and the debug view. */
export interface WhisperTranscript extends AsrResult {
  rejectedBy?: RejectReason;
  /** undefined when the audio was silent and no model ran */
  decode?: DecodeResult;
  rawText?: string;
  melMs: number;
  encoderMs: number;
}

const DEFAULT_MAX_TOKENS = 224;

export class WhisperEngine implements AsrEngine {
  readonly name = 'whisper';
  private readonly tuning: WhisperTuning;
  private readonly mel = new WhisperMel();
  private readonly features = new Float32Array(N_MELS * N_FRAMES);
  private files?: WhisperFiles;
  private encoder?: ort.InferenceSession;
  private decoder?: WhisperDecoder;
  private decoderSession?: ort.InferenceSession;
  private tok?: WhisperTokenizer;
  private busy: Promise<unknown> = Promise.resolve();
  private encoderOutput = 'last_hidden_state';
  /** the provider the encoder runs on, known after init() ('cpu' when an accelerator failed) */
  executionProvider?: ExecutionProvider;
  decoderExecutionProvider?: ExecutionProvider;

  constructor(
    private readonly config: WhisperEngineConfig,
    tuning: Partial<WhisperTuning> = {},
  ) {
    this.tuning = {
      logProbThreshold: -1.0,
      noSpeechThreshold: 0.6,
      silenceRms: 0.004,
      hallucinations: KNOWN_HALLUCINATIONS,
      logger: stderrLogger(processLogLevel(), 'asr:whisper'),
      ...tuning,
    };
  }

  get tokenizer(): WhisperTokenizer {
    if (!this.tok) throw new BeckonError('NOT_READY', 'Whisper engine used before init()', 'Call init() first.');
    return this.tok;
  }

  async init(): Promise<void> {
    const files = locateWhisperFiles(this.config.modelDir);
    const tok = WhisperTokenizer.fromFile(files.tokenizer);
    const hints = readConfigHints(files);
    const log = this.tuning.logger;
    const candidates = availableCandidates(this.config.executionProvider ?? 'auto', log);
    const enc = await openSession(files.encoder, candidates, log);
    let dec: Awaited<ReturnType<typeof openSession>> | undefined;
    try {
      if (!enc.session.inputNames.includes('input_features') || enc.session.outputNames.length === 0) {
        throw new BeckonError('MODEL_UNSUPPORTED', `${files.encoder} is not a Whisper encoder (no input_features input)`, 'Use encoder_model.onnx from an onnx-community/whisper-* repo.');
      }
      // the decoder tries the encoder's provider first, then the CPU
      dec = await openSession(files.decoder, enc.provider === 'cpu' ? ['cpu'] : [enc.provider, 'cpu'], log);
      this.decoder = new WhisperDecoder(dec.session, tok, hints, files.decoder);
    } catch (err) {
      await enc.session.release();
      await dec?.session.release();
      throw err;
    }
    this.encoderOutput = enc.session.outputNames.includes('last_hidden_state') ? 'last_hidden_state' : enc.session.outputNames[0]!;
    this.files = files;
    this.tok = tok;
    this.encoder = enc.session;
    this.decoderSession = dec.session;
    this.executionProvider = enc.provider;
    this.decoderExecutionProvider = dec.provider;
    log.info(`loaded ${files.dir}: encoder on ${enc.provider}, decoder on ${dec.provider}, ${this.decoder.layers} decoder layers, ${tok.languages.size} languages`);
  }

  async transcribe(request: AsrRequest): Promise<AsrResult> {
    const { text, confidence, lang } = await this.transcribeDetailed(request);
    return { text, confidence, lang };
  }

  /** transcribe() with the evidence. `useCache: false` decodes without the KV cache (a test reference). */
  transcribeDetailed(request: AsrRequest, debug: { useCache?: boolean } = {}): Promise<WhisperTranscript> {
    // one window at a time: the feature buffer and the sessions are shared
    const next = this.busy.then(() => this.transcribeNow(request, debug));
    this.busy = next.catch(() => undefined);
    return next;
  }

  private async transcribeNow(request: AsrRequest, debug: { useCache?: boolean }): Promise<WhisperTranscript> {
    if (!this.encoder || !this.decoder || !this.tok) throw new BeckonError('NOT_READY', 'Whisper engine used before init()', 'Call init() first.');
    const language = request.lang ?? this.config.language;
    const none = (rejectedBy: RejectReason, extra: Partial<WhisperTranscript> = {}): WhisperTranscript => ({
      text: '',
      confidence: 0,
      lang: extra.decode?.lang ?? language ?? 'und',
      rejectedBy,
      melMs: 0,
      encoderMs: 0,
      ...extra,
    });
    if (isSilent(request.samples, this.tuning.silenceRms)) return none('silence');

    const t0 = performance.now();
    this.mel.compute(request.samples, this.features);
    const melMs = performance.now() - t0;
    const t1 = performance.now();
    const encoded = await this.encoder.run({ input_features: new ort.Tensor('float32', this.features, [1, N_MELS, N_FRAMES]) });
    const hidden = encoded[this.encoderOutput]!;
    const encoderMs = performance.now() - t1;

    const decode = await this.decoder.decode(hidden, {
      language,
      maxTokens: this.config.maxTokens ?? DEFAULT_MAX_TOKENS,
      useCache: debug.useCache ?? true,
      noSpeechThreshold: this.tuning.noSpeechThreshold,
    });
    const rawText = this.tok.decode(decode.tokens).trim();
    const timing = { melMs, encoderMs, decode, rawText };
    if (decode.stoppedBy === 'noSpeech') return none('noSpeech', timing);
    if (decode.avgLogprob < this.tuning.logProbThreshold) return none('lowConfidence', timing);
    const text = collapseRepeats(rawText);
    if (text === '') return none('empty', timing);
    if (isKnownHallucination(text, this.tuning.hallucinations)) return none('hallucination', timing);
    const confidence = Math.min(1, Math.max(0, Math.exp(decode.avgLogprob)));
    return { text, confidence, lang: decode.lang, ...timing };
  }

  async dispose(): Promise<void> {
    await this.encoder?.release();
    await this.decoderSession?.release();
    this.encoder = undefined;
    this.decoderSession = undefined;
    this.decoder = undefined;
  }

  /** Where the model files were found (after init). */
  get modelFiles(): WhisperFiles | undefined {
    return this.files;
  }
}
