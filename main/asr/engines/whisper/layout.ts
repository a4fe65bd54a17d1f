import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BeckonError } from '../../../common/errors.ts';

/**
 * Where the files of a Whisper model folder in the Hugging Face ONNX layout are: the .onnx files
 * directly in the folder (optimum export) or in onnx/ (onnx-community repos), full precision
 * preferred over quantised variants.
 */
export interface WhisperFiles {
  dir: string;
  encoder: string;
  decoder: string;
  tokenizer: string;
  config?: string;
  generationConfig?: string;
}

export const FETCH_HINT = 'Download it with: npx beckon models fetch whisper-base (or whisper-tiny / whisper-small), then point modelDir at that folder.';

// float32 inputs/outputs in every one of these; fp16 variants would need half-precision tensors
const VARIANTS = ['', '_quantized', '_int8', '_uint8', '_q4'];

export function locateWhisperFiles(dir: string): WhisperFiles {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new BeckonError('MODEL_MISSING', `Whisper model folder not found: ${dir}`, FETCH_HINT);
  }
  const find = (stem: string): string | undefined => {
    for (const sub of ['', 'onnx']) {
      for (const v of VARIANTS) {
        const p = join(dir, sub, `${stem}${v}.onnx`);
        if (existsSync(p)) return p;
      }
    }
    return undefined;
  };
  const encoder = find('encoder_model');
  const decoder = find('decoder_model_merged');
  const missing = [!encoder && 'encoder_model.onnx', !decoder && 'decoder_model_merged.onnx'].filter(Boolean);
  if (missing.length > 0) {
    throw new BeckonError('MODEL_MISSING', `Whisper model folder ${dir} lacks ${missing.join(' and ')}`, FETCH_HINT);
  }
  const tokenizer = join(dir, 'tokenizer.json');
  if (!existsSync(tokenizer)) {
    throw new BeckonError('MODEL_MISSING', `Whisper tokenizer not found: ${tokenizer}`, FETCH_HINT);
  }
  const optional = (name: string) => (existsSync(join(dir, name)) ? join(dir, name) : undefined);
  return { dir, encoder: encoder!, decoder: decoder!, tokenizer, config: optional('config.json'), generationConfig: optional('generation_config.json') };
}

/** True when `dir` holds a loadable layout (flat or onnx/ sub-folder); never throws. */
export function isWhisperModelDir(dir: string): boolean {
  try {
    locateWhisperFiles(dir);
    return true;
  } catch {
    return false;
  }
}

/** Fields of config.json / generation_config.json the engine may use; all optional. */
export interface WhisperConfigHints {
  decoderHeads?: number;
  dModel?: number;
  maxTargetPositions?: number;
  suppressTokens?: number[];
  beginSuppressTokens?: number[];
  /** false for the English-only *.en models, whose prompt has no language or task token */
  isMultilingual?: boolean;
}

export function readConfigHints(files: WhisperFiles): WhisperConfigHints {
  const read = (p?: string): Record<string, unknown> => {
    if (!p) return {};
    try {
      return JSON.parse(readFileSync(p, 'utf8')) as Record<string, unknown>;
    } catch {
      return {}; // hints only: the ONNX graphs are the source of truth
    }
  };
  const config = read(files.config);
  const gen = read(files.generationConfig);
  const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
  const nums = (v: unknown) => (Array.isArray(v) && v.every((x) => typeof x === 'number') ? (v as number[]) : undefined);
  return {
    decoderHeads: num(config.decoder_attention_heads),
    dModel: num(config.d_model),
    maxTargetPositions: num(config.max_target_positions),
    suppressTokens: nums(gen.suppress_tokens) ?? nums(config.suppress_tokens),
    beginSuppressTokens: nums(gen.begin_suppress_tokens) ?? nums(config.begin_suppress_tokens),
    isMultilingual: typeof gen.is_multilingual === 'boolean' ? gen.is_multilingual : undefined,
  };
}
