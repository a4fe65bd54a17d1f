/**
 * espeak-ng: fast (first audio in ~10 ms for a sentence), offline, 100+ languages.
 * Called with an argument array and the text after `--`, so text such as "-w /etc/x" or
 * "$(touch x)" is only ever spoken. `--stdout` streams a 16-bit mono 22050 Hz WAV.
 */
import { BeckonError } from '../common/errors.ts';
import { DEFAULT_RATE_WPM, type SpeakOptions, type SynthesisOptions, type TtsEngine } from './engine.ts';
import { AudioOutput, type Playback } from './player.ts';
import { abortError, findOnPath, spawnSpeechProcess } from './process.ts';
import { concatBytes, encodeWav, WavStreamReader } from './wav.ts';

export interface EspeakEngineOptions {
  /** path or name of the binary (default 'espeak-ng' on PATH) */
  binary?: string;
  /** default voice, e.g. 'en-us', 'cmn' (espeak-ng's default when omitted) */
  voice?: string;
  /** default rate in words per minute */
  rateWpm?: number;
  /** where speak() plays; default probes the players on PATH */
  output?: AudioOutput;
}

/** espeak-ng voice names: 'en-us', 'cmn', 'en+f3', 'mb/mb-en1'. Never starts with '-'. */
const VOICE_NAME = /^[A-Za-z0-9][A-Za-z0-9_+\-/.]{0,63}$/;

export const ESPEAK_SAMPLE_RATE = 22050;

export class EspeakEngine implements TtsEngine {
  readonly name = 'espeak-ng';
  private readonly binary: string;
  private readonly output: AudioOutput;

  constructor(private readonly options: EspeakEngineOptions = {}) {
    this.binary = options.binary ?? 'espeak-ng';
    this.output = options.output ?? new AudioOutput();
  }

  static isAvailable(binary = 'espeak-ng', searchPath?: string): boolean {
    return findOnPath(binary, searchPath) !== null;
  }

  /** The argument array for one utterance (exposed so tests can see no shell is involved). */
  buildArgs(text: string, options: SynthesisOptions = {}): string[] {
    const args = ['--stdout'];
    const voice = options.voice ?? this.options.voice;
    if (voice !== undefined) {
      if (!VOICE_NAME.test(voice)) {
        throw new BeckonError('TTS_BAD_VOICE', `not an espeak-ng voice name: ${JSON.stringify(voice)}`, 'List voices with `espeak-ng --voices`.');
      }
      args.push('-v', voice);
    }
    const rate = options.rateWpm ?? this.options.rateWpm;
    if (rate !== undefined) {
      if (!Number.isFinite(rate) || rate < 80 || rate > 500) {
        throw new BeckonError('TTS_BAD_RATE', `speaking rate ${rate} wpm is out of range`, 'Use 80 to 500 words per minute.');
      }
      args.push('-s', String(Math.round(rate)));
    }
    // `--` ends option parsing: the text is an operand even when it starts with '-'.
    args.push('--', text);
    return args;
  }

  async *stream(text: string, options: SynthesisOptions = {}): AsyncIterable<Uint8Array> {
    const { signal } = options;
    if (signal?.aborted) throw abortError(signal);
    const proc = spawnSpeechProcess(this.binary, this.buildArgs(text, options), { signal });
    proc.child.stdin!.end();
    let finished = false;
    try {
      for await (const chunk of proc.child.stdout! as AsyncIterable<Buffer>) {
        yield new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      }
      const status = await proc.exited;
      finished = true;
      if (signal?.aborted) throw abortError(signal);
      if (proc.spawnError()) {
        throw new BeckonError('TTS_UNAVAILABLE', `cannot run ${this.binary}: ${proc.spawnError()!.message}`, 'Install espeak-ng (apt-get install espeak-ng, brew install espeak-ng).');
      }
      if (status.code !== 0) {
        throw new BeckonError('TTS_FAILED', `espeak-ng failed (exit ${status.code ?? status.signal}): ${status.stderr.trim()}`, 'Check the voice name with `espeak-ng --voices`.');
      }
    } finally {
      // The consumer stopped early (break or error): do not leave espeak-ng running.
      if (!finished) {
        proc.child.kill('SIGKILL');
        await proc.exited;
      }
    }
  }

  /** One complete WAV with correct size fields. */
  async synthesize(text: string, options: SynthesisOptions = {}): Promise<Uint8Array> {
    const reader = new WavStreamReader();
    const pcm: Uint8Array[] = [];
    for await (const chunk of this.stream(text, options)) pcm.push(reader.push(chunk));
    const format = reader.format;
    if (!format) throw new BeckonError('TTS_FAILED', 'espeak-ng produced no WAV header', 'Run `espeak-ng --stdout hello | head -c 44 | xxd` to check the install.');
    return encodeWav(concatBytes(pcm), format);
  }

  async speak(text: string, options: SpeakOptions = {}): Promise<void> {
    // Start the player and the synthesis together: neither waits for the other to spawn.
    const opening = this.output.open(options.signal);
    opening.catch(() => {}); // handled below; not an unhandled rejection meanwhile
    let playback: Playback | null = null;
    try {
      for await (const chunk of this.stream(text, options)) {
        if (!playback) {
          playback = await opening;
          options.onAudioStart?.();
        }
        await playback.write(chunk);
      }
      playback ??= await opening;
      await playback.end();
    } catch (err) {
      // synthesis failed, the player failed, or we were stopped: either way the player goes quiet
      playback ??= await opening.catch(() => null);
      playback?.kill();
      await playback?.exited;
      if (options.signal?.aborted) throw abortError(options.signal);
      throw err;
    }
  }
}
