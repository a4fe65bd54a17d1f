/**
 * The TTS stage: speaks Reply text sentence by sentence as it streams in, and goes silent at once
 * on a Control interrupt or stop (barge-in).
 *
 * In:  Reply (partial: text is the new chunk; final: text is the full reply; see reply-text.ts).
 * Out: everything it received except Control (the pipeline delivers those itself), plus, per reply:
 *   Speak start   when the first sentence is handed to the engine,
 *   Speak audio   when that reply's first audio bytes exist (+ Metric 'tts.first_audio_ms' from start:
 *                 the TTS share of voice-to-voice latency),
 *   Speak end     when the final Reply's last sentence has been spoken,
 *   Speak stopped when cut short, sent once the synthesis and player processes have exited
 *                 (+ Metric 'tts.stop_ms': control to silence).
 *
 * No speaker (no device, no player): the stage reports one Error event NO_AUDIO_OUTPUT (not fatal)
 * and carries on synthesizing silently, so Speak events, metrics and --tts-out still work. Engines
 * that cannot synthesize silently (`say`) then only emit the events.
 *
 * With `outPath` (--tts-out) all synthesized audio is appended and written as one WAV when the
 * input ends (16-bit mono at the engine's rate: 22050 Hz for espeak-ng).
 */
import { writeFile } from 'node:fs/promises';
import { BeckonError, toBeckonError } from '../common/errors.ts';
import type { BeckonEvent, EventOf } from '../common/events.ts';
import { channelStage, type ControlEvent, type Stage, type StageContext } from '../core/stage.ts';
import type { Channel } from '../core/channel.ts';
import type { TtsEngine } from './engine.ts';
import { AudioOutput, type Playback } from './player.ts';
import { ReplySentences } from './reply-text.ts';
import { PcmAccumulator, WavStreamReader } from './wav.ts';

export interface TtsStageOptions {
  engine: TtsEngine;
  /** play on the speaker; false = synthesize only (events, metrics, outPath) */
  play: boolean;
  /** --tts-out: write all speech to this WAV file when the input ends */
  outPath?: string;
  voice?: string;
  rateWpm?: number;
  /** the speaker; default: the first working player on PATH */
  output?: AudioOutput;
  /** stage name (default 'tts') */
  name?: string;
}

interface ReplyProgress {
  replyId: string;
  startedAt: number | null;
  audioSeen: boolean;
  spoken: string[];
  /** sentences queued or being spoken */
  pending: number;
  final: boolean;
  finished: boolean;
}

interface Job {
  reply: ReplyProgress;
  text: string;
}

const FALLBACK_FORMAT = { sampleRate: 22050, channels: 1, bitsPerSample: 16 };

export function createTtsStage(options: TtsStageOptions): Stage {
  const { engine } = options;
  if (options.outPath && !engine.stream) {
    throw new BeckonError('TTS_OUT_UNSUPPORTED', `${engine.name} cannot write speech to a file here`, 'Use the espeak-ng engine with --tts-out.');
  }
  if (!options.play && !engine.stream) {
    throw new BeckonError('TTS_UNSUPPORTED', `${engine.name} can only speak aloud`, 'Use the espeak-ng engine to synthesize without playback.');
  }
  const name = options.name ?? 'tts';
  return channelStage(name, (input, out, ctx) => new TtsSession(options, name, out, ctx).run(input));
}

class TtsSession {
  private readonly texts = new ReplySentences();
  private readonly progress = new Map<string, ReplyProgress>();
  private readonly queue: Job[] = [];
  private readonly output: AudioOutput;
  private readonly audioFile: PcmAccumulator | null;
  private playing: boolean;
  private noAudioReported = false;
  private current: { job: Job; abort: AbortController; afterStop: (() => void) | null } | null = null;
  private wake: (() => void) | null = null;
  private inputDone = false;
  private readonly seenControls = new WeakSet<ControlEvent>();

  constructor(
    private readonly options: TtsStageOptions,
    private readonly name: string,
    private readonly out: Channel,
    private readonly ctx: StageContext,
  ) {
    this.output = options.output ?? new AudioOutput();
    this.audioFile = options.outPath ? new PcmAccumulator() : null;
    this.playing = options.play;
    // find a working player now, not when the first sentence is waiting for it
    if (this.playing && options.engine.stream) this.output.resolve().catch(() => {});
  }

