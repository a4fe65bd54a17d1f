/** Where the converted emotion model lives, and the errors a user sees when it is not usable. */
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BeckonError } from '../../common/errors.ts';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** models/generated/emotion.onnx, made by models/emotion/convert.ts. */
export function defaultEmotionModelPath(): string {
  return join(REPO_ROOT, 'models', 'generated', 'emotion.onnx');
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
