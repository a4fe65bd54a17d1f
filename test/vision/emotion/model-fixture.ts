/** Builds the emotion ONNX model into a temp dir for a test file (it takes well under a second). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildEmotionModel, type BuiltModel } from '../../../models/emotion/convert.ts';

export function buildTempEmotionModel(): BuiltModel & { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'beckon-emotion-'));
  const built = buildEmotionModel(dir);
  return { ...built, dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
