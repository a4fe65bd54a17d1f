/**
 * What the camera side sends to the engine: hand landmarks and face crops of one frame.
 * Pixels never leave the browser or renderer; only these measurements do (a 64x64 grey face crop
 * is the one exception, needed by the emotion model, and it is never written to disk).
 */
import { z } from 'zod';

/** x and y normalised to the frame (0..1, origin top left), z relative depth as MediaPipe gives it. */
export const LandmarkSchema = z.tuple([z.number().finite(), z.number().finite(), z.number().finite()]);
export type Landmark = z.infer<typeof LandmarkSchema>;

export const HAND_LANDMARKS = 21;
/** MediaPipe's hand landmark indices. */
export const HandIndex = {
  wrist: 0,
  thumbCmc: 1, thumbMcp: 2, thumbIp: 3, thumbTip: 4,
  indexMcp: 5, indexPip: 6, indexDip: 7, indexTip: 8,
  middleMcp: 9, middlePip: 10, middleDip: 11, middleTip: 12,
  ringMcp: 13, ringPip: 14, ringDip: 15, ringTip: 16,
  pinkyMcp: 17, pinkyPip: 18, pinkyDip: 19, pinkyTip: 20,
} as const;

export const HandObservationSchema = z.object({
  /** the person's hand (MediaPipe's label, corrected for a mirrored selfie view by the sender) */
  handedness: z.enum(['left', 'right']),
  score: z.number().min(0).max(1),
  landmarks: z.array(LandmarkSchema).length(HAND_LANDMARKS),
});
export type HandObservation = z.infer<typeof HandObservationSchema>;

export const FACE_CROP_SIZE = 64;
export const FaceObservationSchema = z.object({
  /** normalised box in the frame */
  box: z.object({ x: z.number(), y: z.number(), width: z.number().positive(), height: z.number().positive() }),
  score: z.number().min(0).max(1),
  /** base64 of FACE_CROP_SIZE x FACE_CROP_SIZE 8-bit grey pixels, row-major; absent when the face is not classified this frame */
  crop: z.string().max(8_000).optional(),
});
export type FaceObservation = z.infer<typeof FaceObservationSchema>;

export const PerceptionSchema = z.object({
  /** camera time of the frame, ms (the sender's clock) */
  frameT: z.number().finite(),
  width: z.number().int().positive().max(10_000),
  height: z.number().int().positive().max(10_000),
  hands: z.array(HandObservationSchema).max(2),
  faces: z.array(FaceObservationSchema).max(4),
});
export type Perception = z.infer<typeof PerceptionSchema>;
