import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
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

/**
 * Whether onnxruntime-node's CUDA provider library was installed next to its binding (its install
 * script downloads it on linux-x64 when online). 'auto' skips CUDA quietly without it; an explicit
 * 'cuda' still tries, and falls back.
 */
export function cudaLibraryPresent(): boolean {
  try {
    const pkg = createRequire(import.meta.url).resolve('onnxruntime-node/package.json');
    const dir = join(dirname(pkg), 'bin', 'napi-v6', process.platform, process.arch);
    return existsSync(dir) && readdirSync(dir).some((f) => f.startsWith('libonnxruntime_providers_cuda') || f === 'onnxruntime_providers_cuda.dll');
  } catch {
    return false;
  }
}

/** providerCandidates() less the accelerators that cannot work here, for 'auto'. */
export function availableCandidates(choice: ExecutionProviderChoice = 'auto', log?: Logger): ExecutionProvider[] {
  const list = providerCandidates(choice);
  if (choice !== 'auto' || cudaLibraryPresent()) return list;
  if (list.includes('cuda')) log?.info('CUDA skipped: onnxruntime-node has no CUDA provider library installed');
  return list.filter((p) => p !== 'cuda');
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
