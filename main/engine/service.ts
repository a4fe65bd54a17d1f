/**
 * A long-running engine for dashboards (the Electron app and `beckon serve`): it owns one voice loop,
 * tells listeners every event that carries no audio (plus a ~10/s microphone Level), keeps an
 * EngineStatus, and applies the ClientMessages the contract allows. User-fixable failures never throw:
 * they put the status in 'error' with a message and a hint, and the host keeps serving.
 */
import { VisionProcessor } from '../vision/processor.ts';
import { basename } from 'node:path';
import { createEngine, type Engine } from './compose.ts';
import { createConfiguredLlm, type ConfiguredLlm } from '../llm/select.ts';
import { loadUserConfig } from './config-file.ts';
import type { AudioInput, EngineConfig } from './config.ts';
import { createLevelMeter } from './level.ts';
import { applySettingsPatch } from './settings.ts';
import { conversationContext, modelSummary, presentWhisperModel } from './context.ts';
import {
  DEFAULT_SETTINGS,
  SettingsSchema,
  type ClientMessage,
  type ClientReply,
  type EngineStatus,
  type Settings,
  type WireEvent,
} from '../common/contract.ts';
import { BINARY_KINDS, type BeckonEvent } from '../common/events.ts';
import { toBeckonError } from '../common/errors.ts';
import { type Logger, silentLogger } from '../core/log.ts';

export interface EngineServiceOptions {
  input: AudioInput;
  /** merged over DEFAULT_SETTINGS */
  settings?: Partial<Settings>;
  tts?: { play: boolean; outPath?: string };
  /** a Whisper model folder; default: a downloaded one from the models manifest */
  asr?: { whisperModelDir?: string };
  /** what the configuration file and flags decide beyond the dashboard's settings */
  engine?: Pick<EngineConfig, 'fusionRules' | 'llm' | 'bargeIn'>;
  /**
   * Read the user's configuration file ($BECKON_CONFIG, else ~/.config/beckon/config.json) when the
   * engine first starts, as the desktop app does; what `settings` and `engine` give wins over it.
   * A bad file is an error status with its hint.
   */
  userConfig?: boolean;
  log?: Logger;
}

type Listener<T> = (value: T) => void;

export class EngineService {
  private settings: Settings;
  private engine: Engine | null = null;
  private state: EngineStatus['state'] = 'stopped';
  private problem: { message?: string; hint?: string } = {};
  private chosen: Engine['chosen'] | null = null;
  private talkPressed = false;
  private visionProcessor: VisionProcessor | null = null;
  private readonly eventListeners = new Set<Listener<WireEvent>>();
  private readonly statusListeners = new Set<Listener<EngineStatus>>();
  private readonly log: Logger;
  private readonly models = modelSummary();
  private readonly context = conversationContext();
  private extras: EngineServiceOptions['engine'];
  private userConfigRead = false;
  /** the language model, loaded once and kept while engines are rebuilt for settings changes */
  private llm: Promise<ConfiguredLlm | null> | null = null;
  /** serialises start/stop/restart so a burst of settings patches cannot build two engines */
  private lifecycle: Promise<void> = Promise.resolve();

  constructor(private readonly options: EngineServiceOptions) {
    this.settings = SettingsSchema.parse({ ...DEFAULT_SETTINGS, ...options.settings });
    this.log = options.log ?? silentLogger;
    this.extras = options.engine;
  }

  start(): Promise<void> {
    return this.serially(() => this.startNow());
  }

  stop(): Promise<void> {
    return this.serially(async () => {
      await this.stopNow();
      const llm = this.llm;
      this.llm = null;
      await (await llm?.catch(() => null))?.engine.close?.();
      this.setState('stopped');
    });
  }

  /** The configuration file under what the host set, once (a bad file fails this start and is read again at the next). */
  private async readUserConfig(): Promise<void> {
    if (!this.options.userConfig || this.userConfigRead) return;
    const file = await loadUserConfig(undefined);
    this.userConfigRead = true;
    if (!file) return;
    this.log.info(`configuration: ${file.path}`);
    const given = this.options.settings ?? {};
    if (file.tts?.voice && given.voice === undefined) this.settings = { ...this.settings, voice: file.tts.voice };
    if (file.asr?.lang && given.language === undefined) this.settings = { ...this.settings, language: file.asr.lang };
    const fromFile = { fusionRules: file.fusion?.rules, bargeIn: file.bargeIn, llm: file.llm };
    this.extras = { ...fromFile, ...Object.fromEntries(Object.entries(this.options.engine ?? {}).filter(([, v]) => v !== undefined)) };
  }

