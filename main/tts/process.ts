/**
 * Child processes for speech: always an argument array (never a shell), killed with SIGKILL the
 * moment the caller's signal aborts, because a speaker must go silent at once on barge-in.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants, readFileSync, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** the last few KB of stderr, for error messages */
  stderr: string;
}

export interface SpeechProcess {
  readonly child: ChildProcess;
  /** resolves when the process has exited and its pipes are closed; never rejects */
  readonly exited: Promise<ExitStatus>;
  /** set when spawning failed (ENOENT etc.) */
  readonly spawnError: () => Error | null;
}

const STDERR_KEEP = 4096;

export function spawnSpeechProcess(
  command: string,
  args: readonly string[],
  options: { signal?: AbortSignal; killTree?: boolean } = {},
): SpeechProcess {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], shell: false });
  let stderr = '';
  let spawnError: Error | null = null;
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (d: string) => {
    stderr = (stderr + d).slice(-STDERR_KEEP);
  });
  // A killed reader makes our writes fail with EPIPE: that is expected, not a crash.
  child.stdin!.on('error', () => {});
  const kill = () => killProcess(child, options.killTree ?? false);
  const exited = new Promise<ExitStatus>((resolve) => {
    child.once('error', (err) => {
      spawnError = err;
      resolve({ code: null, signal: null, stderr: err.message });
    });
    child.once('close', (code, signal) => {
      options.signal?.removeEventListener('abort', kill);
      resolve({ code, signal, stderr });
    });
  });
  if (options.signal?.aborted) kill();
  else options.signal?.addEventListener('abort', kill, { once: true });
  return { child, exited, spawnError: () => spawnError };
}

/** SIGKILL a child and, where asked (festival runs `sh -c aplay`), every descendant first. */
export function killProcess(child: ChildProcess, tree: boolean): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  if (tree) for (const pid of descendantPids(child.pid)) safeKill(pid);
  child.kill('SIGKILL');
}

/** Descendants of a process, deepest first (Linux /proc; elsewhere an empty list). */
export function descendantPids(pid: number): number[] {
  const out: number[] = [];
  for (const childPid of childPids(pid)) {
    out.push(...descendantPids(childPid), childPid);
  }
  return out;
}

function childPids(pid: number): number[] {
  try {
    const tasks = readdirSync(`/proc/${pid}/task`);
    return tasks.flatMap((tid) =>
      readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8')
        .split(/\s+/)
        .filter(Boolean)
        .map(Number),
    );
  } catch {
    return [];
  }
}

function safeKill(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Full path of an executable on PATH, or null. */
export function findOnPath(command: string, path = process.env.PATH ?? ''): string | null {
  const exts = process.platform === 'win32' ? (process.env.PATHEXT ?? '.EXE;.CMD').split(';') : [''];
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const full = join(dir, command + ext);
      try {
        accessSync(full, constants.X_OK);
        return full;
      } catch {
        // keep looking
      }
    }
  }
  return null;
}

/** The abort reason as an Error, so callers can tell a stop from a failure. */
export function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  const err = new Error(typeof reason === 'string' ? reason : 'aborted');
  err.name = 'AbortError';
  return err;
}
