/**
 * hand_landmarker.task for @mediapipe/tasks-vision's HandLandmarker, from the Apache-2.0 files of
 * @mediapipe/hands: palm_detection_full.tflite (cut out of hands_solution_packed_assets.data at the
 * range its loader lists) and hand_landmark_full.tflite, each given TFLite metadata, in a stored zip
 * with fixed timestamps so the file (and its sha256) is the same on every machine.
 *
 * Run alone: npx tsx models/vision/build-hand-landmarker.ts [destDir]
 */
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { BeckonError } from '../../main/common/errors.ts';
import { packageDir, readSource, runAsScript, withMetadata, writeModel } from './sources.ts';

export const HAND_LANDMARKER_FILE = 'hand_landmarker.task';
const PKG = '@mediapipe/hands';
const PALM_ASSET = '/third_party/mediapipe/modules/palm_detection/palm_detection_full.tflite';
/** a fixed local-time date: zip stores local DOS time, so this gives the same bytes in every time zone */
const ZIP_TIME = new Date(2023, 1, 3, 12, 0, 0);

export interface PackedAsset {
  filename: string;
  start: number;
  end: number;
}

/** The file list of an Emscripten packed-assets loader: loadPackage({"files": [{filename, start, end}...], "remote_package_size": n}). */
export function parsePackedAssetsLoader(loaderJs: string): { files: PackedAsset[]; packageSize: number } {
  const files = [...loaderJs.matchAll(/\{\s*"filename":\s*"([^"]+)",\s*"start":\s*(\d+),\s*"end":\s*(\d+)/g)].map((m) => ({
    filename: m[1]!,
    start: Number(m[2]),
    end: Number(m[3]),
  }));
  const size = /"remote_package_size":\s*(\d+)/.exec(loaderJs);
  return { files, packageSize: size ? Number(size[1]) : NaN };
}

/** palm_detection_full.tflite out of the packed .data, at the byte range the loader gives. */
export function cutPalmDetector(handsDir: string): Uint8Array {
  const loaderPath = join(handsDir, 'hands_solution_packed_assets_loader.js');
  const dataPath = join(handsDir, 'hands_solution_packed_assets.data');
  const loader = new TextDecoder().decode(readSource(loaderPath, PKG));
  const { files, packageSize } = parsePackedAssetsLoader(loader);
  const palm = files.find((f) => f.filename === PALM_ASSET);
  const hint = `Reinstall it: npm ci (or npm install ${PKG}), then run \`npx beckon models build\` again.`;
  if (!palm) throw new BeckonError('MODEL_SOURCE_CORRUPT', `${loaderPath} does not list ${PALM_ASSET}`, hint);
  const data = readSource(dataPath, PKG);
  if (data.length !== packageSize || palm.end > data.length || palm.start >= palm.end) {
    throw new BeckonError(
      'MODEL_SOURCE_CORRUPT',
      `${dataPath} is ${data.length} bytes; its loader expects ${packageSize} with the palm detector at [${palm.start}, ${palm.end})`,
      hint,
    );
  }
  return data.subarray(palm.start, palm.end);
}

export async function buildHandLandmarker(destDir: string, handsDir = packageDir(PKG)): Promise<string> {
  const detector = withMetadata(cutPalmDetector(handsDir), `palm_detection_full.tflite in ${handsDir}`, PKG, {
    name: 'palm_detection_full',
    description: 'MediaPipe palm detector (full), from @mediapipe/hands, Apache-2.0',
    input: { name: 'image', width: 192, height: 192, mean: [0], std: [255], min: [0], max: [1] },
    outputs: ['regressors', 'classificators'],
  });
  const landmarkPath = join(handsDir, 'hand_landmark_full.tflite');
  const landmarks = withMetadata(readSource(landmarkPath, PKG), landmarkPath, PKG, {
    name: 'hand_landmark_full',
    description: 'MediaPipe hand landmarks (full), from @mediapipe/hands, Apache-2.0',
    input: { name: 'image', width: 224, height: 224, mean: [0], std: [255], min: [0], max: [1] },
    outputs: ['landmarks', 'hand_flag', 'handedness', 'world_landmarks'],
  });
  const zip = zipSync(
    {
      'hand_detector.tflite': [detector, { level: 0, mtime: ZIP_TIME }],
      'hand_landmarks_detector.tflite': [landmarks, { level: 0, mtime: ZIP_TIME }],
    },
    { level: 0, mtime: ZIP_TIME },
  );
  return writeModel(destDir, HAND_LANDMARKER_FILE, zip);
}

await runAsScript(import.meta.url, buildHandLandmarker);