  /**
   * Loads the configured language model the first time; a failed load is tried again at the next
   * start, and a model that has given up after repeated crashes is replaced.
   */
  private async sharedLlm(): Promise<ConfiguredLlm | null> {
    const choice = this.extras?.llm;
    if (!choice) return null;
    const loaded = await this.llm?.catch(() => null);
    if (loaded?.engine.failed?.()) {
      this.log.warn('language model: it stopped working; loading it again');
      await loaded.engine.close?.();
      this.llm = null;
    }
    this.llm ??= createConfiguredLlm(choice, this.log).catch((err: unknown) => {
      this.llm = null;
      throw err;
    });
    return this.llm;
  }

  /** What the audio comes from, as a person would name it: the chosen microphone, or the file standing in for one. */
  private inputDevice(): { device?: string } {
    const input = this.options.input;
    if (input.kind === 'wav') return { device: `file ${basename(input.path)}` };
    if (input.kind === 'events') return { device: `recorded session ${basename(input.path)}` };
    return this.settings.microphoneDevice ? { device: this.settings.microphoneDevice } : {};
  }

  status(): EngineStatus {
    const running = this.state === 'listening';
    const micGateOpen = !this.settings.microphoneMuted && (!this.settings.pushToTalk || this.talkPressed);
    return {
      state: this.state,
      ...this.problem,
      ...(this.chosen?.asr ? { asr: this.chosen.asr } : {}),
      ...(this.chosen ? { tts: this.chosen.tts } : {}),
      ...(this.chosen?.llm ? { llm: this.chosen.llm } : {}),
      models: this.models,
      microphone: {
        live: running && this.options.input.kind === 'mic' && micGateOpen,
        muted: this.settings.microphoneMuted,
        ...this.inputDevice(),
      },
      // The camera runs in the dashboard (MediaPipe in the browser): live whenever it is not muted.
      camera: { live: !this.settings.cameraMuted, muted: this.settings.cameraMuted },
      context: this.context,
      settings: { ...this.settings },
    };
  }

  onEvent(listener: Listener<WireEvent>): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  onStatus(listener: Listener<EngineStatus>): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  async handle(message: ClientMessage, origin: string): Promise<ClientReply> {
    this.log.debug(`message ${message.type} from ${origin}`);
    switch (message.type) {
      case 'vision': {
        if (this.settings.cameraMuted) return refuse('CAMERA_MUTED', 'the camera is muted');
        const pipeline = this.engine?.pipeline;
        if (!pipeline) return refuse('NOT_RUNNING', 'the engine is not running');
        // Re-stamped on the engine's clock and sequence: a client's t and seq mean nothing here.
        const { kind, t: _t, seq: _seq, source, ...body } = message.event;
        const event = pipeline.make(kind, body as never, source) as BeckonEvent;
        return pipeline.inject(event) ? { ok: true } : refuse('NOT_RUNNING', 'the engine has finished its input');
      }
      case 'perception': {
        if (this.settings.cameraMuted) return refuse('CAMERA_MUTED', 'the camera is muted');
        const pipeline = this.engine?.pipeline;
        if (!pipeline) return refuse('NOT_RUNNING', 'the engine is not running');
        const outputs = await this.vision().process(message.perception, { live: true });
        for (const output of outputs) pipeline.inject(pipeline.make(output.kind, output.body as never, 'vision') as BeckonEvent);
        return { ok: true };
      }
      case 'push-to-talk':
        this.talkPressed = message.pressed;
        this.emitStatus();
        return { ok: true };
      case 'interrupt':
        if (!this.engine) return refuse('NOT_RUNNING', 'the engine is not running');
        this.engine.pipeline.control('interrupt', `from ${origin}`.slice(0, 200), 'dashboard');
        return { ok: true };
      case 'settings': {
        const { settings, restart } = applySettingsPatch(this.settings, message.patch);
        this.settings = settings;
        this.emitStatus();
        // A finished file is not replayed for a settings change; a live or failed engine is rebuilt.
        if (restart && (this.state === 'listening' || this.state === 'error')) await this.serially(() => this.startNow());
        return { ok: true };
      }
    }
  }

  private serially(step: () => Promise<void>): Promise<void> {
    const next = this.lifecycle.then(step, step);
    this.lifecycle = next.catch(() => {});
    return next;
  }

