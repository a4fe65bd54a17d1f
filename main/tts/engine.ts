/**
 * One interface for every speech synthesiser.
 *
 * - `stream()` yields WAV bytes as the engine makes them (the first chunks hold the RIFF header;
 *   its size fields may be streaming placeholders). Engines that cannot hand out audio bytes on this
 *   platform (the `say` package on Linux) leave it out; the stage then plays through `speak()`.
 * - `synthesize()` returns one complete WAV (sizes fixed up), for files and tests.
 * - `speak()` plays on the default audio output and resolves when playback has finished.
 *   It rejects with BeckonError 'NO_AUDIO_OUTPUT' when there is no speaker or player.
 *
 * Aborting `signal` kills the engine's child processes with SIGKILL at once; the promise (or the
 * stream) then rejects with the abort reason, only after the processes have exited, so "stopped"
 * really means silent.
 */
export interface SynthesisOptions {
  /** engine-specific voice: espeak-ng 'en-us', 'cmn'; festival 'voice_kal_diphone'; macOS 'Alex' */
  voice?: string;
  /** speaking rate in words per minute (espeak-ng's default is 175) */
  rateWpm?: number;
  signal?: AbortSignal;
}

export interface SpeakOptions extends SynthesisOptions {
  /** called once, when the first audio is handed to the audio output */
  onAudioStart?: () => void;
}

export interface TtsEngine {
  readonly name: string;
  stream?(text: string, options?: SynthesisOptions): AsyncIterable<Uint8Array>;
  synthesize(text: string, options?: SynthesisOptions): Promise<Uint8Array>;
  speak(text: string, options?: SpeakOptions): Promise<void>;
}

/** espeak-ng's own default rate, used as the 1.0x speed for engines that take a ratio */
export const DEFAULT_RATE_WPM = 175;
