import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { createEngine } from '../engine/compose.ts';
import type { AudioInput, EngineConfig } from '../engine/config.ts';
import { processLogLevel, stderrLogger } from '../core/log.ts';
import type { BeckonEvent } from '../common/events.ts';
import { formatEvent, jsonPrinter } from './timeline.ts';
import { exitWithError } from './fail.ts';
import { loadUserConfig, mergeConfigFile } from '../engine/config-file.ts';
import { BeckonError } from '../common/errors.ts';
import { addLlmOptions, llmFromFlags, type LlmFlags } from './llm-options.ts';

const DEFAULT_SAMPLE_NAME = 'turn the volume up';
const DEFAULT_SAMPLE = fileURLToPath(new URL('../../assets/samples/turn-the-volume-up.wav', import.meta.url));

interface LoopOptions extends LlmFlags {
  json?: boolean;
  partials: boolean;
  speak: boolean;
  ttsOut?: string;
  voice?: string;
  dryRun?: boolean;
  engine?: 'whisper' | 'pocketsphinx';
  whisperModel?: string;
  lang?: string;
  record?: string;
  verbose?: boolean;
  voiceBargeIn: boolean;
  config?: string;
}

function addLoopOptions(cmd: Command): Command {
  return addLlmOptions(cmd)
    .option('--json', 'print one JSON event per line')
    .option('--no-partials', 'hide partial transcripts in the timeline')
    .option('--no-speak', 'do not play replies on the speaker')
    .option('--tts-out <file.wav>', 'write the spoken replies to a wav file')
    .option('--voice <name>', 'TTS voice (espeak-ng voice name on Linux)')
    .option('--dry-run', 'report desktop actions without doing them')
    .option('--engine <name>', 'speech engine: whisper or pocketsphinx (default: whisper when its model is present)')
    .option('--whisper-model <dir>', 'folder of a Whisper model in the Hugging Face ONNX layout')
    .option('--lang <code>', 'spoken language, e.g. en or zh (Whisper detects it when omitted)')
    .option('--config <file.json>', 'configuration file (default: $BECKON_CONFIG, else ~/.config/beckon/config.json if it exists); flags override it')
    .option('--record <file.jsonl>', 'write the session events (never audio) to a JSONL file')
    .option('--no-voice-barge-in', 'only an open palm (not your voice) cuts a reply short: for loudspeakers, which Beckon could hear itself through')
    .option('--verbose', 'log what each stage does to stderr');
}

export function registerLoopCommands(program: Command): void {
  addLoopOptions(
    program
      .command('run')
      .description('run the voice loop on a wav file (or a recorded session) and print the timeline')
      .option('--audio <file.wav>', `speech to run through the loop (default: the bundled sample ${DEFAULT_SAMPLE_NAME})`)
      .option('--events <file.jsonl>', 'replay a recorded session (transcripts, gestures) instead of audio')
      .option('--realtime', 'pace the input in real time, as a microphone would (default: as fast as possible)'),
  ).action(async (opts: LoopOptions & { audio?: string; events?: string; realtime?: boolean }, cmd: Command) => {
    let input: AudioInput;
    if (opts.audio) input = { kind: 'wav', path: opts.audio, realtime: Boolean(opts.realtime) };
    else if (opts.events) input = { kind: 'events', path: opts.events, realtime: Boolean(opts.realtime) };
    else {
      process.stderr.write(`No --audio given: running the bundled sample "${DEFAULT_SAMPLE_NAME}".\n`);
      input = { kind: 'wav', path: DEFAULT_SAMPLE, realtime: Boolean(opts.realtime) };
    }
    await runLoop(input, opts, false, cmd);
  });

  addLoopOptions(
    program
      .command('listen')
      .description('listen to the microphone and run the voice loop until Ctrl-C')
      .option('--recorder <name>', 'sox, rec or arecord (default: the first found)')
      .option('--device <name>', 'input device for the recorder'),
  ).action(async (opts: LoopOptions & { recorder?: 'sox' | 'rec' | 'arecord'; device?: string }, cmd: Command) => {
    await runLoop({ kind: 'mic', recorder: opts.recorder, device: opts.device }, opts, true, cmd);
  });
}

async function runLoop(input: AudioInput, opts: LoopOptions, live: boolean, cmd: Command): Promise<void> {
  const flags: EngineConfig = {
    input,
    asr: { prefer: opts.engine, whisperModelDir: opts.whisperModel, lang: opts.lang },
    actions: { dryRun: Boolean(opts.dryRun) },
    bargeIn: opts.voiceBargeIn ? 'voice' : 'gesture-only',
    tts: { play: opts.speak, outPath: opts.ttsOut, voice: opts.voice },
    recordPath: opts.record,
  };
  let config: EngineConfig;
  try {
    const llm = llmFromFlags(opts);
    if (llm) flags.llm = llm;
    // --no-voice-barge-in always has a value: only an explicit flag overrides the file's bargeIn
    config = mergeConfigFile(flags, await loadUserConfig(opts.config), { bargeIn: cmd.getOptionValueSource('voiceBargeIn') === 'cli' });
  } catch (err) {
    exitWithError(err);
  }
  if (opts.verbose) process.env.BECKON_LOG = 'debug'; // worker processes inherit it
  const log = stderrLogger(processLogLevel());
  let engine;
  try {
    engine = await createEngine(config, log);
  } catch (err) {
    exitWithError(err);
  }

  const print = opts.json
    ? jsonPrinter((line) => process.stdout.write(`${line}\n`))
    : (e: BeckonEvent) => {
        const line = formatEvent(e, { partials: opts.partials });
        if (line !== null) process.stdout.write(`${line}\n`);
      };
  engine.pipeline.bus.subscribe(print);

  if (live) {
    if (!opts.json) process.stderr.write('Listening. Press Ctrl-C to stop.\n');
    let interrupts = 0;
    // First Ctrl-C stops gracefully (speech in flight is finished); a second one quits at once.
    process.on('SIGINT', () => {
      if (++interrupts > 1) process.exit(130);
      engine.pipeline.control('stop', 'Ctrl-C', 'cli');
    });
    engine.pipeline.bus.subscribe((e) => {
      if (e.kind === 'Control' && e.action === 'stop') void engine.stop('Ctrl-C');
    });
  }

  let intents = 0;
  let fatal: BeckonError | null = null;
  for await (const event of engine.events) {
    if (event.kind === 'Intent') intents++;
    if (event.kind === 'Error' && event.fatal && fatal === null) fatal = new BeckonError(event.code, event.message, event.hint);
  }
  await engine.stop();

  if (fatal) exitWithError(fatal);
  if (live) process.exit(0);
  if (intents === 0) {
    const what = input.kind === 'wav' ? `no speech was understood in ${input.path}` : `no intent came from ${'path' in input ? input.path : 'the input'}`;
    exitWithError(new Error(what));
  }
  process.exit(0);
}
