/** Builds the engine a config names. Runs inside the ASR worker. */
import { BeckonError } from '../../common/errors.ts';
import type { AsrEngine, AsrEngineConfig } from '../engine.ts';
import { PocketsphinxEngine } from './pocketsphinx.ts';

type WhisperConfig = Extract<AsrEngineConfig, { engine: 'whisper' }>;
interface WhisperModule {
  WhisperEngine: new (config: WhisperConfig) => AsrEngine;
}

export async function createEngine(config: AsrEngineConfig): Promise<AsrEngine> {
  switch (config.engine) {
    case 'pocketsphinx':
      return new PocketsphinxEngine(config);
    case 'whisper': {
      // Loaded on demand (and through a computed specifier) so that onnxruntime is only loaded
      // when Whisper is used, and the build does not depend on the module's presence.
      const specifier = new URL('./whisper.ts', import.meta.url).href;
      let module: WhisperModule;
      try {
        module = (await import(specifier)) as WhisperModule;
      } catch (err) {
        throw new BeckonError('ASR_ENGINE_MISSING', 'the Whisper engine could not be loaded', 'Use pocketsphinx instead, or reinstall Beckon.', { cause: err });
      }
      return new module.WhisperEngine(config);
    }
    default: {
      const unknown: never = config;
      throw new BeckonError('ASR_ENGINE_UNKNOWN', `unknown speech engine ${JSON.stringify((unknown as { engine: string }).engine)}`);
    }
  }
}
