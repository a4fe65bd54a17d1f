import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { BeckonError } from '../common/errors.ts';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const MANIFEST_PATH = join(REPO_ROOT, 'models', 'manifest.json');

const LocationSchema = z.union([
  z.object({ npm: z.string() }),
  z.object({ path: z.string() }),
  z.object({ cache: z.string() }),
  /** built from npm files by `npx beckon models build` (main/models/builders.ts) */
  z.object({ generated: z.string() }),
]);

const ManifestSchema = z.object({
  models: z.array(
    z.object({
      name: z.string(),
      task: z.enum(['vad', 'asr', 'tts', 'vision', 'llm']),
      licence: z.string(),
      source: z.string(),
      location: LocationSchema,
      sha256: z.string().nullable(),
      /** a fixture for the tests (e.g. random weights): listed by `beckon models`, never offered as a model to use */
      testOnly: z.boolean().optional(),
    }),
  ),
});

export type ModelEntry = z.infer<typeof ManifestSchema>['models'][number];

export interface ModelStatus extends ModelEntry {
  /** where the model is (or would be) on this machine */
  resolvedPath: string;
  present: boolean;
}

/** Downloaded models live here: $BECKON_MODELS_DIR, else models/cache in the checkout. */
export function modelsCacheDir(): string {
  return process.env.BECKON_MODELS_DIR ?? join(REPO_ROOT, 'models', 'cache');
}

/** Models built on this machine live here: $BECKON_MODELS_DIR/generated, else models/generated in the checkout. */
export function generatedModelsDir(): string {
  return process.env.BECKON_MODELS_DIR ? join(process.env.BECKON_MODELS_DIR, 'generated') : join(REPO_ROOT, 'models', 'generated');
}

export function readManifest(path = MANIFEST_PATH): ModelEntry[] {
  const parsed = ManifestSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new BeckonError('MANIFEST_INVALID', `models manifest ${path} is invalid`, parsed.error.message);
  return parsed.data.models;
}

export function resolveModelPath(entry: ModelEntry): string {
  const loc = entry.location;
  if ('npm' in loc) {
    const [scope, name, ...rest] = loc.npm.split('/');
    const pkg = scope!.startsWith('@') ? `${scope}/${name}` : scope!;
    const file = scope!.startsWith('@') ? rest.join('/') : [name, ...rest].join('/');
    try {
      const require = createRequire(import.meta.url);
      return join(dirname(require.resolve(`${pkg}/package.json`)), file);
    } catch {
      return join(REPO_ROOT, 'node_modules', loc.npm);
    }
  }
  if ('path' in loc) return loc.path;
  if ('generated' in loc) return join(generatedModelsDir(), loc.generated);
  return join(modelsCacheDir(), loc.cache);
}

export function modelStatus(entries = readManifest()): ModelStatus[] {
  return entries.map((entry) => {
    const resolvedPath = resolveModelPath(entry);
    return { ...entry, resolvedPath, present: isPresent(resolvedPath) };
  });
}

export function findModel(name: string): ModelStatus {
  const found = modelStatus().find((m) => m.name === name);
  if (!found) {
    const names = readManifest().map((m) => m.name).join(', ');
    throw new BeckonError('MODEL_UNKNOWN', `no model named ${name}`, `Known models: ${names}.`);
  }
  return found;
}

function isPresent(path: string): boolean {
  if (!existsSync(path)) return false;
  const stat = statSync(path);
  return stat.isDirectory() || stat.size > 0;
}
