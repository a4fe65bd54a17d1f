/**
 * A real headless Chromium page with @mediapipe/tasks-vision loaded from node_modules (never a CDN)
 * and the built models served from models/generated, behind a CSP as strict as the app's:
 * MediaPipe needs only 'wasm-unsafe-eval' on top of 'self'.
 *
 *   await withMediapipePage(async (mp) => {
 *     const r = await mp.detectHands('/abs/path/fist.jpg');   // { ms, width, height, hands: [...] }
 *     const f = await mp.detectFaces('/abs/path/face.jpg');   // { ms, width, height, faces: [...] }
 *     await mp.page.evaluate('window.vision.HandLandmarker');  // or drive the module yourself
 *   });
 *
 * Served from 127.0.0.1 on a free port: / (the page), /tasks-vision/ (the npm package, wasm/ inside),
 * /models/ (models dir), /fs/<absolute path> (files under the repo or the temp dir, for images and clips).
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, resolve, sep } from 'node:path';
import type { Page } from 'playwright-core';
import { generatedModelsDir } from '../../main/models/manifest.ts';
import { launchChromium, type FakeDevices } from './chromium.ts';

const REPO_ROOT = resolve(import.meta.dirname, '..', '..');
export const TASKS_VISION_DIR = join(REPO_ROOT, 'node_modules', '@mediapipe', 'tasks-vision');

/** what the page needs: scripts and wasm from itself, wasm compilation, images from itself or blobs */
export const MEDIAPIPE_CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:; img-src 'self' blob: data:; media-src 'self' blob: mediastream:; connect-src 'self'";

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.wasm': 'application/wasm',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.task': 'application/octet-stream',
  '.tflite': 'application/octet-stream',
  '.y4m': 'video/x-raw',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
};

const PAGE = `<!doctype html><meta charset="utf-8"><title>mediapipe</title>
<script type="module" src="/harness.mjs"></script>`;

/** Runs in the page: loads the module and the wasm fileset, and offers detect helpers on window. */
const HARNESS = `
import * as vision from '/tasks-vision/vision_bundle.mjs';
window.vision = vision;
const cache = {};
async function fileset() {
  return cache.fileset ??= vision.FilesetResolver.forVisionTasks('/tasks-vision/wasm');
}
async function loadImage(url) {
  const img = new Image();
  img.src = url;
  await img.decode();
  return img;
}
window.mpDetectHands = async (imageUrl, modelUrl, numHands) => {
  const key = 'hands:' + modelUrl + ':' + numHands;
  const t0 = performance.now();
  cache[key] ??= vision.HandLandmarker.createFromOptions(await fileset(), {
    baseOptions: { modelAssetPath: modelUrl, delegate: 'CPU' }, runningMode: 'IMAGE', numHands,
  });
  const landmarker = await cache[key];
  const loadMs = performance.now() - t0;
  const img = await loadImage(imageUrl);
  const t1 = performance.now();
  const r = landmarker.detect(img);
  const ms = performance.now() - t1;
  return {
    ms, loadMs, width: img.naturalWidth, height: img.naturalHeight,
    hands: r.landmarks.map((lm, i) => ({
      handedness: r.handedness[i]?.[0]?.categoryName ?? '', score: r.handedness[i]?.[0]?.score ?? 0,
      landmarks: lm.map((p) => [p.x, p.y, p.z]),
    })),
  };
};
window.mpDetectFaces = async (imageUrl, modelUrl) => {
  const key = 'faces:' + modelUrl;
  const t0 = performance.now();
  cache[key] ??= vision.FaceDetector.createFromOptions(await fileset(), {
    baseOptions: { modelAssetPath: modelUrl, delegate: 'CPU' }, runningMode: 'IMAGE',
  });
  const detector = await cache[key];
  const loadMs = performance.now() - t0;
  const img = await loadImage(imageUrl);
  const t1 = performance.now();
  const r = detector.detect(img);
  const ms = performance.now() - t1;
  return {
    ms, loadMs, width: img.naturalWidth, height: img.naturalHeight,
    faces: r.detections.map((d) => ({ box: d.boundingBox, score: d.categories[0]?.score ?? 0 })),
  };
};
window.mpReady = true;
`;

