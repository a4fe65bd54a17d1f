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

/** Crop square side as a multiple of the larger side of the detector's box. */
export const CROP_MARGIN = 1.2;

export interface PixelBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The face crop for the emotion model: a square centred on the detector's box centre, side =
 * CROP_MARGIN x max(width, height), in source pixels; it may reach outside the frame (that part is black).
 * It is scaled to FACE_CROP_SIZE x FACE_CROP_SIZE with the browser's bilinear drawImage.
 */
export function cropSquare(box: PixelBox): PixelBox {
  const side = CROP_MARGIN * Math.max(box.width, box.height);
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  return { x: cx - side / 2, y: cy - side / 2, width: side, height: side };
}

/** RGBA pixels to 8-bit grey, ITU-R BT.601 luma: 0.299 R + 0.587 G + 0.114 B, rounded. */
export function rgbaToGrey(rgba: Uint8ClampedArray | Uint8Array): Uint8Array {
  const grey = new Uint8Array(rgba.length / 4);
  for (let i = 0; i < grey.length; i++) {
    grey[i] = Math.round(0.299 * rgba[4 * i]! + 0.587 * rgba[4 * i + 1]! + 0.114 * rgba[4 * i + 2]!);
  }
  return grey;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x2000) s += String.fromCharCode(...bytes.subarray(i, i + 0x2000));
  return btoa(s);
}

export const CROP_BYTES = FACE_CROP_SIZE * FACE_CROP_SIZE;
