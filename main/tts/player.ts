/**
 * Plays WAV bytes on the speaker through an audio player found on PATH, fed on stdin so that
 * playback starts with the first synthesized bytes.
 *
 * Players fail in different ways when there is no sound device: aplay and paplay exit 1, sox's
 * `play` dies on SIGFPE, ffplay prints "audio open failed" and exits 0. So a playback counts as
 * failed on a non-zero exit, a signal we did not send, or a known "no device" line on stderr.
 * Any such failure is BeckonError 'NO_AUDIO_OUTPUT'.
 */
import { BeckonError } from '../common/errors.ts';
import { abortError, findOnPath, killProcess, type SpeechProcess, spawnSpeechProcess } from './process.ts';
import { encodeWav } from './wav.ts';

export interface PlayerCommand {
  /** short name for messages */
  name: string;
  command: string;
  /** arguments that make it read one WAV from stdin */
  args: string[];
}

/** In order of preference; the first one that can open a device wins. */
export const PLAYER_CANDIDATES: readonly PlayerCommand[] = [
  { name: 'aplay', command: 'aplay', args: ['-q', '-'] },
  { name: 'paplay', command: 'paplay', args: [] },
  { name: 'play', command: 'play', args: ['-q', '-t', 'wav', '-'] },
  { name: 'ffplay', command: 'ffplay', args: ['-nodisp', '-autoexit', '-loglevel', 'error', '-i', '-'] },
];

const NO_DEVICE_STDERR = /audio open (error|failed)|no more combinations to try|connection refused|unknown pcm|cannot find card|no such device/i;

export const NO_AUDIO_HINT =
  'Connect a speaker or start the sound server (PulseAudio/PipeWire), install a player (alsa-utils for aplay), ' +
  'or write speech to a file instead (beckon say --out speech.wav; beckon run --no-speak --tts-out reply.wav).';

function noAudio(message: string): BeckonError {
  return new BeckonError('NO_AUDIO_OUTPUT', message, NO_AUDIO_HINT);
}

/** One running player process fed by write(). */
export class Playback {
  private readonly proc: SpeechProcess;
  private failure: BeckonError | null = null;

  constructor(
    readonly player: PlayerCommand,
    private readonly signal?: AbortSignal,
  ) {
    this.proc = spawnSpeechProcess(player.command, player.args, { signal });
    void this.proc.exited.then((status) => {
      if (!this.signal?.aborted && (status.code !== 0 || NO_DEVICE_STDERR.test(status.stderr))) {
        this.failure = noAudio(`${player.name} could not play audio: ${lastLine(status.stderr) || `exit ${status.code ?? status.signal}`}`);
      }
    });
  }

  get pid(): number | undefined {
    return this.proc.child.pid;
  }

  /** Resolves when the player has taken the bytes (backpressure); rejects if it died. */
  async write(chunk: Uint8Array): Promise<void> {
    this.throwIfDone();
    const stdin = this.proc.child.stdin!;
    const died = this.proc.exited.then(() => undefined);
    if (!stdin.write(chunk)) await Promise.race([new Promise((r) => stdin.once('drain', r)), died]);
    this.throwIfDone();
  }

  /** Close stdin and wait until the player has played everything and exited. */
  async end(): Promise<void> {
    this.proc.child.stdin!.end();
    await this.proc.exited;
    this.throwIfFailed();
  }

  private throwIfFailed(): void {
    if (this.signal?.aborted) throw abortError(this.signal);
    if (this.failure) throw this.failure;
    if (this.proc.spawnError()) throw noAudio(`${this.player.name} could not start: ${this.proc.spawnError()!.message}`);
  }

  private throwIfDone(): void {
    this.throwIfFailed();
    if (this.proc.child.exitCode !== null || this.proc.child.signalCode !== null) {
      // exited before we finished writing: no device, or it was killed by someone else
      throw this.failure ?? noAudio(`${this.player.name} exited early`);
    }
  }

  /** Stop playing now (SIGKILL). */
  kill(): void {
    killProcess(this.proc.child, false);
  }

  /** The exit of the player process, for stop-latency measurement. */
  get exited(): Promise<unknown> {
    return this.proc.exited;
  }
}

/**
 * The speaker. Finds a working player once (by playing 20 ms of silence through each candidate on
 * PATH) and then opens one Playback per utterance.
 */
export class AudioOutput {
  private chosen: Promise<PlayerCommand> | null = null;

  /** `players` fixes the candidates (tests pass a paced null sink; users can pass their own). */
  constructor(private readonly players: readonly PlayerCommand[] = PLAYER_CANDIDATES) {}

  /** The player that works, probed once; rejects with NO_AUDIO_OUTPUT when none does. */
  resolve(): Promise<PlayerCommand> {
    this.chosen ??= this.probe();
    return this.chosen;
  }

  async open(signal?: AbortSignal): Promise<Playback> {
    // a stop during the first-use probe must not wait for the probe to finish
    const player = await raceAbort(this.resolve(), signal);
    if (signal?.aborted) throw abortError(signal);
    return new Playback(player, signal);
  }

  private async probe(): Promise<PlayerCommand> {
    const present = this.players.filter((p) => findOnPath(p.command) !== null);
    if (present.length === 0) {
      throw noAudio(`no audio player found on PATH (looked for ${this.players.map((p) => p.command).join(', ')})`);
    }
    const silence = encodeWav(new Uint8Array(882), { sampleRate: 22050, channels: 1, bitsPerSample: 16 });
    const failures: string[] = [];
    for (const player of present) {
      const playback = new Playback(player);
      try {
        await playback.write(silence);
        await playback.end();
        return player;
      } catch (err) {
        failures.push(err instanceof Error ? err.message : String(err));
      }
    }
    throw noAudio(`no audio output: ${failures.join('; ')}`);
  }
}

function raceAbort<T>(work: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) return Promise.reject(abortError(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  return (lines[lines.length - 1] ?? '').trim();
}