export interface HandResult {
  handedness: string;
  score: number;
  /** 21 points, x and y normalised to the image, z relative depth */
  landmarks: Array<[number, number, number]>;
}

export interface FaceResult {
  box: { originX: number; originY: number; width: number; height: number };
  score: number;
}

export interface Detection<T> {
  /** milliseconds spent in detect() for this image */
  ms: number;
  /** milliseconds to get the model (creation on the first call, ~0 after) */
  loadMs: number;
  width: number;
  height: number;
  results: T[];
}

export interface MediapipePage {
  page: Page;
  origin: string;
  /** URL under which the page can fetch an absolute path (under the repo or the temp dir) */
  fileUrl(absPath: string): string;
  detectHands(imagePath: string, opts?: { model?: string; numHands?: number }): Promise<Detection<HandResult>>;
  detectFaces(imagePath: string, opts?: { model?: string }): Promise<Detection<FaceResult>>;
}

export interface MediapipePageOptions {
  /** folder served as /models/ (default: models/generated or $BECKON_MODELS_DIR/generated) */
  modelsDir?: string;
  devices?: FakeDevices;
  /** extra absolute roots /fs/ may serve */
  roots?: string[];
}

function startServer(modelsDir: string, roots: string[]): Promise<Server> {
  const allowed = [REPO_ROOT, resolve(tmpdir()), ...roots.map((r) => resolve(r))];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const send = (body: string, type: string) => {
      res.writeHead(200, { 'content-type': type, 'content-security-policy': MEDIAPIPE_CSP });
      res.end(body);
    };
    if (path === '/') return send(PAGE, 'text/html');
    if (path === '/harness.mjs') return send(HARNESS, 'text/javascript');
    let file: string | null = null;
    if (path.startsWith('/tasks-vision/')) file = join(TASKS_VISION_DIR, path.slice('/tasks-vision/'.length));
    else if (path.startsWith('/models/')) file = join(modelsDir, path.slice('/models/'.length));
    else if (path.startsWith('/fs/')) file = resolve('/', path.slice('/fs/'.length));
    const inside = file !== null && [TASKS_VISION_DIR, modelsDir, ...allowed].some((root) => file!.startsWith(root + sep));
    if (!file || !inside || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-length': statSync(file).size });
    createReadStream(file).pipe(res);
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

export async function withMediapipePage<T>(fn: (mp: MediapipePage) => Promise<T>, opts: MediapipePageOptions = {}): Promise<T> {
  const modelsDir = resolve(opts.modelsDir ?? generatedModelsDir());
  const server = await startServer(modelsDir, opts.roots ?? []);
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await launchChromium(opts.devices);
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(`${origin}/`);
    await page.waitForFunction('window.mpReady === true', undefined, { timeout: 30_000 }).catch((err: unknown) => {
      throw new Error(`the MediaPipe page did not load: ${errors.join('; ') || String(err)}`);
    });
    const fileUrl = (absPath: string) => `/fs${resolve(absPath)}`;
    const mp: MediapipePage = {
      page,
      origin,
      fileUrl,
      async detectHands(imagePath, o = {}) {
        const r = (await page.evaluate(
          ([img, model, n]) => (globalThis as any).mpDetectHands(img, model, n),
          [fileUrl(imagePath), `/models/${o.model ?? 'hand_landmarker.task'}`, o.numHands ?? 2] as const,
        )) as Omit<Detection<HandResult>, 'results'> & { hands: HandResult[] };
        return { ms: r.ms, loadMs: r.loadMs, width: r.width, height: r.height, results: r.hands };
      },
      async detectFaces(imagePath, o = {}) {
        const r = (await page.evaluate(
          ([img, model]) => (globalThis as any).mpDetectFaces(img, model),
          [fileUrl(imagePath), `/models/${o.model ?? 'face_detector.tflite'}`] as const,
        )) as Omit<Detection<FaceResult>, 'results'> & { faces: FaceResult[] };
        return { ms: r.ms, loadMs: r.loadMs, width: r.width, height: r.height, results: r.faces };
      },
    };
    return await fn(mp);
  } finally {
    await browser.close();
    await new Promise((ok) => server.close(ok));
  }
}