  private async startNow(): Promise<void> {
    await this.stopNow();
    this.problem = {};
    this.setState('starting');
    let engine: Engine;
    try {
      await this.readUserConfig();
      const llm = await this.sharedLlm();
      engine = await createEngine(this.engineConfig(), this.log, { admit: (e) => this.admit(e), llm });
    } catch (err) {
      this.fail(err);
      return;
    }
    this.engine = engine;
    this.chosen = engine.chosen;
    const meter = createLevelMeter((db) => this.emitEvent(engine.pipeline.make('Level', { db }, 'level')));
    // The pipeline may show a run-ending Error once per stage it passes: tell it once.
    const seen = new Set<number>();
    engine.pipeline.bus.subscribe((event) => {
      if (event.kind === 'AudioFrame') return meter(event);
      if (event.kind === 'Error' && seen.has(event.seq)) return;
      if (event.kind === 'Error') seen.add(event.seq);
      if (!BINARY_KINDS.has(event.kind)) this.emitEvent(event as WireEvent);
      if (event.kind === 'Error' && event.fatal && this.engine === engine) this.fail(event);
    });
    this.setState('listening');
    void this.drain(engine);
  }

  /** Runs the engine to the end of its input; a finished file leaves the service idle, still serving. */
  private async drain(engine: Engine): Promise<void> {
    try {
      for await (const _ of engine.events);
    } catch (err) {
      if (this.engine === engine) this.fail(err);
    }
    if (this.engine !== engine) return;
    this.engine = null;
    await engine.stop('input ended').catch((err: unknown) => this.log.warn('engine stop failed', err));
    if (this.state === 'listening') this.setState('idle');
  }

  /** Made on the first camera frame: the emotion model loads in its worker only when a camera is used. */
  private vision(): VisionProcessor {
    this.visionProcessor ??= new VisionProcessor({
      onEmotionUnavailable: (err) => this.log.warn(`facial emotion is off: ${err.message}${err.hint ? ` (${err.hint})` : ''}`),
    });
    return this.visionProcessor;
  }

  private async stopNow(): Promise<void> {
    await this.visionProcessor?.stop();
    this.visionProcessor = null;
    const engine = this.engine;
    this.engine = null;
    if (engine) await engine.stop('service stopped').catch((err: unknown) => this.log.warn('engine stop failed', err));
  }

  /** Microphone mute and push-to-talk: gated frames become silence, so an utterance in progress ends cleanly. */
  private admit(event: BeckonEvent): boolean {
    if (event.kind !== 'AudioFrame') return true;
    const open = !this.settings.microphoneMuted && (!this.settings.pushToTalk || this.talkPressed);
    if (!open) event.samples = new Float32Array(event.samples.length);
    return true;
  }

  private engineConfig(): EngineConfig {
    const s = this.settings;
    const input: AudioInput = this.options.input.kind === 'mic' ? { ...this.options.input, device: s.microphoneDevice ?? this.options.input.device } : this.options.input;
    return {
      input,
      asr: {
        prefer: s.speechEngine === 'auto' ? undefined : s.speechEngine,
        whisperModelDir: this.options.asr?.whisperModelDir ?? presentWhisperModel(),
        lang: s.language === 'auto' ? undefined : s.language,
      },
      actions: { dryRun: s.dryRun },
      tts: { play: this.options.tts?.play ?? true, outPath: this.options.tts?.outPath, voice: s.voice },
      ...this.extras,
    };
  }

  private fail(err: unknown): void {
    const e = err !== null && typeof err === 'object' && 'kind' in err && (err as BeckonEvent).kind === 'Error'
      ? (err as Extract<BeckonEvent, { kind: 'Error' }>)
      : toBeckonError(err, 'ENGINE_FAILED');
    this.problem = { message: e.message, ...(e.hint ? { hint: e.hint } : {}) };
    this.log.debug(`engine: ${e.message}`);
    this.setState('error');
  }

  private setState(state: EngineStatus['state']): void {
    this.state = state;
    this.emitStatus();
  }

  private emitStatus(): void {
    const status = this.status();
    for (const listener of this.statusListeners) safely(() => listener(status), this.log);
  }

  private emitEvent(event: WireEvent): void {
    for (const listener of this.eventListeners) safely(() => listener(event), this.log);
  }
}

function refuse(code: string, error: string): ClientReply {
  return { ok: false, code, error };
}

function safely(call: () => void, log: Logger): void {
  try {
    call();
  } catch (err) {
    log.warn('listener failed', err);
  }
}
