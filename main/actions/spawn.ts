/**
 * Child processes for desktop actions: always an argument array, never a shell, so slot text
 * with shell metacharacters stays one literal argument.
 */
import { execFile, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

/** Whether a program can be started: an absolute path that is executable, or a name on PATH. */
export function isOnPath(program: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const executable = (p: string) => {
    try {
      accessSync(p, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  };
  if (isAbsolute(program)) return executable(program);
  const exts = process.platform === 'win32' ? ['', '.exe', '.cmd'] : [''];
  return (env.PATH ?? '').split(delimiter).some((dir) => dir && exts.some((e) => executable(join(dir, program + e))));
}

/** Run a helper to completion; rejects with its stderr when it fails. */
export function runCommand(argv: readonly string[], timeoutMs: number): Promise<string> {
  const [file, ...args] = argv;
  return new Promise((resolve, reject) => {
    execFile(file!, args, { shell: false, timeout: timeoutMs, windowsHide: true }, (err, stdout, stderr) => {
      if (err) {
        const detail = String(stderr).trim().split('\n')[0] || err.message;
        reject(new Error(`${file} exited with ${err.code ?? err.signal}: ${detail}`));
      } else resolve(String(stdout));
    });
  });
}

/** Start an app that outlives us: detached, no stdio, resolved once the process exists. */
export function launchDetached(argv: readonly string[]): Promise<number> {
  const [file, ...args] = argv;
  return new Promise((resolve, reject) => {
    const child = spawn(file!, args, { shell: false, detached: true, stdio: 'ignore', windowsHide: true });
    child.once('error', reject);
    child.once('spawn', () => {
      child.unref();
      resolve(child.pid ?? -1);
    });
  });
}
