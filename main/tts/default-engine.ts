import { BeckonError } from '../common/errors.ts';
import type { TtsEngine } from './engine.ts';
import { EspeakEngine, type EspeakEngineOptions } from './espeak.ts';
import { SayEngine } from './say.ts';

/**
 * espeak-ng on Linux when present (fast, streams, many languages), else festival through `say`;
 * the system voice through `say` on macOS and Windows (espeak-ng there only if `say` has no backend).
 */
export function createDefaultTtsEngine(
  options: EspeakEngineOptions & { platform?: NodeJS.Platform; /** PATH to search (default process.env.PATH) */ searchPath?: string } = {},
): TtsEngine {
  const platform = options.platform ?? process.platform;
  const espeak = () => new EspeakEngine(options);
  // voice names are engine-specific: an espeak-ng voice means nothing to say
  const say = () => new SayEngine({ platform, rateWpm: options.rateWpm });
  if (platform === 'linux') {
    if (EspeakEngine.isAvailable(options.binary, options.searchPath)) return espeak();
    if (SayEngine.isAvailable(platform, options.searchPath)) return say();
  } else {
    if (SayEngine.isAvailable(platform, options.searchPath)) return say();
    if (EspeakEngine.isAvailable(options.binary, options.searchPath)) return espeak();
  }
  throw new BeckonError(
    'NO_TTS_ENGINE',
    'no speech synthesiser found (looked for espeak-ng and the system voice)',
    'Install espeak-ng (apt-get install espeak-ng / brew install espeak-ng).',
  );
}
