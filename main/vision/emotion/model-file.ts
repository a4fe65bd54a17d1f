/** Where the converted emotion model lives, and the errors a user sees when it is not usable. */
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BeckonError } from '../../common/errors.ts';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/**
 * Where `npx beckon models build` writes emotion.onnx: $BECKON_MODELS_DIR/generated, else
 * models/generated in the checkout (the rule of main/models/manifest.ts, which a capability may
 * not import; composers can pass the manifest's resolved path as modelPath instead).
 */
export function defaultEmotionModelPath(): string {
  const dir = process.env.BECKON_MODELS_DIR ? join(process.env.BECKON_MODELS_DIR, 'generated') : join(REPO_ROOT, 'models', 'generated');
  return join(dir, 'emotion.onnx');
}

const BUILD_HINT = 'Build it with `npx beckon models build` (or `npx tsx models/emotion/convert.ts`).';

export function assertModelFile(path: string): void {
  if (!existsSync(path) || !statSync(path).isFile())
    throw new BeckonError('MODEL_MISSING', `the emotion model ${path} is missing`, BUILD_HINT);
}

export function modelCorrupt(path: string, cause: unknown): BeckonError {
  const why = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
  return new BeckonError('MODEL_CORRUPT', `the emotion model ${path} cannot be loaded (${why})`, `Delete it and rebuild: ${BUILD_HINT}`, { cause });
}
