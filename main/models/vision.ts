/** The MediaPipe vision models, built from npm files by models/vision/ (see models/vision/README.md). */
import { buildFaceDetector } from '../../models/vision/build-face-detector.ts';
import { buildHandLandmarker } from '../../models/vision/build-hand-landmarker.ts';
import { buildModel, type ModelBuilder } from './build.ts';

export const HAND_LANDMARKER_MODEL = 'mediapipe-hand-landmarker';
export const FACE_DETECTOR_MODEL = 'mediapipe-face-detector';

export const handLandmarkerBuilder: ModelBuilder = { name: HAND_LANDMARKER_MODEL, build: (dest) => buildHandLandmarker(dest) };
export const faceDetectorBuilder: ModelBuilder = { name: FACE_DETECTOR_MODEL, build: (dest) => buildFaceDetector(dest) };

export interface VisionModelPaths {
  /** hand_landmarker.task for HandLandmarker (modelAssetPath / modelAssetBuffer) */
  handLandmarker: string;
  /** face_detector.tflite for FaceDetector */
  faceDetector: string;
}

/** Paths of the vision models, building any that is missing or stale first (about a second). */
export async function ensureVisionModels(opts: { force?: boolean } = {}): Promise<VisionModelPaths> {
  const hands = await buildModel(handLandmarkerBuilder, opts);
  const faces = await buildModel(faceDetectorBuilder, opts);
  return { handLandmarker: hands.path, faceDetector: faces.path };
}
