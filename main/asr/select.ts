/** Picks the speech engine this machine can run. */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { BeckonError } from '../common/errors.ts';
import type { AsrEngineConfig } from './engine.ts';
import { isPocketsphinxAvailable } from './engines/pocketsphinx.ts';

export const WHISPER_MODEL_FILES = ['encoder_model.onnx', 'decoder_model_merged.onnx', 'tokenizer.json'] as const;

export interface ChooseAsrOptions {
  /** folder of a Whisper model in the Hugging Face ONNX layout */
  whisperModelDir?: string;
  /** command grammar for pocketsphinx */
  jsgf?: string;
  /** pocketsphinx: free (language-model) decode when the grammar matches nothing, for a chat / LLM reply */
  dictation?: boolean;
  /** the engine to take when both are available (default: whisper) */
  prefer?: 'whisper' | 'pocketsphinx';
}

export async function hasWhisperModel(dir: string | undefined): Promise<boolean> {
  if (!dir) return false;
  const present = await Promise.all(WHISPER_MODEL_FILES.map((f) => stat(path.join(dir, f)).then((s) => s.isFile(), () => false)));
  return present.every(Boolean);
}

export async function chooseAsrEngine(options: ChooseAsrOptions = {}): Promise<AsrEngineConfig> {
  const [whisper, pocketsphinx] = await Promise.all([hasWhisperModel(options.whisperModelDir), isPocketsphinxAvailable()]);
  const whisperConfig: AsrEngineConfig | null = whisper ? { engine: 'whisper', modelDir: options.whisperModelDir! } : null;
  const pocketsphinxConfig: AsrEngineConfig | null = pocketsphinx
    ? { engine: 'pocketsphinx', ...(options.jsgf !== undefined ? { jsgf: options.jsgf } : {}), ...(options.dictation ? { dictation: true } : {}) }
    : null;
  const order = options.prefer === 'pocketsphinx' ? [pocketsphinxConfig, whisperConfig] : [whisperConfig, pocketsphinxConfig];
  const chosen = order.find((c) => c !== null);
  if (chosen) return chosen;
  throw new BeckonError(
    'NO_ASR_ENGINE',
    'no speech engine is available',
    'Install pocketsphinx with `sudo apt-get install pocketsphinx pocketsphinx-en-us`, or fetch a Whisper model with `npx beckon models fetch whisper-base`.',
  );
}
