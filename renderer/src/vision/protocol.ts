/** Messages between the page and the vision worker (worker.ts). Pixels go in as transferred ImageBitmaps; only a Perception comes out. */
import type { Perception } from '../../../main/common/perception.ts';

/** Where the server puts MediaPipe's wasm (node_modules/@mediapipe/tasks-vision/wasm) and the built models (models/generated). */
export const WASM_BASE = '/mediapipe/wasm';
export const MODEL_BASE = '/models';
export const HAND_MODEL = 'hand_landmarker.task';
export const FACE_MODEL = 'face_detector.tflite';
export const MODELS_BUILD_HINT = 'run `npx beckon models build` in the Beckon folder, then reload';

/** IMAGE: unrelated stills (beckon see --image); VIDEO: a stream of frames with increasing times (camera, beckon see --video). */
export type RunningMode = 'IMAGE' | 'VIDEO';

export interface InitRequest {
  type: 'init';
  mode: RunningMode;
  /** absolute URLs: a worker built from a blob or another path must not guess them */
  wasmBase: string;
  modelBase: string;
  /** face crops for the emotion model at most this often (ms of frame time); 0 = every frame */
  cropIntervalMs: number;
}

export interface FrameRequest {
  type: 'frame';
  id: number;
  bitmap: ImageBitmap;
  /** frame time, ms (camera clock or the video's currentTime) */
  frameT: number;
  /** true when the pixels were already flipped left-right (a mirrored selfie image) */
  mirrored: boolean;
}

export type WorkerRequest = InitRequest | FrameRequest;

export interface ReadyReply {
  type: 'ready';
  hands: boolean;
  faces: boolean;
  /** what is missing and how to fix it (a missing face model leaves hands working) */
  warnings: string[];
}
export interface ErrorReply {
  type: 'error';
  /** the frame that failed, or undefined when loading failed */
  id?: number;
  code: 'MODEL_MISSING' | 'INIT_FAILED' | 'FRAME_FAILED';
  message: string;
  hint: string;
}
export interface PerceptionReply {
  type: 'perception';
  id: number;
  perception: Perception;
  /** time the models took on this frame, ms */
  ms: number;
}
export type WorkerReply = ReadyReply | ErrorReply | PerceptionReply;
