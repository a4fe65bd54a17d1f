import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { BeckonError } from '../../main/common/errors.ts';
import { buildModel, buildModels, fileSha256 } from '../../main/models/build.ts';
import { BUILDERS } from '../../main/models/builders.ts';
import { ensureVisionModels, faceDetectorBuilder, handLandmarkerBuilder } from '../../main/models/vision.ts';
import { readManifest } from '../../main/models/manifest.ts';
import { buildFaceDetector } from '../../models/vision/build-face-detector.ts';
import { buildHandLandmarker, parsePackedAssetsLoader } from '../../models/vision/build-hand-landmarker.ts';
import { readModelMetadata, readTfliteSummary } from '../../models/vision/tflite-metadata.ts';

const HANDS = join(import.meta.dirname, '..', '..', 'node_modules', '@mediapipe', 'hands');
const temps: string[] = [];
const temp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'beckon-models-'));
  temps.push(dir);
  return dir;
};
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

const manifestSha = (name: string) => readManifest().find((m) => m.name === name)!.sha256;

/** a copy of @mediapipe/hands' model files that a test may damage */
function handsCopy(): string {
  const dir = temp();
  for (const f of ['hands_solution_packed_assets_loader.js', 'hands_solution_packed_assets.data', 'hand_landmark_full.tflite']) copyFileSync(join(HANDS, f), join(dir, f));
  return dir;
}

async function expectBeckonError(p: Promise<unknown>, code: string, message: RegExp): Promise<BeckonError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(BeckonError);
  expect((err as BeckonError).code).toBe(code);
  expect((err as BeckonError).message).toMatch(message);
  expect((err as BeckonError).hint).toMatch(/npm/);
  return err as BeckonError;
}

