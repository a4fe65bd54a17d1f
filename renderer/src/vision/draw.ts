/** Draws a Perception over the picture: 21 points and the bones of each hand, and the face boxes. */
import type { Perception } from '../../../main/common/perception.ts';

/** MediaPipe's hand connections: thumb, fingers, and the palm. */
export const HAND_BONES: ReadonlyArray<readonly [number, number]> = [
  [0, 1], [1, 2], [2, 3], [3, 4],
  [0, 5], [5, 6], [6, 7], [7, 8],
  [5, 9], [9, 10], [10, 11], [11, 12],
  [9, 13], [13, 14], [14, 15], [15, 16],
  [13, 17], [17, 18], [18, 19], [19, 20], [0, 17],
];

const COLOURS = { left: '#4cc9f0', right: '#f72585', face: '#ffd166' } as const;

/** Returns how many landmarks it drew (tests and the fake-camera check read it from the canvas' dataset). */
export function drawPerception(ctx: CanvasRenderingContext2D, p: Perception | null, width: number, height: number): number {
  ctx.clearRect(0, 0, width, height);
  if (!p) return 0;
  let points = 0;
  ctx.lineWidth = Math.max(2, width / 240);
  for (const hand of p.hands) {
    const colour = COLOURS[hand.handedness];
    ctx.strokeStyle = colour;
    ctx.fillStyle = colour;
    ctx.beginPath();
    for (const [a, b] of HAND_BONES) {
      const pa = hand.landmarks[a]!;
      const pb = hand.landmarks[b]!;
      ctx.moveTo(pa[0] * width, pa[1] * height);
      ctx.lineTo(pb[0] * width, pb[1] * height);
    }
    ctx.stroke();
    for (const [x, y] of hand.landmarks) {
      ctx.beginPath();
      ctx.arc(x * width, y * height, ctx.lineWidth * 1.5, 0, 2 * Math.PI);
      ctx.fill();
      points++;
    }
  }
  ctx.strokeStyle = COLOURS.face;
  for (const face of p.faces) ctx.strokeRect(face.box.x * width, face.box.y * height, face.box.width * width, face.box.height * height);
  return points;
}
