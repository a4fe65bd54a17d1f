/**
 * `npm run bench`: the figures of the voice loop on this machine, printed, never asserted.
 * - VAD real-time factor (Silero v5 over ~60 s of espeak-ng speech and silence)
 * - ASR real-time factor per engine, and intent accuracy of the command grammar
 * - end of speech to final transcript, to intent, to first TTS audio, through the real engine
 *   with the wav paced in real time like a microphone
 * - end of speech to first spoken audio on the LLM path (pocketsphinx dictation, test LLM server)
 * - peak RSS of `beckon run` and of all the processes it starts
 * - dashboard: engine event to display in Chromium, bundle size, idle memory of `beckon serve`
 * - vision: hands per frame and fps at 640x480 in Chromium, emotion ms per face, pose to Gesture event
 */
import { readWav } from '../../main/audio/wav.ts';
import { measureVadRtf } from '../../main/audio/vad/measure.ts';
import { PocketsphinxEngine } from '../../main/asr/engines/pocketsphinx.ts';
import type { AsrEngine } from '../../main/asr/engine.ts';
import { toJsgf } from '../../main/commands/jsgf.ts';
import { matchCommand } from '../../main/commands/matcher.ts';
import { createEngine } from '../../main/engine/compose.ts';
import { silentLogger } from '../../main/core/log.ts';
import { speakToWav } from '../support/speech.ts';
import { ensureTestWhisperModel, torchAvailable } from '../asr/whisper/fixture.ts';
import { benchDashboard } from './dashboard.ts';
import { benchVision } from './vision.ts';
import { benchLlmPath, LLM_BENCH } from './llm-path.ts';
import { benchLocalLlm } from './llm-local.ts';
import { peakTreeRssMb } from './tree-rss.ts';
import { BECKON } from '../e2e/cli.ts';

const COMMANDS: Array<[string, string]> = [
  ['turn the volume up', 'volume.up'],
  ['volume down', 'volume.down'],
  ['mute the sound', 'volume.mute'],
  ['pause the music', 'media.pause'],
  ['play music', 'media.play'],
  ['next track', 'media.next'],
  ['previous song', 'media.previous'],
  ['open firefox', 'app.open'],
  ['switch window', 'window.switch'],
  ['scroll down', 'scroll.down'],
  ['scroll up', 'scroll.up'],
  ['what time is it', 'time.query'],
  ['what can I say', 'help.commands'],
  ['stop', 'control.stop'],
  ['repeat that', 'reply.repeat'],
  ['type hello world', 'type.text'],
];
const VOICES = [
  { voice: 'en-us', speed: 160 },
  { voice: 'en-gb', speed: 140 },
  { voice: 'en-us+f3', speed: 175 },
];

const median = (xs: number[]) => quantile(xs, 0.5);
function quantile(xs: number[], q: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}
const fmt = (x: number, digits = 0) => (Number.isNaN(x) ? 'n/a' : x.toFixed(digits));
const line = (label: string, value: string, goal = '') => console.log(`${label.padEnd(52)} ${value.padStart(12)}  ${goal}`);

async function clips(): Promise<Array<{ text: string; intent: string; voice: string; speed: number; path: string }>> {
  const out = [];
  for (const v of VOICES) for (const [text, intent] of COMMANDS) out.push({ text, intent, ...v, path: await speakToWav(text, v) });
  return out;
}

async function benchVad(): Promise<void> {
  const parts: Float32Array[] = [];
  let ms = 0;
  for (let i = 0; ms < 60_000; i++) {
    const [text] = COMMANDS[i % COMMANDS.length]!;
    const { samples } = await readWav(await speakToWav(`${text}. Then I would like to hear the news.`, VOICES[i % VOICES.length]));
    parts.push(samples, new Float32Array(16_000));
    ms += samples.length / 16 + 1000;
  }
  const all = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    all.set(p, offset);
    offset += p.length;
  }
  const speed = await measureVadRtf(all);
  line(`VAD real-time factor (stage, ${(speed.audioMs / 1000).toFixed(0)} s audio)`, fmt(speed.stage.rtf, 4), 'goal <= 0.01');
  line('VAD model ms per 32 ms frame', fmt(speed.model.msPerFrame, 3));
}

async function benchAsr(engine: AsrEngine, label: string, all: Awaited<ReturnType<typeof clips>>): Promise<void> {
  await engine.init();
  const rtfs: number[] = [];
  const ms: number[] = [];
  let right = 0;
  for (const clip of all) {
    const { samples, durationMs } = await readWav(clip.path);
    const t0 = performance.now();
    const result = await engine.transcribe({ samples, final: true });
    const elapsed = performance.now() - t0;
    ms.push(elapsed);
    rtfs.push(elapsed / durationMs);
    if (matchCommand(result.text)?.name === clip.intent) right++;
  }
  await engine.dispose();
  line(`ASR ${label}: real-time factor (median of ${all.length})`, fmt(median(rtfs), 3));
  line(`ASR ${label}: ms per command (median / p90)`, `${fmt(median(ms))} / ${fmt(quantile(ms, 0.9))}`);
  line(`ASR ${label}: right intents (espeak-ng, ${VOICES.length} voices)`, `${right}/${all.length}`);
}

