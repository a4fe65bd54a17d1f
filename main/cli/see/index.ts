import type { Command } from 'commander';
import type { Perception } from '../../common/perception.ts';
import { VisionProcessor } from '../../vision/processor.ts';
import { classifyPose } from '../../vision/gestures/index.ts';
import { topLabel } from '../../vision/emotion/index.ts';
import { exitWithError } from '../fail.ts';
import { openSeeSession } from './runner.ts';

interface SeeOptions {
  image: string[];
  video?: string;
  json?: boolean;
  fps: string;
}

export function registerSeeCommand(program: Command): void {
  program
    .command('see')
    .description('run the hand and face models on image or video files and print what they see (checks a setup)')
    .option('--image <file>', 'an image (jpg, png); repeat for more', (v: string, all: string[]) => [...all, v], [])
    .option('--video <file>', 'a video (webm, mp4, or y4m as used for a fake camera): prints the gesture and emotion events')
    .option('--fps <n>', 'frames per second read from --video', '15')
    .option('--json', 'one JSON object per image, or per event for --video')
    .action(async (opts: SeeOptions) => {
      if (opts.image.length === 0 && !opts.video) exitWithError(new Error('see needs --image <file> or --video <file> (see beckon see --help)'), 2);
      const write = (line: string) => process.stdout.write(`${line}\n`);
      const processor = new VisionProcessor({ onEmotionUnavailable: (e) => process.stderr.write(`beckon: facial emotion is off: ${e.message}\n`) });
      let session;
      try {
        session = await openSeeSession((line) => process.stderr.write(`${line}\n`));
        if (opts.image.length > 0) {
          const perceptions = await session.images(opts.image);
          for (const [i, p] of perceptions.entries()) {
            const report = await describeImage(opts.image[i]!, p, processor);
            write(opts.json ? JSON.stringify(report) : formatImage(report));
          }
        }
        if (opts.video) {
          const perceptions = await session.video(opts.video, { fps: Number(opts.fps) || 15 });
          for (const p of perceptions) {
            for (const o of await processor.process(p, { live: false })) {
              const event = { kind: o.kind, t: Math.round(p.frameT), ...o.body };
              write(opts.json ? JSON.stringify(event) : formatEvent(event));
            }
          }
        }
      } catch (err) {
        await session?.close().catch(() => undefined);
        await processor.stop();
        exitWithError(err);
      }
      await session.close();
      await processor.stop();
      process.exit(0);
    });
}

interface ImageReport {
  image: string;
  width: number;
  height: number;
  hands: Array<{ handedness: string; score: number; pose: string | null; poseScore: number | null; landmarks: Perception['hands'][number]['landmarks'] }>;
  faces: Array<{ box: Perception['faces'][number]['box']; score: number; emotion: string | null; probs: Record<string, number> | null }>;
}

async function describeImage(image: string, p: Perception, processor: VisionProcessor): Promise<ImageReport> {
  const faces = [];
  for (const f of p.faces) {
    const probs = f.crop ? await processor.classifyCrop(f.crop) : null;
    faces.push({ box: f.box, score: round(f.score), emotion: probs ? topLabel(probs) : null, probs: probs ? roundAll(probs) : null });
  }
  return {
    image,
    width: p.width,
    height: p.height,
    hands: p.hands.map((h) => {
      const pose = classifyPose(h.landmarks, { width: p.width, height: p.height });
      return { handedness: h.handedness, score: round(h.score), pose: pose?.label ?? null, poseScore: pose ? round(pose.score) : null, landmarks: h.landmarks };
    }),
    faces,
  };
}

function formatImage(r: ImageReport): string {
  const hands = r.hands.length === 0 ? 'no hand' : r.hands.map((h) => `${h.handedness} hand: ${h.pose ?? 'no pose'}${h.poseScore !== null ? ` (${h.poseScore})` : ''}`).join(', ');
  const faces = r.faces.length === 0 ? 'no face' : r.faces.map((f) => `face: ${f.emotion ?? 'not classified'}${f.probs && f.emotion ? ` (${f.probs[f.emotion]})` : ''}`).join(', ');
  return `${r.image}: ${hands}; ${faces}`;
}

function formatEvent(e: { kind: string; t: number; label: string } & Record<string, unknown>): string {
  const detail = e.kind === 'Gesture' ? `${String(e.hand)} ${e.label} (${round(Number(e.score))})` : e.label;
  return `${(e.t / 1000).toFixed(2).padStart(7)}s  ${e.kind.toLowerCase().padEnd(8)} ${detail}`;
}

const round = (x: number) => Math.round(x * 1000) / 1000;
const roundAll = (probs: Record<string, number>) => Object.fromEntries(Object.entries(probs).map(([k, v]) => [k, round(v)]));
