/**
 * Live microphone as AudioFrame events, through node-record-lpcm16 (which runs sox, rec or arecord
 * and reads 16 kHz mono s16le from its stdout). Frames are 512 samples; `t0` is stream time counted
 * in samples, so it does not drift with scheduling.
 */
import { createRequire } from 'node:module';
import type { ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';
import type { EventOf } from '../common/events.ts';
import { BeckonError } from '../common/errors.ts';
import { FRAME_SAMPLES, type MakeEvent, S16FrameAssembler, SAMPLE_RATE, samplesToMs } from './frames.ts';
import { findExecutable } from './find-executable.ts';

export type RecorderName = 'sox' | 'rec' | 'arecord';

export interface MicSourceOptions {
  make: MakeEvent;
  /** default: by platform and what is on PATH (see defaultRecorder) */
  recorder?: RecorderName;
  /** ALSA device for arecord (-D), AUDIODEV for sox */
  device?: string;
  signal?: AbortSignal;
  source?: string;
  /** frames kept when the consumer falls behind; older ones are dropped (default 30 s worth) */
  maxQueuedFrames?: number;
}

const MIC_HINT = 'install sox or alsa-utils / check the device (try `arecord -l`, or pass --device)';
/** A recorder that exits this soon without sending audio did not start. */
const EARLY_EXIT_MS = 1500;

interface Recording {
  process: ChildProcess;
  stream(): Readable;
  stop(): void;
}
type RecordFn = (options: Record<string, unknown>) => Recording;

/** Linux: arecord (alsa-utils, nearly always present) before sox; elsewhere sox, then rec. */
export function defaultRecorder(env: NodeJS.ProcessEnv = process.env): RecorderName | null {
  const order: RecorderName[] = process.platform === 'linux' ? ['arecord', 'sox', 'rec'] : ['sox', 'rec'];
  return order.find((r) => findExecutable(r, env) !== null) ?? null;
}

export async function* micSource(options: MicSourceOptions): AsyncGenerator<EventOf<'AudioFrame'>> {
  const recorder = options.recorder ?? defaultRecorder();
  if (!recorder) throw new BeckonError('MIC_UNAVAILABLE', 'no audio recorder (sox, rec or arecord) found on PATH', MIC_HINT);
  if (!findExecutable(recorder)) throw new BeckonError('MIC_UNAVAILABLE', `the audio recorder \`${recorder}\` is not on PATH`, MIC_HINT);
  const source = options.source ?? 'mic';
  const maxQueued = options.maxQueuedFrames ?? Math.ceil((30_000 * SAMPLE_RATE) / 1000 / FRAME_SAMPLES);
  const signal = options.signal;
  if (signal?.aborted) return;

  const record = (createRequire(import.meta.url)('node-record-lpcm16') as { record: RecordFn }).record;
  const recording = record({ sampleRate: SAMPLE_RATE, channels: 1, audioType: 'raw', recorder, device: options.device });
  const child = recording.process;
  const stream = recording.stream();
  const startedAt = performance.now();
  const assembler = new S16FrameAssembler(FRAME_SAMPLES);
  const queue: Float32Array[] = [];
  let stopping = false;
  let ended = false;
  let failure: BeckonError | null = null;
  let gotAudio = false;
  let stderrTail = '';
  let wake: (() => void) | null = null;
  const notify = () => {
    const w = wake;
    wake = null;
    w?.();
  };

  const fail = (message: string) => {
    if (stopping || ended) return;
    const early = !gotAudio || performance.now() - startedAt < EARLY_EXIT_MS;
    const detail = stderrTail.trim().split('\n').slice(-2).join(' ').slice(0, 300);
    failure = new BeckonError(
      early ? 'MIC_UNAVAILABLE' : 'MIC_FAILED',
      `${recorder} ${early ? 'could not record' : 'stopped'}: ${message}${detail ? ` (${detail})` : ''}`,
      MIC_HINT,
    );
    ended = true;
    notify();
  };

  stream.on('data', (chunk: Buffer) => {
    if (chunk.length) gotAudio = true;
    for (const frame of assembler.push(chunk)) {
      queue.push(frame);
      if (queue.length > maxQueued) queue.shift();
    }
    notify();
  });
  // node-record-lpcm16 emits a string on the stream for any non-zero exit; arecord exits 1 on SIGTERM.
  stream.on('error', (err: unknown) => fail(String(err).split('\n')[0]!));
  child.stderr?.on('data', (d: Buffer) => {
    stderrTail = (stderrTail + d.toString()).slice(-2000);
  });
  child.on('error', (err: NodeJS.ErrnoException) =>
    fail(err.code === 'ENOENT' ? `\`${recorder}\` was not found` : err.message),
  );
  child.on('close', (code, sig) => {
    if (code !== 0 && !stopping) fail(`exited with ${code ?? sig}`);
    ended = true;
    notify();
  });
  const stop = () => {
    if (stopping || ended) return;
    stopping = true;
    recording.stop();
    notify();
  };
  signal?.addEventListener('abort', stop, { once: true });

  let emitted = 0;
  const frameEvent = (samples: Float32Array) =>
    options.make('AudioFrame', { samples, sampleRate: SAMPLE_RATE, t0: samplesToMs(emitted++ * FRAME_SAMPLES) }, source);
  try {
    for (;;) {
      while (queue.length) yield frameEvent(queue.shift()!);
      if (failure) throw failure;
      if (ended || stopping) break;
      await new Promise<void>((resolve) => (wake = resolve));
    }
    const last = assembler.flush();
    if (last) yield frameEvent(last);
  } finally {
    signal?.removeEventListener('abort', stop);
    if (!ended && !stopping) {
      stopping = true;
      recording.stop();
    }
  }
}
