/**
 * Every model `npx beckon models build` can make, in build order. To add one: write a ModelBuilder
 * ({ name: <manifest name>, build(destDir) => path }), give it a manifest entry with
 * location { generated: <file> } and its sha256, and append it here.
 */
import type { ModelBuilder } from './build.ts';
import { faceDetectorBuilder, handLandmarkerBuilder } from './vision.ts';
import { emotionBuilder } from '../../models/emotion/convert.ts';
import { qwen2TestTinyBuilder } from './llm/qwen2-gguf.ts';

export const BUILDERS: readonly ModelBuilder[] = [handLandmarkerBuilder, faceDetectorBuilder, emotionBuilder, qwen2TestTinyBuilder];
