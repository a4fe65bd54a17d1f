/** Reading the npm-shipped source files of the vision models, with errors a user can act on. */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BeckonError } from '../../main/common/errors.ts';
import { attachMetadata, readTfliteSummary, type VisionModelMetadata } from './tflite-metadata.ts';

const reinstall = (pkg: string) => `Reinstall it: npm ci (or npm install ${pkg}), then run \`npx beckon models build\` again.`;

/** Folder of an installed npm package, e.g. node_modules/@mediapipe/hands. */
export function packageDir(pkg: string): string {
  try {
    return dirname(createRequire(import.meta.url).resolve(`${pkg}/package.json`));
  } catch (err) {
    throw new BeckonError('MODEL_SOURCE_MISSING', `npm package ${pkg} is not installed`, reinstall(pkg), { cause: err });
  }
}

export function readSource(path: string, pkg: string): Uint8Array {
  if (!existsSync(path)) throw new BeckonError('MODEL_SOURCE_MISSING', `model source ${path} is missing`, reinstall(pkg));
  return new Uint8Array(readFileSync(path));
}

/**
 * `source` with TFLite metadata attached, after checking that it is a TFLite model whose input and
 * outputs match what the metadata will claim (a truncated or swapped file fails here, not in the browser).
 */
export function withMetadata(source: Uint8Array, what: string, pkg: string, meta: VisionModelMetadata): Uint8Array {
  const corrupt = (why: string, cause?: unknown) =>
    new BeckonError('MODEL_SOURCE_CORRUPT', `${what} is not the expected TFLite model: ${why}`, reinstall(pkg), { cause });
  let summary;
  try {
    summary = readTfliteSummary(source);
  } catch (err) {
    throw corrupt(err instanceof Error ? err.message : String(err), err);
  }
  const shape = summary.inputs[0]?.shape.join('x');
  const expected = `1x${meta.input.height}x${meta.input.width}x3`;
  if (summary.inputs.length !== 1 || shape !== expected) throw corrupt(`input shape ${shape ?? 'none'}, expected ${expected}`);
  if (summary.outputs.length !== meta.outputs.length) throw corrupt(`${summary.outputs.length} outputs, expected ${meta.outputs.length}`);
  try {
    return attachMetadata(source, meta);
  } catch (err) {
    throw corrupt(err instanceof Error ? err.message : String(err), err);
  }
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Writes a built model into destDir (made if missing) and returns its path. */
export function writeModel(destDir: string, file: string, bytes: Uint8Array): string {
  mkdirSync(destDir, { recursive: true });
  const out = join(destDir, file);
  writeFileSync(out, bytes);
  return out;
}

/** When a builder file is run directly (`npx tsx models/vision/build-x.ts [destDir]`): build and print the sha256. */
export async function runAsScript(moduleUrl: string, build: (destDir: string) => Promise<string>): Promise<void> {
  if (!process.argv[1] || moduleUrl !== pathToFileURL(resolve(process.argv[1])).href) return;
  const out = await build(resolve(process.argv[2] ?? join(dirname(new URL(moduleUrl).pathname), '..', 'generated')));
  process.stdout.write(`${out} sha256 ${sha256(readFileSync(out))}\n`);
}
