/** Where the converted emotion model lives, and the errors a user sees when it is not usable. */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

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

export const EMOTION_MODEL_HINT = 'Build it with `npx beckon models build` (`--force` rebuilds a damaged one).';
