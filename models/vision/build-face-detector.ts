/**
 * face_detector.tflite for @mediapipe/tasks-vision's FaceDetector: the short-range BlazeFace model of
 * @mediapipe/face_detection (Apache-2.0) with TFLite metadata. This model takes pixels in [-1, 1]
 * (MediaPipe's own graph converts with that range), hence mean 127.5 and std 127.5.
 *
 * Run alone: npx tsx models/vision/build-face-detector.ts [destDir]
 */
import { join } from 'node:path';
import { packageDir, readSource, runAsScript, withMetadata, writeModel } from './sources.ts';
import { readTfliteSummary, METADATA_NAME } from './tflite-metadata.ts';

export const FACE_DETECTOR_FILE = 'face_detector.tflite';
const PKG = '@mediapipe/face_detection';

export async function buildFaceDetector(destDir: string, faceDir = packageDir(PKG)): Promise<string> {
  const sourcePath = join(faceDir, 'face_detection_short_range.tflite');
  const source = readSource(sourcePath, PKG);
  let model = source;
  // the npm file has no metadata; should a future version ship some, use it as it is
  const hasMetadata = (() => {
    try {
      return readTfliteSummary(source).metadata.some((m) => m.name === METADATA_NAME);
    } catch {
      return false; // withMetadata reports the corrupt file
    }
  })();
  if (!hasMetadata) {
    model = withMetadata(source, sourcePath, PKG, {
      name: 'face_detection_short_range',
      description: 'MediaPipe BlazeFace short-range face detector, from @mediapipe/face_detection, Apache-2.0',
      input: { name: 'image', width: 128, height: 128, mean: [127.5], std: [127.5], min: [-1], max: [1] },
      outputs: ['regressors', 'classificators'],
    });
  }
  return writeModel(destDir, FACE_DETECTOR_FILE, model);
}

await runAsScript(import.meta.url, buildFaceDetector);
