/** Peak memory of a command and every process it starts (Linux /proc), sampled every 50 ms. */
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

function rssKb(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0; // gone between listing and reading
  }
}

function children(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((tid) =>
      readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number),
    );
  } catch {
    return [];
  }
}

function tree(pid: number): number[] {
  return [pid, ...children(pid).flatMap(tree)];
}

/** Peak of the summed RSS (shared pages count once per process, so this overstates a little). */
export function peakTreeRssMb(command: string, args: string[]): Promise<{ peakMb: number; mainPeakMb: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'ignore' });
    let peak = 0;
    let mainPeak = 0;
    const timer = setInterval(() => {
      peak = Math.max(peak, tree(child.pid!).reduce((sum, p) => sum + rssKb(p), 0));
      mainPeak = Math.max(mainPeak, rssKb(child.pid!));
    }, 50);
    child.on('error', reject);
    child.on('exit', () => {
      clearInterval(timer);
      resolve({ peakMb: peak / 1024, mainPeakMb: mainPeak / 1024 });
    });
  });
}