  async run(input: AsyncIterable<BeckonEvent>): Promise<void> {
    const unsubscribe = this.ctx.onControl((c) => this.onControl(c));
    const onPipelineStop = () => this.cut('pipeline stopped');
    this.ctx.signal.addEventListener('abort', onPipelineStop, { once: true });
    const speaking = this.speakLoop();
    try {
      for await (const event of input) {
        if (event.kind === 'Control') {
          this.onControl(event); // when run without a Pipeline; deduplicated
          continue;
        }
        this.out.push(event);
        if (event.kind === 'Reply') this.onReply(event);
      }
      if (!this.ctx.signal.aborted) {
        for (const { replyId, sentences } of this.texts.finishAll()) this.enqueue(replyId, sentences, true);
      }
    } finally {
      this.inputDone = true;
      this.poke();
      await speaking;
      unsubscribe();
      this.ctx.signal.removeEventListener('abort', onPipelineStop);
    }
    if (this.audioFile && this.options.outPath) {
      await writeFile(this.options.outPath, this.audioFile.toWav(FALLBACK_FORMAT));
    }
  }

  private onReply(event: EventOf<'Reply'>): void {
    const update = this.texts.onReply(event.replyId, event.text, event.partial);
    if (update) this.enqueue(event.replyId, update.sentences, update.final);
  }

  private enqueue(replyId: string, sentences: string[], final: boolean): void {
    let reply = this.progress.get(replyId);
    if (!reply) {
      reply = { replyId, startedAt: null, audioSeen: false, spoken: [], pending: 0, final: false, finished: false };
      this.progress.set(replyId, reply);
    }
    for (const text of sentences) {
      reply.pending++;
      this.queue.push({ reply, text });
    }
    reply.final ||= final;
    this.finishIfDone(reply);
    this.poke();
  }

  private onControl(control: ControlEvent): void {
    if (this.seenControls.has(control)) return;
    this.seenControls.add(control);
    if (control.action === 'interrupt' || control.action === 'stop') this.cut(control.reason ?? control.action);
  }

  /** Barge-in: drop queued sentences, kill the child processes, report once they have exited. */
  private cut(reason: string): void {
    const t0 = this.ctx.clock.now();
    this.queue.length = 0;
    const cutReplies = [...this.progress.values()].filter((r) => !r.finished);
    for (const reply of cutReplies) {
      reply.finished = true;
      this.texts.cancel(reply.replyId);
      this.progress.delete(reply.replyId);
    }
    const inFlight = this.current;
    inFlight?.abort.abort(new Error(`speech stopped: ${reason}`));
    const report = () => {
      if (inFlight) this.out.push(this.ctx.make('Metric', { name: 'tts.stop_ms', ms: this.ctx.clock.now() - t0 }));
      for (const reply of cutReplies) {
        if (reply.startedAt !== null) this.out.push(this.ctx.make('Speak', { replyId: reply.replyId, state: 'stopped', text: reply.spoken.join(' ') }));
      }
    };
    // the speak loop reports once the processes have exited, before it starts anything else
    if (inFlight) inFlight.afterStop = report;
    else report();
    this.poke();
  }

  private async speakLoop(): Promise<void> {
    for (;;) {
      if (this.ctx.signal.aborted) return; // pipeline stopped: cut() already silenced everything
      const job = this.queue.shift();
      if (!job) {
        if (this.inputDone || this.ctx.signal.aborted) return;
        await new Promise<void>((resolve) => (this.wake = resolve));
        continue;
      }
      const current = { job, abort: new AbortController(), afterStop: null as (() => void) | null };
      this.current = current;
      await this.speak(job, current.abort.signal);
      this.current = null;
      current.afterStop?.();
      job.reply.pending--;
      this.finishIfDone(job.reply);
    }
  }

