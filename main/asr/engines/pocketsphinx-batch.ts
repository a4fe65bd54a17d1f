/**
 * A long-lived `pocketsphinx_batch` decoder for the dictation decode. Loading the en-us language
 * model, the dictionary and building the lexicon tree takes ~260 ms of a fresh decoder's ~600 ms on
 * this 2-core machine (test/bench/dictation-tuning.ts), so the dictation decoder stays loaded.
 *
 * pocketsphinx_batch reads its control file line by line and decodes each named file as a whole
 * utterance; its control file is a FIFO that stays open, so it blocks waiting for the next line.
 * Each result is logged on stderr as `<hypothesis> (<id> <score>)` then `<id> done ---`.
 * One utterance at a time: requests queue. A decoder that dies or hangs is killed and started again
 * on the next request.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { open, rm, writeFile, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface BatchDecoderOptions {
  /** absolute path of pocketsphinx_batch */
  binary: string;
  /** search and model arguments (-hmm, -dict, -lm, tuning options) */
  args: string[];
  /** folder for the control FIFO and the utterance files */
  workDir: string;
  /** longest wait for one utterance before the decoder is restarted */
  timeoutMs: number;
}

/**
 * Samples as pocketsphinx needs them without its own dither: +-1 LSB of noise from a fixed seed,
 * so digital silence (padding) never reaches the front end as exact zeros and a decode stays
 * repeatable (pocketsphinx's `-dither` RNG runs on across utterances in a long-lived decoder).
 */
export function ditheredPcm(pcm: Buffer): Buffer {
  const out = Buffer.alloc(pcm.length - (pcm.length % 2));
  let seed = 1;
  for (let i = 0; i < out.length; i += 2) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    const noise = (seed >>> 16) % 3 - 1;
    out.writeInt16LE(Math.max(-32768, Math.min(32767, pcm.readInt16LE(i) + noise)), i);
  }
  return out;
}

/** The hypothesis logged for utterance `id`, or null while its `done` line has not come. */
export function batchResult(log: string, id: string): string | null {
  const lines = log.split('\n');
  const done = lines.findIndex((l) => l.startsWith(`${id} done `));
  if (done < 0) return null;
  const suffix = ` (${id} `;
  for (let i = done - 1; i >= 0; i--) {
    const at = lines[i]!.lastIndexOf(suffix);
    if (at >= 0 && /^-?\d+\)$/.test(lines[i]!.slice(at + suffix.length))) return lines[i]!.slice(0, at).trim().replace(/\s+/g, ' ');
  }
  return '';
}

/** a hypothesis, or why there is none */
type Outcome = { text: string } | 'died' | 'timeout';

export class PocketsphinxBatchDecoder {
  private child: ChildProcess | null = null;
  private control: FileHandle | null = null;
  private log = '';
  private onLog: (() => void) | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private requests = 0;
  private readonly fifo: string;

  constructor(private readonly options: BatchDecoderOptions) {
    this.fifo = path.join(options.workDir, 'dictation.ctl');
  }

  /** the decoder's process id while it runs */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Decode 16 kHz s16le audio as one utterance; '' when nothing was heard or the decoder failed. */
  decode(pcm: Buffer): Promise<string> {
    const next = this.queue.then(() => this.decodeNow(pcm));
    this.queue = next.catch(() => undefined);
    return next;
  }

  async close(): Promise<void> {
    const child = this.child;
    this.child = null;
    await this.control?.close().catch(() => undefined);
    this.control = null;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('close', resolve));
      child.kill('SIGKILL');
      await exited;
    }
    await rm(this.fifo, { force: true });
  }

  private async start(): Promise<void> {
    await rm(this.fifo, { force: true });
    await run('mkfifo', [this.fifo]);
    const args = [...this.options.args, '-adcin', 'yes', '-cepdir', this.options.workDir, '-cepext', '.raw', '-ctl', this.fifo, '-dither', 'no'];
    const child = spawn(this.options.binary, args, { stdio: ['ignore', 'ignore', 'pipe'], shell: false });
    this.child = child;
    this.log = '';
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (text: string) => {
      this.log += text;
      this.onLog?.();
    });
    child.on('error', () => undefined);
    child.on('close', () => {
      if (this.child === child) this.child = null;
      this.onLog?.();
    });
    // Read-write: opening a FIFO so never blocks on Linux, whether or not the decoder has opened it yet.
    this.control = await open(this.fifo, 'r+');
  }

  private async decodeNow(pcm: Buffer): Promise<string> {
    const first = await this.attempt(pcm);
    if (typeof first === 'object') return first.text;
    await this.close();
    // A decoder that died (killed, or gone before the request reached it) gets one fresh start; a hung one does not.
    const second = first === 'died' ? await this.attempt(pcm) : first;
    if (typeof second === 'object') return second.text;
    await this.close();
    return '';
  }

  private async attempt(pcm: Buffer): Promise<Outcome> {
    if (!this.child) await this.start();
    const id = `dictation-${++this.requests}`;
    const file = path.join(this.options.workDir, `${id}.raw`);
    await writeFile(file, ditheredPcm(pcm));
    try {
      await this.control!.write(`${id}\n`);
      return await this.result(id);
    } finally {
      await rm(file, { force: true });
    }
  }

  private result(id: string): Promise<Outcome> {
    const child = this.child;
    return new Promise((resolve) => {
      const finish = (outcome: Outcome) => {
        clearTimeout(timer);
        this.onLog = null;
        resolve(outcome);
      };
      const timer = setTimeout(() => finish('timeout'), this.options.timeoutMs);
      this.onLog = () => {
        const text = batchResult(this.log, id);
        if (text !== null) {
          // Keep only from the last finished utterance on: a long session's log would grow without end.
          this.log = this.log.slice(this.log.indexOf(`${id} done `));
          finish({ text });
        } else if (!child || this.child !== child || child.exitCode !== null || child.signalCode !== null) finish('died');
      };
      this.onLog();
    });
  }
}
