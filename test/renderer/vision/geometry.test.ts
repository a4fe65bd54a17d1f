import { describe, expect, it } from 'vitest';
import { FACE_CROP_SIZE } from '../../../main/common/perception.ts';
import { emotionCropBox, greyFromRgba } from '../../../main/vision/emotion/preprocess.ts';
import { CROP_MARGIN, bytesToBase64, cropSquare, personHand, rgbaToGrey } from '../../../renderer/src/vision/geometry.ts';

describe('camera-side rules', () => {
  it("swaps MediaPipe's selfie-based handedness for frames as captured, keeps it for mirrored ones", () => {
    expect(personHand('Left', false)).toBe('right');
    expect(personHand('Right', false)).toBe('left');
    expect(personHand('Left', true)).toBe('left');
    expect(personHand('Right', true)).toBe('right');
  });

  it("crops exactly as the emotion model's preprocessing does (square, 1.3 x the longer side, inside the image)", () => {
    const boxes = [
      { x: 100, y: 50, width: 80, height: 120 },
      { x: -20, y: 400, width: 200, height: 150 },
      { x: 10, y: 10, width: 600, height: 500 },
    ];
    for (const box of boxes) expect(cropSquare(box, 640, 480)).toEqual(emotionCropBox(box, 640, 480));
    const sq = cropSquare(boxes[0]!, 640, 480);
    expect(sq.width).toBeCloseTo(CROP_MARGIN * 120);
    expect(sq.x + sq.width / 2).toBeCloseTo(140);
  });

  it('turns RGBA into grey with the weights the emotion model expects, and base64 of the crop size', () => {
    const rgba = new Uint8ClampedArray([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 200, 200, 200, 255, 255, 255, 255, 255]);
    expect([...rgbaToGrey(rgba)]).toEqual([...greyFromRgba(rgba)]);
    expect([...rgbaToGrey(rgba)]).toEqual([76, 150, 29, 200, 255]);
    const crop = bytesToBase64(new Uint8Array(FACE_CROP_SIZE * FACE_CROP_SIZE).fill(7));
    expect(Buffer.from(crop, 'base64')).toEqual(Buffer.alloc(FACE_CROP_SIZE * FACE_CROP_SIZE, 7));
  });
});
