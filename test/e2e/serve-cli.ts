import { spawn, type ChildProcess } from 'node:child_process';
import { BECKON } from './cli.ts';

export interface Served {
  child: ChildProcess;
  url: string;
  token: string;
  stop(): Promise<number | null>;
}

/** Starts the real `beckon serve` and resolves with the dashboard URL it prints first. */
export function serve(args: string[], timeoutMs = 30_000): Promise<Served> {
  const child = spawn(process.execPath, [BECKON, 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`beckon serve printed no URL in ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    child.on('exit', (code) => reject(new Error(`beckon serve exited with ${code}: ${stderr}`)));
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      const m = /Dashboard: (http:\/\/\S+\/)\?token=([0-9a-f]+)/.exec(stdout);
      if (!m) return;
      clearTimeout(timer);
      resolve({
        child,
        url: `${m[1]}?token=${m[2]}`,
        token: m[2]!,
        stop: () =>
          new Promise((done) => {
            child.once('exit', (code) => done(code));
            child.kill('SIGINT');
          }),
      });
    });
  });
}