describe('vision model builds', () => {
  it('hand_landmarker.task is reproducible, matches the manifest, and carries both models with metadata', async () => {
    const a = await buildHandLandmarker(temp());
    const b = await buildHandLandmarker(temp());
    expect(fileSha256(a)).toBe(fileSha256(b));
    expect(fileSha256(a)).toBe(manifestSha('mediapipe-hand-landmarker'));

    const files = unzipSync(new Uint8Array(readFileSync(a)));
    expect(Object.keys(files).sort()).toEqual(['hand_detector.tflite', 'hand_landmarks_detector.tflite']);
    const detector = readModelMetadata(files['hand_detector.tflite']!);
    expect(detector?.inputs[0]).toMatchObject({ name: 'image', width: 192, height: 192, mean: [0], std: [255] });
    expect(detector?.outputs).toEqual(['regressors', 'classificators']);
    expect(readTfliteSummary(files['hand_detector.tflite']!).inputs[0]!.shape).toEqual([1, 192, 192, 3]);
    const landmarks = readModelMetadata(files['hand_landmarks_detector.tflite']!);
    expect(landmarks?.inputs[0]).toMatchObject({ name: 'image', width: 224, height: 224, colorSpace: 1 });
    expect(landmarks?.outputs).toEqual(['landmarks', 'hand_flag', 'handedness', 'world_landmarks']);
  });

  it('face_detector.tflite is reproducible, matches the manifest, and has [-1, 1] input metadata', async () => {
    const a = await buildFaceDetector(temp());
    const b = await buildFaceDetector(temp());
    expect(fileSha256(a)).toBe(fileSha256(b));
    expect(fileSha256(a)).toBe(manifestSha('mediapipe-face-detector'));
    const meta = readModelMetadata(new Uint8Array(readFileSync(a)));
    expect(meta?.inputs[0]).toMatchObject({ name: 'image', width: 128, height: 128, mean: [127.5], std: [127.5], min: [-1], max: [1] });
    expect(meta?.outputs).toEqual(['regressors', 'classificators']);
  });

  it('finds the palm detector in the packed assets by the loader file list', () => {
    const { files, packageSize } = parsePackedAssetsLoader(readFileSync(join(HANDS, 'hands_solution_packed_assets_loader.js'), 'utf8'));
    const palm = files.find((f) => f.filename.endsWith('/palm_detection_full.tflite'));
    expect(palm).toBeDefined();
    expect(packageSize).toBe(readFileSync(join(HANDS, 'hands_solution_packed_assets.data')).length);
    expect(palm!.end).toBeLessThanOrEqual(packageSize);
  });

  it('a missing source file is a clear BeckonError', async () => {
    const dir = handsCopy();
    rmSync(join(dir, 'hand_landmark_full.tflite'));
    await expectBeckonError(buildHandLandmarker(temp(), dir), 'MODEL_SOURCE_MISSING', /hand_landmark_full\.tflite is missing/);
  });

  it('a truncated packed-assets file is a clear BeckonError', async () => {
    const dir = handsCopy();
    const data = join(dir, 'hands_solution_packed_assets.data');
    writeFileSync(data, readFileSync(data).subarray(0, 1_000_000));
    await expectBeckonError(buildHandLandmarker(temp(), dir), 'MODEL_SOURCE_CORRUPT', /hands_solution_packed_assets\.data is 1000000 bytes/);
  });

  it('a corrupt model file is a clear BeckonError', async () => {
    const dir = handsCopy();
    writeFileSync(join(dir, 'hand_landmark_full.tflite'), Buffer.from('<html>404 not found</html>'.repeat(10)));
    await expectBeckonError(buildHandLandmarker(temp(), dir), 'MODEL_SOURCE_CORRUPT', /not the expected TFLite model: not a TFLite model/);
  });

  it('a swapped model file (wrong input size) is a clear BeckonError', async () => {
    const dir = handsCopy();
    copyFileSync(join(import.meta.dirname, '..', '..', 'node_modules', '@mediapipe', 'face_detection', 'face_detection_short_range.tflite'), join(dir, 'hand_landmark_full.tflite'));
    await expectBeckonError(buildHandLandmarker(temp(), dir), 'MODEL_SOURCE_CORRUPT', /input shape 1x128x128x3, expected 1x224x224x3/);
  });

  it('builds when missing, skips when up to date, rebuilds when stale, and rejects a checksum mismatch', async () => {
    const VISION = [handLandmarkerBuilder, faceDetectorBuilder];
    expect(BUILDERS).toEqual(expect.arrayContaining(VISION));
    vi.stubEnv('BECKON_MODELS_DIR', temp());
    try {
      const lines: string[] = [];
      const first = await buildModels(VISION, { onOutcome: (o) => lines.push(`${o.action} ${o.name}`) });
      expect(first.map((o) => o.action)).toEqual(['built', 'built']);
      expect(lines).toEqual(['built mediapipe-hand-landmarker', 'built mediapipe-face-detector']);
      const again = await buildModels(VISION);
      expect(again.map((o) => o.action)).toEqual(['up to date', 'up to date']);
      const paths = await ensureVisionModels();
      expect(paths).toEqual({ handLandmarker: first[0]!.path, faceDetector: first[1]!.path });

      const face = faceDetectorBuilder;
      writeFileSync(first.find((o) => o.name === face.name)!.path, 'stale');
      expect((await buildModel(face)).action).toBe('rebuilt');

      const wrong = { name: face.name, build: async (dest: string) => (writeFileSync(join(dest, 'face_detector.tflite'), 'other bytes'), join(dest, 'face_detector.tflite')) };
      const err = await buildModel(wrong, { force: true }).then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(BeckonError);
      expect((err as BeckonError).code).toBe('MODEL_CHECKSUM_MISMATCH');
      expect((err as BeckonError).message).toMatch(/differs from models\/manifest\.json/);

      await expect(buildModels(VISION, { only: ['whisper-tiny'] })).rejects.toThrow(/not built by Beckon: whisper-tiny/);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
