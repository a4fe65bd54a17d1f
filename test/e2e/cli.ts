import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BeckonEvent } from '../../main/common/events.ts';

export const BECKON = fileURLToPath(new URL('../../main/cli/beckon.mjs', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  events: BeckonEvent[];
}

/** Runs the real `beckon` command as a child process; with --json, parses the events it prints. */
export function beckon(args: string[], options: { env?: NodeJS.ProcessEnv; timeoutMs?: number; untilStdout?: RegExp } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BECKON, ...args], { env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    let interrupted = false;
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (!interrupted && options.untilStdout?.test(stdout)) {
        interrupted = true;
        child.kill('SIGINT');
      }
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const events = stdout
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as BeckonEvent);
      resolve({ code, stdout, stderr, events });
    });
  });
}

export function kinds(events: BeckonEvent[], kind: BeckonEvent['kind']): BeckonEvent[] {
  return events.filter((e) => e.kind === kind);
}