async function benchLoop(all: Awaited<ReturnType<typeof clips>>): Promise<void> {
  const metrics = new Map<string, number[]>();
  for (const clip of all) {
    const engine = await createEngine(
      {
        input: { kind: 'wav', path: clip.path, realtime: true },
        asr: { prefer: 'pocketsphinx' },
        actions: { dryRun: true },
        tts: { play: false },
      },
      silentLogger,
    );
    for await (const e of engine.events) {
      if (e.kind === 'Metric' && e.name.startsWith('latency.')) metrics.set(e.name, [...(metrics.get(e.name) ?? []), e.ms]);
    }
    await engine.stop();
  }
  const show = (name: string, label: string, goal = '') => {
    const xs = metrics.get(name) ?? [];
    line(`${label} (n=${xs.length}, median / p90)`, `${fmt(median(xs))} / ${fmt(quantile(xs, 0.9))} ms`, goal);
  };
  show('latency.eos_to_transcript_ms', 'end of speech -> final transcript');
  show('latency.eos_to_intent_ms', 'end of speech -> intent');
  show('latency.eos_to_first_audio_ms', 'end of speech -> first TTS audio', 'goal <= 600 ms median');
  show('latency.endpointing_ms', 'endpointing: speech really ends -> VAD decides');
  show('latency.speech_end_to_first_audio_ms', 'speech really ends -> first TTS audio');
}

const all = await clips();
console.log(`Beckon benchmark: ${new Date().toISOString()}, ${process.platform} ${process.arch}, node ${process.version}\n`);
await benchVad();
await benchAsr(new PocketsphinxEngine({ engine: 'pocketsphinx', jsgf: toJsgf() }), 'pocketsphinx', all);
if (await torchAvailable()) {
  const { WhisperEngine } = await import('../../main/asr/engines/whisper.ts');
  const dir = await ensureTestWhisperModel();
  // Random weights: this measures the plumbing (mel, encoder, cached decoding) of a tiny model, not a real Whisper.
  await benchAsr(new WhisperEngine({ engine: 'whisper', modelDir: dir, language: 'en' }), 'whisper (tiny random test model)', all.slice(0, 8));
} else {
  console.log('ASR whisper: skipped, Debian python3-torch is not installed to generate the test model');
}
await benchLoop(all);
const llm = await benchLlmPath();
line(
  `LLM path: end of speech -> first spoken audio (n=${llm.eosToFirstAudioMs.length}, median / p90)`,
  `${fmt(median(llm.eosToFirstAudioMs))} / ${fmt(quantile(llm.eosToFirstAudioMs, 0.9))} ms`,
  `test server: first token ${LLM_BENCH.firstTokenDelayMs} ms, then ${LLM_BENCH.tokenMs} ms/token`,
);
line('LLM path: spoken questions that reached the LLM as chat', `${llm.chat}/${llm.total}`);
const local = await benchLocalLlm();
const localNote = `Qwen2.5-0.5B dims, Q4_K_M, random weights, ${local.fileMb.toFixed(0)} MB; ${local.gpu ? `GPU ${local.gpu}` : 'CPU'}, threads ${local.threads}`;
line('local GGUF (node-llama-cpp worker): load', `${fmt(local.loadMs)} ms`, localNote);
line('local GGUF: first token, cold (system + 14 tools + question)', `${fmt(local.coldFirstTokenMs)} ms`);
line('local GGUF: reading system prompt + tools ahead (at start)', `${fmt(local.prepareMs)} ms`);
line(`local GGUF: first token after that (n=${local.firstTokenMs.length}, median)`, `${fmt(median(local.firstTokenMs))} ms`);
line('local GGUF: tokens per second (median)', `${fmt(median(local.tokensPerS))} tok/s`);
line('local GGUF: cancel mid-answer -> next first token (median)', `${fmt(median(local.cancelToNextFirstTokenMs))} ms`);
line('local GGUF: worker RSS', `${fmt(local.workerRssMb)} MB`);
const rss = await peakTreeRssMb(process.execPath, [BECKON, 'run', '--realtime', '--dry-run', '--no-speak']);
line('peak RSS, beckon run: engine process', `${fmt(rss.mainPeakMb)} MB`);
line('peak RSS, beckon run: engine + model workers + tools, summed', `${fmt(rss.peakMb)} MB`, 'goal <= 400 MB');

const dashboard = await benchDashboard();
if (typeof dashboard === 'string') console.log(`dashboard: skipped, ${dashboard}`);
else {
  const ms = dashboard.displayMs;
  line(`engine event -> shown in Chromium over socket.io (n=${ms.length}, median / p90)`, `${fmt(median(ms), 1)} / ${fmt(quantile(ms, 0.9), 1)} ms`, 'goal <= 50 ms median');
  line('dashboard bundle (js+css+html, raw / gzip)', `${fmt(dashboard.bundleBytes / 1024)} / ${fmt(dashboard.bundleGzipBytes / 1024)} KB`);
  line('beckon serve at idle (engine + server, RSS)', `${fmt(dashboard.idleRssMb)} MB`);
}

const vision = await benchVision();
if (typeof vision === 'string') console.log(`vision: skipped, ${vision}`);
else {
  line(`hands + faces per 640x480 frame in Chromium, CPU (n=${vision.frames})`, `${fmt(vision.msPerFrame)} ms`);
  line('frames per second, one after another', fmt(vision.fps, 1), 'goal >= 10');
  line('emotion ms per face through its worker (median / p90)', `${fmt(median(vision.emotionMsPerFace), 2)} / ${fmt(quantile(vision.emotionMsPerFace, 0.9), 2)} ms`, 'goal <= 15 ms');
  line('a fist appears in the video -> its Gesture event (video time)', vision.poseToEventMs === null ? 'not fired' : `${fmt(vision.poseToEventMs)} ms`);
}
process.exit(0);