  private poke(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  /** Speak one sentence; never throws (failures become Error events). */
  private async speak(job: Job, signal: AbortSignal): Promise<void> {
    const { reply } = job;
    if (reply.finished) return;
    if (reply.startedAt === null) {
      reply.startedAt = this.ctx.clock.now();
      this.out.push(this.ctx.make('Speak', { replyId: reply.replyId, state: 'start', text: job.text }));
    }
    reply.spoken.push(job.text);
    try {
      if (this.options.engine.stream) await this.streamSentence(job, signal);
      else if (this.playing) {
        await this.options.engine.speak(job.text, { ...this.voice(), signal, onAudioStart: () => this.audioReady(job) });
      }
    } catch (err) {
      if (signal.aborted) return; // cut() reports it
      const error = toBeckonError(err, 'TTS_FAILED');
      if (error.code === 'NO_AUDIO_OUTPUT') this.noAudio(error);
      else this.reportError(error);
    }
  }

  private async streamSentence(job: Job, signal: AbortSignal): Promise<void> {
    const reader = new WavStreamReader();
    // Open the player while espeak-ng starts, not before: the first audio must not wait for it.
    let opening: Promise<Playback | null> | null = this.playing ? this.openPlayback(signal) : null;
    let playback: Playback | null = null;
    try {
      for await (const chunk of this.options.engine.stream!(job.text, { ...this.voice(), signal })) {
        this.audioReady(job);
        const pcm = reader.push(chunk);
        if (this.audioFile && reader.format && !this.audioFile.append(pcm, reader.format)) {
          this.ctx.log.warn(`${this.name}: audio format changed; not written to the output file`);
        }
        if (opening) {
          playback = await opening;
          opening = null;
        }
        if (playback) {
          try {
            await playback.write(chunk);
          } catch (err) {
            if (signal.aborted) throw err;
            playback.kill();
            playback = null;
            this.noAudio(toBeckonError(err, 'NO_AUDIO_OUTPUT'));
          }
        }
      }
      if (playback) {
        try {
          await playback.end();
        } catch (err) {
          if (signal.aborted) throw err;
          this.noAudio(toBeckonError(err, 'NO_AUDIO_OUTPUT'));
        }
      }
    } finally {
      if (opening) playback = await opening; // synthesis failed before the player was needed
      if (playback) {
        if (signal.aborted || opening) playback.kill();
        await playback.exited; // "stopped" must mean the player is gone
      }
    }
  }

  /** null (reported once) when there is no working speaker */
  private async openPlayback(signal: AbortSignal): Promise<Playback | null> {
    try {
      return await this.output.open(signal);
    } catch (err) {
      if (!signal.aborted) this.noAudio(toBeckonError(err, 'NO_AUDIO_OUTPUT'));
      return null;
    }
  }

  private voice(): { voice?: string; rateWpm?: number } {
    return { voice: this.options.voice, rateWpm: this.options.rateWpm };
  }

  private audioReady(job: Job): void {
    const { reply } = job;
    if (reply.audioSeen || reply.finished) return;
    reply.audioSeen = true;
    this.out.push(this.ctx.make('Speak', { replyId: reply.replyId, state: 'audio', text: job.text }));
    this.out.push(this.ctx.make('Metric', { name: 'tts.first_audio_ms', ms: this.ctx.clock.now() - (reply.startedAt ?? 0) }));
  }

  private finishIfDone(reply: ReplyProgress): void {
    if (!reply.final || reply.pending > 0 || reply.finished) return;
    reply.finished = true;
    this.progress.delete(reply.replyId);
    if (reply.startedAt !== null) {
      this.out.push(this.ctx.make('Speak', { replyId: reply.replyId, state: 'end', text: reply.spoken.join(' ') }));
    }
  }

  /** Reported once; then speech continues without the speaker. */
  private noAudio(error: BeckonError): void {
    this.playing = false;
    if (this.noAudioReported) return;
    this.noAudioReported = true;
    this.ctx.log.warn(`${this.name}: ${error.message}; continuing without playback`);
    this.reportError(error);
  }

  private reportError(error: BeckonError): void {
    this.out.push(this.ctx.make('Error', { stage: this.name, code: error.code, message: error.message.slice(0, 2000), hint: error.hint, fatal: false }));
  }
}
