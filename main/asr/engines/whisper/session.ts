import ort from 'onnxruntime-node';
import { BeckonError } from '../../../common/errors.ts';
import type { Logger } from '../../../core/log.ts';
import { FETCH_HINT } from './layout.ts';

export type ExecutionProviderChoice = 'auto' | 'cpu' | 'cuda' | 'dml' | 'coreml';
export type ExecutionProvider = Exclude<ExecutionProviderChoice, 'auto'>;

/** Accelerators to try, best first, always ending with the CPU. */
export function providerCandidates(choice: ExecutionProviderChoice = 'auto', platform: NodeJS.Platform = process.platform): ExecutionProvider[] {
  if (choice !== 'auto') return choice === 'cpu' ? ['cpu'] : [choice, 'cpu'];
  switch (platform) {
    case 'linux':
      return ['cuda', 'cpu'];
    case 'win32':
      return ['cuda', 'dml', 'cpu'];
    case 'darwin':
      return ['coreml', 'cpu'];
    default:
      return ['cpu'];
  }
}

export interface OpenedSession {
  session: ort.InferenceSession;
  provider: ExecutionProvider;
}

/**
 * Opens `path` with the first provider that works. An accelerator that fails (library missing, no
 * device) falls back to the next one; a CPU failure means the file itself is bad.
 */
export async function openSession(path: string, candidates: ExecutionProvider[], log: Logger): Promise<OpenedSession> {
  const failures: string[] = [];
  for (const provider of candidates) {
    try {
      const session = await ort.InferenceSession.create(path, { executionProviders: [provider], graphOptimizationLevel: 'all' });
      return { session, provider };
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      if (provider === 'cpu') {
        throw new BeckonError('MODEL_CORRUPT', `cannot load ${path}: ${why.split('\n')[0]}`, `The file is damaged or not an ONNX model. ${FETCH_HINT}`, { cause: err });
      }
      failures.push(`${provider}: ${why.split('\n')[0]}`);
      log.warn(`execution provider ${provider} unavailable for ${path}, trying the next one`, why.split('\n')[0]);
    }
  }
  throw new BeckonError('MODEL_LOAD_FAILED', `no execution provider could load ${path}`, failures.join('; '));
}
