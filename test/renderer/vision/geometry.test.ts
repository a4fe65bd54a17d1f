import { describe, expect, it } from 'vitest';
import { FACE_CROP_SIZE } from '../../../main/common/perception.ts';
import { CROP_MARGIN, bytesToBase64, cropSquare, personHand, rgbaToGrey } from '../../../renderer/src/vision/geometry.ts';

describe('camera-side rules', () => {
  it("swaps MediaPipe's selfie-based handedness for frames as captured, keeps it for mirrored ones", () => {
    expect(personHand('Left', false)).toBe('right');
    expect(personHand('Right', false)).toBe('left');
    expect(personHand('Left', true)).toBe('left');
    expect(personHand('Right', true)).toBe('right');
  });

  it('crops a square around the box centre, 1.2 times its larger side', () => {
    const box = { x: 100, y: 50, width: 80, height: 120 };
    const sq = cropSquare(box);
    expect(sq.width).toBeCloseTo(CROP_MARGIN * 120);
    expect(sq.height).toBe(sq.width);
    expect(sq.x + sq.width / 2).toBeCloseTo(140);
    expect(sq.y + sq.height / 2).toBeCloseTo(110);
  });

  it('turns RGBA into BT.601 grey and base64 of the crop size', () => {
    const rgba = new Uint8ClampedArray([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 200, 200, 200, 255]);
    expect([...rgbaToGrey(rgba)]).toEqual([76, 150, 29, 200]);
    const crop = bytesToBase64(new Uint8Array(FACE_CROP_SIZE * FACE_CROP_SIZE).fill(7));
    expect(Buffer.from(crop, 'base64')).toEqual(Buffer.alloc(FACE_CROP_SIZE * FACE_CROP_SIZE, 7));
  });
});
