/**
 * An engine over the npm `say` package: macOS `say`, Windows SAPI (PowerShell), Linux festival.
 *
 * SECURITY: `say` builds festival's `(SayText "<text>")` and the PowerShell voice selector without
 * escaping. Every text goes through sanitizeForSpeech() and every voice through isSafeVoiceName()
 * here, with no way to turn that off. See sanitize.ts.
 *
 * `say` keeps one child per instance and its Linux stop() kills `pid + 2` (a guess at aplay's pid),
 * so we never call stop(): each utterance gets its own instance and we kill its process tree.
 */
import { createRequire } from 'node:module';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BeckonError } from '../common/errors.ts';
import { DEFAULT_RATE_WPM, type SpeakOptions, type SynthesisOptions, type TtsEngine } from './engine.ts';
import { NO_AUDIO_HINT } from './player.ts';
import { abortError, descendantPids, findOnPath, killProcess } from './process.ts';
import { isSafeVoiceName, sanitizeForSpeech } from './sanitize.ts';

export { sanitizeForSpeech } from './sanitize.ts';

type SayCallback = (err: Error | string | null) => void;
interface SayPlatform {
  child: ChildProcess | null;
  speak(text: string, voice: string | null, speed: number | null, cb: SayCallback): void;
  export(text: string, voice: string | null, speed: number | null, file: string, cb: SayCallback): void;
}
interface SayModule {
  Say: new (platform?: NodeJS.Platform) => SayPlatform;
}

const require = createRequire(import.meta.url);
const sayModule = require('say') as SayModule;

const BACKEND: Partial<Record<NodeJS.Platform, string>> = { darwin: 'say', win32: 'powershell', linux: 'festival' };
const NO_DEVICE_STDERR = /audio open (error|failed)|connection refused|unknown pcm|cannot find card/i;

export interface SayEngineOptions {
  platform?: NodeJS.Platform;
  voice?: string;
  rateWpm?: number;
  /** longest text spoken per call; longer text is cut at a word */
  maxChars?: number;
}

export class SayEngine implements TtsEngine {
  readonly name: string;
  private readonly platform: NodeJS.Platform;

  constructor(private readonly options: SayEngineOptions = {}) {
    this.platform = options.platform ?? process.platform;
    this.name = `say:${BACKEND[this.platform] ?? this.platform}`;
  }

  static isAvailable(platform: NodeJS.Platform = process.platform, searchPath?: string): boolean {
    const backend = BACKEND[platform];
    return backend !== undefined && findOnPath(backend, searchPath) !== null;
  }

  /** What will reach the backend: sanitised text, checked voice, speed as `say`'s ratio. */
  prepare(text: string, options: SynthesisOptions = {}): { text: string; voice: string | null; speed: number | null } {
    const safe = sanitizeForSpeech(text, this.options.maxChars);
    // festival segfaults when nothing speakable is left (empty, only punctuation, non-Latin script)
    if (this.platform === 'linux' ? !/[A-Za-z0-9]/.test(safe) : !/[\p{L}\p{N}]/u.test(safe)) {
      throw new BeckonError('TTS_UNSPEAKABLE', `${this.name} has nothing it can speak in ${JSON.stringify(text.slice(0, 80))}`, 'Use the espeak-ng engine for non-Latin scripts.');
    }
    const voice = options.voice ?? this.options.voice ?? null;
    if (voice !== null && !isSafeVoiceName(voice, this.platform)) {
      throw new BeckonError('TTS_BAD_VOICE', `unsafe or unknown voice name ${JSON.stringify(voice)}`, this.platform === 'linux' ? 'Festival voices look like voice_kal_diphone.' : 'Use a plain voice name such as Alex.');
    }
    const rate = options.rateWpm ?? this.options.rateWpm;
    const speed = rate === undefined ? null : Math.min(4, Math.max(0.25, rate / DEFAULT_RATE_WPM));
    if (speed !== null && !Number.isFinite(speed)) throw new BeckonError('TTS_BAD_RATE', `bad speaking rate ${rate}`, 'Use 80 to 500 words per minute.');
    return { text: safe, voice, speed };
  }

  async speak(text: string, options: SpeakOptions = {}): Promise<void> {
    const { signal } = options;
    if (signal?.aborted) throw abortError(signal);
    const prepared = this.prepare(text, options);
    const say = new sayModule.Say(this.platform);
    say.speak(prepared.text, prepared.voice, prepared.speed, () => {
      // say reports the first stderr line as an error before the process ends; we judge on exit
    });
    const child = say.child;
    if (!child) throw new BeckonError('TTS_FAILED', 'say did not start a process', undefined);
    await this.watch(child, options, 'speak');
  }

  /** macOS and Windows only: `say` cannot export on Linux. */
  async synthesize(text: string, options: SynthesisOptions = {}): Promise<Uint8Array> {
    if (this.platform === 'linux') {
      throw new BeckonError('TTS_UNSUPPORTED', 'the say engine cannot write audio on Linux', 'Use the espeak-ng engine for --tts-out.');
    }
    const prepared = this.prepare(text, options);
    const dir = await mkdtemp(join(tmpdir(), 'beckon-say-'));
    try {
      const file = join(dir, 'speech.wav');
      const say = new sayModule.Say(this.platform);
      say.export(prepared.text, prepared.voice, prepared.speed, file, () => {});
      if (!say.child) throw new BeckonError('TTS_FAILED', 'say did not start a process', undefined);
      await this.watch(say.child, options, 'export');
      return new Uint8Array(await readFile(file));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /** Wait for the backend to exit; kill its whole tree on abort; turn failures into BeckonErrors. */
  private watch(child: ChildProcess, options: SpeakOptions, what: string): Promise<void> {
    const { signal, onAudioStart } = options;
    let stderr = '';
    child.stderr?.on('data', (d: Buffer | string) => {
      stderr = (stderr + d.toString()).slice(-4096);
    });
    child.stdin?.on('error', () => {});
    const kill = () => killProcess(child, true);
    signal?.addEventListener('abort', kill, { once: true });
    // festival plays through a child (sh -> aplay): its appearance is our "audio started"
    let audioStarted = false;
    const startAudio = () => {
      if (audioStarted) return;
      audioStarted = true;
      onAudioStart?.();
    };
    const poll =
      onAudioStart && this.platform === 'linux' && child.pid !== undefined
        ? setInterval(() => {
            if (descendantPids(child.pid!).length > 0) startAudio();
          }, 5)
        : null;
    if (!poll && onAudioStart) child.once('spawn', startAudio);
    return new Promise<void>((resolve, reject) => {
      child.once('error', (err) => {
        if (poll) clearInterval(poll);
        reject(new BeckonError('TTS_UNAVAILABLE', `cannot run ${BACKEND[this.platform]}: ${err.message}`, 'Install festival (Linux) or use espeak-ng.'));
      });
      child.once('close', (code, sig) => {
        if (poll) clearInterval(poll);
        signal?.removeEventListener('abort', kill);
        if (signal?.aborted) return reject(abortError(signal));
        if (what === 'speak' && NO_DEVICE_STDERR.test(stderr)) {
          return reject(new BeckonError('NO_AUDIO_OUTPUT', `${this.name} could not play audio: ${stderr.trim().split('\n').pop()}`, NO_AUDIO_HINT));
        }
        if (code !== 0) {
          return reject(new BeckonError('TTS_FAILED', `${this.name} failed (exit ${code ?? sig}): ${stderr.trim().slice(-300)}`, undefined));
        }
        startAudio();
        resolve();
      });
    });
  }
}
