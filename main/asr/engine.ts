/**
 * One interface for every speech recogniser. Engines run inside the ASR worker process
 * (main/asr/worker.ts); the stage never calls them on the main thread.
 */
export interface AsrResult {
  text: string;
  /** 0..1; engines without a score report 1 for a grammar match and 0 for none */
  confidence: number;
  /** BCP-47-ish language code, e.g. 'en', 'zh' */
  lang: string;
}

export interface AsrRequest {
  /** 16 kHz mono samples in [-1, 1] */
  samples: Float32Array;
  /** false for a partial window while speech goes on */
  final: boolean;
  /** language hint; undefined lets a multilingual engine detect it */
  lang?: string;
}

export interface AsrEngine {
  readonly name: string;
  /** Load models / start processes. Throws BeckonError with a hint when something is missing. */
  init(): Promise<void>;
  transcribe(request: AsrRequest): Promise<AsrResult>;
  dispose(): Promise<void>;
}

/** What the worker needs to build an engine: plain data, so it can cross the thread boundary. */
export type AsrEngineConfig =
  | {
      engine: 'pocketsphinx';
      /** JSGF grammar text generated from the command registry; omitted = the generic language model */
      jsgf?: string;
      /** overrides for the model folder (defaults to Debian's pocketsphinx-en-us) */
      modelDir?: string;
      /** the pocketsphinx_continuous executable: a name looked up on PATH or a path (default 'pocketsphinx_continuous') */
      binary?: string;
      /** results below this confidence (0..1) come back as empty text; default 0 (the grammar itself rejects speech outside it) */
      minConfidence?: number;
      /**
       * With a grammar: when the grammar's result is empty, or below `dictationBelow` and not confirmed by
       * the language model, the same audio is decoded again with the full dictionary and en-us language
       * model and returned as free text (for a chat / LLM reply). Default false.
       */
      dictation?: boolean;
      /**
       * grammar confidence below which the dictation decode also runs, and replaces the grammar phrase unless
       * it (nearly) heard the same words; default 0 = only an empty grammar result (or one below minConfidence)
       * falls back. On espeak-ng right commands score 0.01-0.96 and forced wrong ones up to 0.59, so a higher
       * value turns misheard commands into chat more often than it catches questions.
       */
      dictationBelow?: number;
    }
  | {
      engine: 'whisper';
      /** folder in the Hugging Face ONNX layout: encoder_model.onnx, decoder_model_merged.onnx, tokenizer.json */
      modelDir: string;
      /** 'auto' picks CUDA / DirectML / CoreML where present, else CPU */
      executionProvider?: 'auto' | 'cpu' | 'cuda' | 'dml' | 'coreml';
      language?: string;
      maxTokens?: number;
    };
