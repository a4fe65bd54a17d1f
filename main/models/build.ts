/**
 * Building the models Beckon makes itself from installed npm files (see main/models/builders.ts for
 * the list). A model is built when missing or stale (its sha256 differs from models/manifest.json);
 * after building, its sha256 must match the manifest, so every machine runs the same bytes.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { BeckonError } from '../common/errors.ts';
import { findModel } from './manifest.ts';

export interface ModelBuilder {
  /** the model's name in models/manifest.json (its location should be { generated: file }) */
  name: string;
  /** writes the model into destDir and returns the path of the file written */
  build(destDir: string): Promise<string>;
}

export type BuildAction = 'built' | 'rebuilt' | 'up to date';

export interface BuildOutcome {
  name: string;
  path: string;
  action: BuildAction;
  sha256: string;
  ms: number;
}

export function fileSha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** Build one model if it is missing, stale or `force`d; verify its checksum either way. */
export async function buildModel(builder: ModelBuilder, opts: { force?: boolean } = {}): Promise<BuildOutcome> {
  const entry = findModel(builder.name);
  const expected = entry.sha256;
  const t0 = performance.now();
  const present = existsSync(entry.resolvedPath);
  if (present && !opts.force) {
    const sha = fileSha256(entry.resolvedPath);
    if (expected === null || sha === expected) return { name: builder.name, path: entry.resolvedPath, action: 'up to date', sha256: sha, ms: performance.now() - t0 };
  }
  const written = await builder.build(dirname(entry.resolvedPath));
  if (written !== entry.resolvedPath) {
    throw new BeckonError('MODEL_BUILD_FAILED', `the ${builder.name} builder wrote ${written}, not ${entry.resolvedPath}`, 'The builder and models/manifest.json disagree on the file name; fix one of them.');
  }
  const sha = fileSha256(written);
  if (expected !== null && sha !== expected) {
    throw new BeckonError(
      'MODEL_CHECKSUM_MISMATCH',
      `${builder.name} was built but its sha256 ${sha} differs from models/manifest.json (${expected})`,
      'The npm source files differ from the versions the manifest names: run `npm ci` so package-lock.json versions are installed, then `npx beckon models build` again.',
    );
  }
  return { name: builder.name, path: written, action: present ? 'rebuilt' : 'built', sha256: sha, ms: performance.now() - t0 };
}

/** Build every listed model that needs it, one after another, reporting each as it finishes. */
export async function buildModels(
  builders: readonly ModelBuilder[],
  opts: { force?: boolean; only?: readonly string[]; onOutcome?: (o: BuildOutcome) => void } = {},
): Promise<BuildOutcome[]> {
  const unknown = (opts.only ?? []).filter((n) => !builders.some((b) => b.name === n));
  if (unknown.length > 0) {
    throw new BeckonError('NOT_BUILDABLE', `not built by Beckon: ${unknown.join(', ')}`, `Buildable models: ${builders.map((b) => b.name).join(', ')}.`);
  }
  const outcomes: BuildOutcome[] = [];
  for (const builder of builders) {
    if (opts.only && opts.only.length > 0 && !opts.only.includes(builder.name)) continue;
    const outcome = await buildModel(builder, opts);
    opts.onOutcome?.(outcome);
    outcomes.push(outcome);
  }
  return outcomes;
}
