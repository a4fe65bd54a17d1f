/**
 * Vision figures for `npm run bench`: hands per frame and frames per second at 640x480 in headless
 * Chromium on the CPU, emotion ms per face, and the time from a pose appearing in a video to its
 * Gesture event.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openSeeSession } from '../../main/cli/see/runner.ts';
import { VisionProcessor } from '../../main/vision/processor.ts';
import { EmotionClassifier } from '../../main/vision/emotion/index.ts';
import { chromiumMissing } from '../support/chromium.ts';
import { tempDir } from '../support/speech.ts';

const FIST = fileURLToPath(new URL('../../node_modules/fingerpose/assets/fullcurl.jpg', import.meta.url));

export interface VisionFigures {
  msPerFrame: number;
  fps: number;
  frames: number;
  emotionMsPerFace: number[];
  poseToEventMs: number | null;
}

export async function benchVision(): Promise<VisionFigures | string> {
  if (chromiumMissing) return chromiumMissing;
  const dir = tempDir('beckon-bench-vision-');
  // 1 s of an empty (black) frame, then the fist photo for 3 s, letterboxed to 640x480 at 15 fps.
  const clip = join(dir, 'fist.webm');
  execFileSync('ffmpeg', [
    '-v', 'error',
    '-f', 'lavfi', '-i', 'color=black:s=640x480:r=15:d=1',
    '-loop', '1', '-t', '3', '-r', '15', '-i', FIST,
    '-filter_complex', '[1:v]scale=640:480:force_original_aspect_ratio=decrease,pad=640:480:(ow-iw)/2:(oh-ih)/2,setsar=1[f];[0:v][f]concat=n=2:v=1[v]',
    '-map', '[v]', '-c:v', 'libvpx', '-b:v', '2M', '-y', clip,
  ]);
  const session = await openSeeSession();
  const processor = new VisionProcessor({ emotion: false });
  try {
    await session.video(clip, { fps: 15, maxMs: 500 }); // warm-up: models load, first detections
    const start = performance.now();
    const perceptions = await session.video(clip, { fps: 15 });
    const elapsed = performance.now() - start;
    let poseToEventMs: number | null = null;
    for (const p of perceptions) {
      const fired = await processor.process(p, { live: false });
      if (poseToEventMs === null && fired.some((o) => o.kind === 'Gesture' && o.body.label === 'fist')) poseToEventMs = p.frameT - 1000;
    }
    const classifier = new EmotionClassifier();
    await classifier.start();
    const emotionMsPerFace: number[] = [];
    const crop = new Uint8Array(64 * 64).map((_, i) => (i * 7) % 256);
    for (let i = 0; i < 50; i++) {
      const t0 = performance.now();
      await classifier.classify(crop);
      emotionMsPerFace.push(performance.now() - t0);
    }
    await classifier.stop();
    return { msPerFrame: elapsed / perceptions.length, fps: (perceptions.length * 1000) / elapsed, frames: perceptions.length, emotionMsPerFace, poseToEventMs };
  } finally {
    await processor.stop();
    await session.close();
  }
}
