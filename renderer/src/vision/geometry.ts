/**
 * Pure rules of the camera side: which hand is which, and which square of the frame becomes the face crop.
 * Kept apart from the worker so that tests and the emotion side can read (and reuse) them.
 */
import { FACE_CROP_SIZE } from '../../../main/common/perception.ts';

/**
 * MediaPipe labels handedness as if the image were a mirrored selfie (its documentation: "assuming the
 * input image is mirrored, i.e. taken with a front-facing camera with images flipped horizontally").
 * Camera frames and photos reach the worker as captured, NOT mirrored, so the person's hand is the
 * opposite of MediaPipe's label. Only a frame that was already flipped keeps the label.
 * The landmarks are never flipped: x is in the frame as captured (the preview mirrors the picture and
 * the overlay together with CSS).
 */
export function personHand(mediapipeLabel: string, mirrored: boolean): 'left' | 'right' {
  const label = mediapipeLabel.toLowerCase() === 'left' ? 'left' : 'right';
  if (mirrored) return label;
  return label === 'left' ? 'right' : 'left';
}

/**
 * The emotion model's crop rule (main/vision/emotion/preprocess.ts, which the renderer may not import:
 * it is repeated here and a test holds the two equal): a square centred on the detector's box, side =
 * CROP_MARGIN x its longer side but no more than the image's shorter side, shifted to lie inside the
 * image; scaled to FACE_CROP_SIZE x FACE_CROP_SIZE with bilinear drawImage; grey with human's weights.
 */
export const CROP_MARGIN = 1.3;
/** R, G, B weights of the grey (as @vladmandic/human feeds its emotion model) */
export const GREY_WEIGHTS = [0.2989, 0.587, 0.114] as const;

export interface PixelBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export function cropSquare(box: PixelBox, imageWidth: number, imageHeight: number): PixelBox {
  const side = Math.min(CROP_MARGIN * Math.max(box.width, box.height), imageWidth, imageHeight);
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  const x = Math.min(Math.max(cx - side / 2, 0), imageWidth - side);
  const y = Math.min(Math.max(cy - side / 2, 0), imageHeight - side);
  return { x, y, width: side, height: side };
}

/** RGBA pixels to 8-bit grey with GREY_WEIGHTS, rounded. */
export function rgbaToGrey(rgba: Uint8ClampedArray | Uint8Array): Uint8Array {
  const [r, g, b] = GREY_WEIGHTS;
  const grey = new Uint8Array(rgba.length / 4);
  for (let i = 0; i < grey.length; i++) grey[i] = Math.min(255, Math.round(r * rgba[4 * i]! + g * rgba[4 * i + 1]! + b * rgba[4 * i + 2]!));
  return grey;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x2000) s += String.fromCharCode(...bytes.subarray(i, i + 0x2000));
  return btoa(s);
}

export const CROP_BYTES = FACE_CROP_SIZE * FACE_CROP_SIZE;
