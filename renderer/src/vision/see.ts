/**
 * The page `beckon see` drives in headless Chromium (see.html): the SAME worker as the live camera, on
 * image files (IMAGE mode) or a video played from a URL (VIDEO mode). Called with page.evaluate:
 *   await window.beckonSee(['/see/a.jpg', ...])            -> Perception[] (one per image, frameT 0)
 *   await window.beckonSeeVideo('/see/clip.webm', { fps })  -> Perception[] (one per processed frame, frameT = currentTime ms)
 * A failure rejects with an Error whose message carries the hint (e.g. run `npx beckon models build`).
 */
import type { Perception } from '../../../main/common/perception.ts';
import { VisionClient, VisionError } from './client.ts';

export interface SeeVideoOptions {
  /** frames per second of video time to read; default 15 */
  fps?: number;
  /** stop after this many ms of video; default the whole video */
  maxMs?: number;
}

declare global {
  interface Window {
    beckonSee(images: string[]): Promise<Perception[]>;
    beckonSeeVideo(url: string, options?: SeeVideoOptions): Promise<Perception[]>;
    /** set when the page has loaded its script */
    beckonSeeReady?: boolean;
  }
}

function explain(e: unknown): Error {
  if (e instanceof VisionError) return new Error(`${e.code}: ${e.message}. Fix: ${e.hint}`);
  return e instanceof Error ? e : new Error(String(e));
}

async function withClient<T>(mode: 'IMAGE' | 'VIDEO', run: (c: VisionClient) => Promise<T>): Promise<T> {
  const client = new VisionClient({ mode, cropIntervalMs: mode === 'IMAGE' ? 0 : 200 });
  try {
    await client.ready;
    return await run(client);
  } catch (e) {
    throw explain(e);
  } finally {
    client.close();
  }
}

async function loadImage(url: string): Promise<ImageBitmap> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`could not read the image ${url}: HTTP ${res.status}`);
  try {
    return await createImageBitmap(await res.blob());
  } catch {
    throw new Error(`${url} is not an image this browser can decode`);
  }
}

window.beckonSee = (images) =>
  withClient('IMAGE', async (client) => {
    const out: Perception[] = [];
    for (const url of images) out.push((await client.process(await loadImage(url), 0)).perception);
    return out;
  });

window.beckonSeeVideo = (url, options = {}) =>
  withClient('VIDEO', async (client) => {
    const step = 1 / (options.fps ?? 15);
    const video = document.createElement('video');
    video.muted = true;
    video.preload = 'auto';
    // From memory (a blob URL): seeking needs HTTP range requests, which the static server does not answer.
    const response = await fetch(url);
    if (!response.ok) throw new Error(`could not read the video ${url} (HTTP ${response.status})`);
    video.src = URL.createObjectURL(await response.blob());
    await new Promise<void>((resolve, reject) => {
      video.onloadeddata = () => resolve();
      video.onerror = () => reject(new Error(`could not play the video ${url} (the browser cannot decode it)`));
    });
    const end = Math.min(video.duration || 0, options.maxMs !== undefined ? options.maxMs / 1000 : Infinity);
    const out: Perception[] = [];
    // seek frame by frame rather than play: every requested frame is read, however slow the machine
    for (let t = 0; t <= end; t += step) {
      await seek(video, t);
      const bitmap = await createImageBitmap(video);
      out.push((await client.process(bitmap, video.currentTime * 1000)).perception);
    }
    return out;
  });

function seek(video: HTMLVideoElement, t: number): Promise<void> {
  return new Promise((resolve) => {
    if (Math.abs(video.currentTime - t) < 1e-6 && video.readyState >= 2) return resolve();
    video.addEventListener('seeked', () => resolve(), { once: true });
    video.currentTime = t;
  });
}

window.beckonSeeReady = true;
