import type { Command } from 'commander';
import { EngineService } from '../engine/service.ts';
import type { AudioInput } from '../engine/config.ts';
import { startDashboardServer } from '../server/dashboard-server.ts';
import { defaultRecorder } from '../audio/mic-source.ts';
import { processLogLevel, stderrLogger } from '../core/log.ts';
import { BeckonError } from '../common/errors.ts';
import type { ClientMessageType } from '../common/contract.ts';
import { exitWithError } from './fail.ts';
import { loadUserConfig, mergeConfigFile } from '../engine/config-file.ts';
import { addLlmOptions, llmFromFlags, type LlmFlags } from './llm-options.ts';

const MESSAGE_TYPES: readonly ClientMessageType[] = ['vision', 'push-to-talk', 'interrupt', 'settings'];
const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

interface ServeOptions extends LlmFlags {
  port: string;
  host: string;
  audio?: string;
  mic?: boolean;
  token?: string;
  allow?: string;
  dryRun?: boolean;
  camera?: boolean;
  speak: boolean;
  realtime: boolean;
  verbose?: boolean;
  config?: string;
}

export function parseAllow(list: string | undefined): Set<ClientMessageType> {
  const allow = new Set<ClientMessageType>();
  for (const raw of (list ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    if (!(MESSAGE_TYPES as readonly string[]).includes(raw))
      throw new BeckonError('BAD_OPTION', `--allow: unknown message type "${raw}"`, `Choose from: ${MESSAGE_TYPES.join(', ')}.`);
    allow.add(raw as ClientMessageType);
  }
  return allow;
}

export function registerServeCommand(program: Command): void {
  addLlmOptions(
    program.command('serve').description('run the engine headless and serve the live dashboard over HTTP and socket.io'),
  )
    .option('--port <n>', 'port to listen on', '4780')
    .option('--host <address>', 'address to bind (a non-loopback address exposes the dashboard to the network)', '127.0.0.1')
    .option('--audio <file.wav>', 'run this wav instead of the microphone')
    .option('--mic', 'listen to the microphone (the default)')
    .option('--token <t>', 'access token (default: a random one)')
    .option('--allow <types>', `what dashboards may send, comma-separated: ${MESSAGE_TYPES.join(',')} (default: nothing, read-only)`)
    .option('--camera', "use the dashboard's camera for gestures and emotion (unmutes it and allows vision messages)")
    .option('--dry-run', 'report desktop actions without doing them')
    .option('--no-speak', 'do not play replies on the speaker')
    .option('--no-realtime', 'read --audio as fast as possible instead of in real time')
    .option('--realtime', 'pace --audio in real time (the default)')
    .option('--config <file.json>', 'configuration file (default: $BECKON_CONFIG, else ~/.config/beckon/config.json if it exists)')
    .option('--verbose', 'log what each stage does to stderr')
    .action(async (opts: ServeOptions) => {
      try {
        await serve(opts);
      } catch (err) {
        exitWithError(err);
      }
    });
}

async function serve(opts: ServeOptions): Promise<void> {
  const port = Number(opts.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new BeckonError('BAD_OPTION', `--port: "${opts.port}" is not a port number`, 'Use a number from 1 to 65535 (0 picks a free one).');
  if (opts.audio && opts.mic) throw new BeckonError('BAD_OPTION', '--audio and --mic cannot be used together', 'Pick one input.');
  const allow = parseAllow(opts.allow);
  const file = await loadUserConfig(opts.config);
  const llmFlags = llmFromFlags(opts);
  // The camera is the dashboard's: its hand and face measurements are the only vision input there is.
  if (opts.camera) allow.add('vision');
  if (opts.verbose) process.env.BECKON_LOG = 'debug';
  const log = stderrLogger(processLogLevel());

  let input: AudioInput;
  if (opts.audio) input = { kind: 'wav', path: opts.audio, realtime: opts.realtime };
  else {
    input = { kind: 'mic' };
    if (!defaultRecorder()) process.stderr.write('No microphone recorder (arecord, sox or rec) found: the dashboard will show the error. Use --audio <file.wav> to serve a recording.\n');
  }

  // the file's rules, barge-in and language model under the flags, as for beckon run
  const fromFile = mergeConfigFile({ input, asr: {}, actions: { dryRun: false }, tts: { play: false }, ...(llmFlags ? { llm: llmFlags } : {}) }, file);
  const service = new EngineService({
    input,
    engine: { fusionRules: fromFile.fusionRules, bargeIn: fromFile.bargeIn, llm: fromFile.llm },
    settings: {
      dryRun: Boolean(opts.dryRun),
      ...(opts.camera ? { cameraMuted: false } : {}),
      ...(file?.tts?.voice ? { voice: file.tts.voice } : {}),
      ...(file?.asr?.lang ? { language: file.asr.lang } : {}),
    },
    tts: { play: opts.speak },
    log,
  });
  // Listen for Ctrl-C before anything is printed: a script may stop us as soon as it sees the URL.
  const interrupted = new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  const server = await startDashboardServer({ service, host: opts.host, port, token: opts.token, allow, log });
  process.stdout.write(`Dashboard: ${server.url}?token=${server.token}\n`);
  if (!LOOPBACK.has(opts.host)) process.stderr.write(`Warning: listening on ${opts.host}: anyone on the network who has the token can watch the dashboard.\n`);
  service.onStatus((s) => {
    if (s.state === 'error') process.stderr.write(`beckon: ${s.message ?? 'the engine failed'}\n${s.hint ? `  ${s.hint}\n` : ''}`);
  });
  await Promise.race([service.start(), interrupted]);
  process.stderr.write('Serving. Press Ctrl-C to stop.\n');

  await interrupted;
  // A second Ctrl-C while shutting down quits at once.
  process.once('SIGINT', () => process.exit(130));
  await server.close();
  await service.stop();
  process.exit(0);
}
