/**
 * The vision worker: MediaPipe HandLandmarker + FaceDetector (wasm, CPU) off the UI thread. The same
 * code serves the live camera (VIDEO mode) and `beckon see` (IMAGE for stills, VIDEO for a clip).
 * wasm comes from the server's /mediapipe/wasm (node_modules), models from /models (models/generated): never a CDN.
 */
import { FaceDetector, FilesetResolver, HandLandmarker } from '@mediapipe/tasks-vision';
import { FACE_CROP_SIZE, type FaceObservation, type HandObservation, type Landmark, type Perception } from '../../../main/common/perception.ts';
import { bytesToBase64, cropSquare, personHand, rgbaToGrey, type PixelBox } from './geometry.ts';
import { FACE_MODEL, HAND_MODEL, MODELS_BUILD_HINT, type ErrorReply, type FrameRequest, type InitRequest, type WorkerReply, type WorkerRequest } from './protocol.ts';

// lib "DOM" only in this tsconfig: the few worker-scope members used here
const scope = self as unknown as { postMessage(m: WorkerReply): void; onmessage: ((e: MessageEvent<WorkerRequest>) => void) | null };

class MissingModel extends Error {}

let hands: HandLandmarker | null = null;
let faces: FaceDetector | null = null;
let config: InitRequest | null = null;
let lastVideoTs = -1;
let lastCropT = Number.NEGATIVE_INFINITY;
const cropCanvas = new OffscreenCanvas(FACE_CROP_SIZE, FACE_CROP_SIZE);

async function loadModel(base: string, name: string): Promise<Uint8Array> {
  const url = `${base}/${name}`;
  const res = await fetch(url).catch((e: unknown) => {
    throw new Error(`could not fetch ${url}: ${String(e)}`);
  });
  if (res.status === 404) throw new MissingModel(`the model ${name} is missing (models/generated/${name})`);
  if (!res.ok) throw new Error(`could not fetch ${url}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

async function init(req: InitRequest): Promise<void> {
  config = req;
  // the ES-module build of the loader: a module worker cannot importScripts()
  const fileset = await FilesetResolver.forVisionTasks(req.wasmBase, true);
  const warnings: string[] = [];
  const [handBytes, faceBytes] = await Promise.allSettled([loadModel(req.modelBase, HAND_MODEL), loadModel(req.modelBase, FACE_MODEL)]);
  if (handBytes.status === 'rejected') throw handBytes.reason;
  hands = await HandLandmarker.createFromOptions(fileset, {
    baseOptions: { modelAssetBuffer: handBytes.value, delegate: 'CPU' },
    runningMode: req.mode,
    numHands: 2,
  });
  if (faceBytes.status === 'fulfilled') {
    // an ES module runs once per URL and MediaPipe clears self.ModuleFactory after each task: a second
    // task needs the loader under another URL to get its own factory
    const faceFileset = { ...fileset, wasmLoaderPath: `${fileset.wasmLoaderPath}?task=face` };
    faces = await FaceDetector.createFromOptions(faceFileset, {
      baseOptions: { modelAssetBuffer: faceBytes.value, delegate: 'CPU' },
      runningMode: req.mode,
      // the short-range detector scored a curled hand 0.72 and real faces 0.92-0.97 (models/vision/README.md)
      minDetectionConfidence: 0.8,
    });
  } else {
    warnings.push(`faces are not read: ${errorText(faceBytes.reason)}; ${MODELS_BUILD_HINT}`);
  }
  scope.postMessage({ type: 'ready', hands: true, faces: faces !== null, warnings });
}

function detect(req: FrameRequest): Perception {
  const { bitmap, frameT } = req;
  const width = bitmap.width;
  const height = bitmap.height;
  const video = config?.mode === 'VIDEO';
  // VIDEO mode needs strictly increasing timestamps
  const ts = video ? Math.max(Math.round(frameT), lastVideoTs + 1) : 0;
  if (video) lastVideoTs = ts;

  const handResult = video ? hands!.detectForVideo(bitmap, ts) : hands!.detect(bitmap);
  const handObs: HandObservation[] = handResult.landmarks.slice(0, 2).map((points, i) => {
    const category = (handResult.handedness[i] ?? [])[0];
    return {
      handedness: personHand(category?.categoryName ?? 'Right', req.mirrored),
      score: clamp01(category?.score ?? 0),
      landmarks: points.map((p): Landmark => [p.x, p.y, p.z]),
    };
  });

  const faceObs: FaceObservation[] = [];
  if (faces) {
    const faceResult = video ? faces.detectForVideo(bitmap, ts) : faces.detect(bitmap);
    const detections = faceResult.detections
      .filter((d) => d.boundingBox && d.boundingBox.width > 0 && d.boundingBox.height > 0)
      .sort((a, b) => (b.categories[0]?.score ?? 0) - (a.categories[0]?.score ?? 0))
      .slice(0, 4);
    // one crop (the surest face), at most once per cropIntervalMs of frame time (a clip may restart: time going back crops too)
    const cropDue = !video || frameT - lastCropT >= (config?.cropIntervalMs ?? 200) || frameT < lastCropT;
    detections.forEach((d, i) => {
      const b = d.boundingBox!;
      const obs: FaceObservation = {
        box: { x: b.originX / width, y: b.originY / height, width: b.width / width, height: b.height / height },
        score: clamp01(d.categories[0]?.score ?? 0),
      };
      if (i === 0 && cropDue) {
        obs.crop = faceCrop(bitmap, cropSquare({ x: b.originX, y: b.originY, width: b.width, height: b.height }, width, height));
        lastCropT = frameT;
      }
      faceObs.push(obs);
    });
  }
  return { frameT, width, height, hands: handObs, faces: faceObs };
}

function faceCrop(bitmap: ImageBitmap, sq: PixelBox): string {
  const ctx = cropCanvas.getContext('2d', { willReadFrequently: true })!;
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'medium';
  ctx.drawImage(bitmap, sq.x, sq.y, sq.width, sq.height, 0, 0, FACE_CROP_SIZE, FACE_CROP_SIZE);
  const rgba = ctx.getImageData(0, 0, FACE_CROP_SIZE, FACE_CROP_SIZE).data;
  return bytesToBase64(rgbaToGrey(rgba));
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));
const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

scope.onmessage = (e) => {
  const req = e.data;
  if (req.type === 'init') {
    init(req).catch((err: unknown) => {
      const missing = err instanceof MissingModel;
      const reply: ErrorReply = {
        type: 'error',
        code: missing ? 'MODEL_MISSING' : 'INIT_FAILED',
        message: missing ? `${errorText(err)}: hands cannot be read` : `vision could not start: ${errorText(err)}`,
        hint: missing ? MODELS_BUILD_HINT : 'check that the models are intact (`npx beckon models build` rebuilds them) and that the page may run WebAssembly',
      };
      scope.postMessage(reply);
    });
    return;
  }
  try {
    if (!hands) throw new Error('vision is not ready');
    const started = performance.now();
    const perception = detect(req);
    scope.postMessage({ type: 'perception', id: req.id, perception, ms: performance.now() - started });
  } catch (err) {
    scope.postMessage({ type: 'error', id: req.id, code: 'FRAME_FAILED', message: `a frame could not be read: ${errorText(err)}`, hint: 'the next frames are tried anyway' });
  } finally {
    req.bitmap.close();
  }
};
