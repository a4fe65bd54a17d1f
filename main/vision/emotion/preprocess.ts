/**
 * Face-crop preprocessing, exactly as @vladmandic/human feeds its emotion model:
 * RGB in [0,1] -> grey = 0.2989 R + 0.5870 G + 0.1140 B -> 64x64 (bilinear) -> (grey - 0.5) * 2.
 * The camera side sends the 64x64 grey crop as bytes (0..255); the engine maps it to [-1, 1].
 * Pure functions with no Node imports, so the browser side can use them too.
 */
export const EMOTION_CROP_SIZE = 64;
export const EMOTION_CROP_BYTES = EMOTION_CROP_SIZE * EMOTION_CROP_SIZE;

/** Grey weights for R, G, B (human's constants.rgb, after MATLAB's rgb2gray). */
export const GREY_WEIGHTS = [0.2989, 0.587, 0.114] as const;

/** A 64x64 grey byte crop -> the model's NHWC float input in [-1, 1], written at `offset` of `out`. */
export function cropToInput(crop: Uint8Array, out = new Float32Array(EMOTION_CROP_BYTES), offset = 0): Float32Array {
  if (crop.length !== EMOTION_CROP_BYTES) throw new RangeError(`a face crop is ${EMOTION_CROP_BYTES} bytes (64x64 grey), got ${crop.length}`);
  for (let i = 0; i < EMOTION_CROP_BYTES; i++) out[offset + i] = (crop[i]! / 255 - 0.5) * 2;
  return out;
}

/** Grey bytes from RGBA pixels (canvas ImageData), with human's weights. */
export function greyFromRgba(rgba: Uint8Array | Uint8ClampedArray): Uint8Array {
  const grey = new Uint8Array(rgba.length / 4);
  for (let i = 0; i < grey.length; i++) {
    const v = GREY_WEIGHTS[0] * rgba[4 * i]! + GREY_WEIGHTS[1] * rgba[4 * i + 1]! + GREY_WEIGHTS[2] * rgba[4 * i + 2]!;
    grey[i] = Math.min(255, Math.round(v));
  }
  return grey;
}

export interface FaceBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The square crop to cut for a detector's face box: centred on it, side = margin x its longer
 * side, clamped to the image. The default 1.3 takes a tight (brows-to-chin) box out to hair and
 * ears, as in the FER-2013 crops the model learnt from; tight crops drift towards 'sad'.
 */
export const EMOTION_CROP_MARGIN = 1.3;
export function emotionCropBox(face: FaceBox, imageWidth: number, imageHeight: number, margin = EMOTION_CROP_MARGIN): FaceBox {
  const side = Math.min(Math.max(face.width, face.height) * margin, imageWidth, imageHeight);
  const cx = face.x + face.width / 2;
  const cy = face.y + face.height / 2;
  const x = Math.min(Math.max(cx - side / 2, 0), imageWidth - side);
  const y = Math.min(Math.max(cy - side / 2, 0), imageHeight - side);
  return { x, y, width: side, height: side };
}
