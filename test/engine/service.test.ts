import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EngineService } from '../../main/engine/service.ts';
import { applySettingsPatch } from '../../main/engine/settings.ts';
import { rmsDbfs, createLevelMeter } from '../../main/engine/level.ts';
import { DEFAULT_SETTINGS, SettingsPatchSchema, type EngineStatus, type WireEvent } from '../../main/common/contract.ts';
import { speakToWav } from '../support/speech.ts';
import { silentLogger } from '../../main/core/log.ts';
import { ensureQwen2TestTiny } from '../../main/models/llm/qwen2-gguf.ts';

async function runToEnd(service: EngineService): Promise<{ events: WireEvent[]; states: EngineStatus['state'][] }> {
  const events: WireEvent[] = [];
  const states: EngineStatus['state'][] = [];
  service.onEvent((e) => events.push(e));
  const finished = new Promise<void>((resolve) =>
    service.onStatus((s) => {
      states.push(s.state);
      if (s.state === 'idle' || s.state === 'error') resolve();
    }),
  );
  await service.start();
  await finished;
  return { events, states };
}

const engineOptions = (path: string, settings = {}) => ({
  input: { kind: 'wav' as const, path, realtime: false },
  settings: { speechEngine: 'pocketsphinx' as const, dryRun: true, ...settings },
  tts: { play: false },
});

describe('EngineService', () => {
  it('runs with the local language model from its configuration and names it in the status', async () => {
    // the generated tiny qwen2 GGUF: random weights, this checks plumbing, not answers
    const gguf = await ensureQwen2TestTiny();
    const wav = await speakToWav('turn the volume up');
    const service = new EngineService({ ...engineOptions(wav), engine: { llm: { gguf, contextSize: 1024, maxTokens: 4 } } });
    const { states } = await runToEnd(service);
    expect(states).toEqual(['starting', 'listening', 'idle']);
    const gpuHere = existsSync('/dev/nvidia0') || existsSync('/dev/dri');
    expect(service.status().llm).toEqual({ engine: 'llama.cpp', model: expect.stringMatching(/random weights/), device: gpuHere ? expect.any(String) : 'cpu' });
    await service.stop();
  }, 60_000);

  it('reads the user configuration file when asked (the desktop app): its model and voice; a bad file is an error status', async () => {
    const gguf = await ensureQwen2TestTiny();
    const wav = await speakToWav('turn the volume up');
    const dir = mkdtempSync(join(tmpdir(), 'beckon-user-config-'));
    const saved = process.env.BECKON_CONFIG;
    try {
      process.env.BECKON_CONFIG = join(dir, 'config.json');
      writeFileSync(process.env.BECKON_CONFIG, JSON.stringify({ llm: { gguf, contextSize: 1024, maxTokens: 4 }, tts: { voice: 'en-gb' } }));
      const service = new EngineService({ ...engineOptions(wav), userConfig: true });
      await runToEnd(service);
      expect(service.status().llm?.engine).toBe('llama.cpp');
      expect(service.status().settings.voice).toBe('en-gb');
      await service.stop();

      writeFileSync(process.env.BECKON_CONFIG, JSON.stringify({ llm: { contextSize: 'big' } }));
      const broken = new EngineService({ ...engineOptions(wav), userConfig: true });
      await broken.start();
      expect(broken.status()).toMatchObject({ state: 'error', message: expect.stringContaining('$.llm.contextSize'), hint: expect.stringContaining('config.example.json') });
      await broken.stop();
    } finally {
      if (saved === undefined) delete process.env.BECKON_CONFIG;
      else process.env.BECKON_CONFIG = saved;
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('keeps the loaded language model when a settings change rebuilds the engine', async () => {
    const gguf = await ensureQwen2TestTiny();
    const wav = await speakToWav('turn the volume up');
    const loads: string[] = [];
    const log = { ...silentLogger, info: (msg: string) => void (msg.startsWith('language model:') && loads.push(msg)) };
    const service = new EngineService({
      input: { kind: 'wav', path: wav, realtime: true },
      settings: { speechEngine: 'pocketsphinx', dryRun: true },
      tts: { play: false },
      engine: { llm: { gguf, contextSize: 1024, maxTokens: 4 } },
      log,
    });
    const states: string[] = [];
    service.onStatus((s) => states.push(s.state));
    await service.start();
    expect(service.status().state).toBe('listening');
    await service.handle({ type: 'settings', patch: { voice: 'en-gb' } }, 'test'); // not a live setting: the engine is rebuilt
    expect(states.filter((s) => s === 'starting')).toHaveLength(2);
    expect(service.status().state).toBe('listening');
    expect(service.status().llm?.engine).toBe('llama.cpp');
    expect(loads).toHaveLength(1); // loaded once, used by both engines
    await service.stop();
  }, 60_000);

  it('reports a missing wav as an error status with a hint instead of throwing', async () => {
    const service = new EngineService(engineOptions('/nonexistent/speech.wav'));
    await expect(service.start()).resolves.toBeUndefined();
    const status = service.status();
    expect(status.state).toBe('error');
    expect(status.message).toContain('/nonexistent/speech.wav');
    expect(status.hint).toBeTruthy();
    expect(await service.handle({ type: 'interrupt' }, 'test')).toMatchObject({ ok: false, code: 'NOT_RUNNING' });
    await service.stop();
    expect(service.status().state).toBe('stopped');
  });

  it('runs a wav: every non-audio event, Level readings, then idle', async () => {
    const wav = await speakToWav('turn the volume up');
    const service = new EngineService(engineOptions(wav));
    const { events, states } = await runToEnd(service);
    const kinds = new Set(events.map((e) => e.kind));
    expect(states).toEqual(['starting', 'listening', 'idle']);
    for (const kind of ['Level', 'Vad', 'Transcript', 'Intent', 'Action', 'Reply']) expect(kinds, kind).toContain(kind);
    expect(kinds).not.toContain('AudioFrame');
    expect(kinds).not.toContain('SpeechSegment');
    const intent = events.find((e) => e.kind === 'Intent');
    expect(intent?.kind === 'Intent' && intent.name).toBe('volume.up');
    const levels = events.filter((e) => e.kind === 'Level');
    expect(Math.max(...levels.map((l) => (l.kind === 'Level' ? l.db : -100)))).toBeGreaterThan(-40);
    const status = service.status();
    expect(status.asr?.engine).toBe('pocketsphinx');
    expect(status.tts?.engine).toBeTruthy();
    expect(status.context.allowedApps.length).toBeGreaterThan(0);
    expect(status.models.some((m) => m.task === 'vad')).toBe(true);
    expect(status.models.map((m) => m.name)).not.toContain('qwen2-test-tiny'); // a test fixture, not a model to use
    await service.stop();
  }, 60_000);

  it('hears nothing while the microphone is muted', async () => {
    const wav = await speakToWav('turn the volume up');
    const service = new EngineService(engineOptions(wav, { microphoneMuted: true }));
    const { events } = await runToEnd(service);
    expect(events.filter((e) => e.kind === 'Vad' || e.kind === 'Transcript' || e.kind === 'Intent')).toEqual([]);
    const levels = events.filter((e) => e.kind === 'Level');
    expect(levels.length).toBeGreaterThan(0);
    expect(levels.every((l) => l.kind === 'Level' && l.db === -100)).toBe(true);
    expect(service.status().microphone.muted).toBe(true);
    await service.stop();
  }, 60_000);

  it('with push-to-talk on, hears nothing until the key is pressed', async () => {
    const wav = await speakToWav('turn the volume up');
    const service = new EngineService(engineOptions(wav, { pushToTalk: true }));
    const { events } = await runToEnd(service);
    expect(events.some((e) => e.kind === 'Vad')).toBe(false);
    await service.stop();
  }, 60_000);

  it('rebuilds a running engine for a setting that needs it, not for a live one', async () => {
    const wav = await speakToWav('turn the volume up', { padMs: 2000 });
    const service = new EngineService({ ...engineOptions(wav), input: { kind: 'wav', path: wav, realtime: true } });
    const states: string[] = [];
    service.onStatus((s) => states.push(s.state));
    await service.start();
    expect(await service.handle({ type: 'settings', patch: { microphoneMuted: true } }, 'test')).toEqual({ ok: true });
    expect(states.filter((s) => s === 'starting')).toHaveLength(1);
    expect(await service.handle({ type: 'settings', patch: { voice: 'en-gb' } }, 'test')).toEqual({ ok: true });
    expect(states.filter((s) => s === 'starting')).toHaveLength(2);
    expect(service.status()).toMatchObject({ state: 'listening', tts: { voice: 'en-gb' }, settings: { voice: 'en-gb', microphoneMuted: true } });
    expect(await service.handle({ type: 'interrupt' }, 'test')).toEqual({ ok: true });
    await service.stop();
    expect(service.status().state).toBe('stopped');
  }, 60_000);

  it('refuses vision events while the camera is muted', async () => {
    const service = new EngineService(engineOptions('/nonexistent.wav'));
    const gesture = { kind: 'Gesture' as const, t: 0, seq: 0, source: 'browser', label: 'thumbs-up', hand: 'right' as const, score: 0.9, gestureType: 'pose' as const };
    expect(await service.handle({ type: 'vision', event: gesture }, 'test')).toMatchObject({ ok: false, code: 'CAMERA_MUTED' });
    expect(await service.handle({ type: 'settings', patch: { cameraMuted: false } }, 'test')).toEqual({ ok: true });
    expect(await service.handle({ type: 'vision', event: gesture }, 'test')).toMatchObject({ ok: false, code: 'NOT_RUNNING' });
    expect(service.status().camera).toEqual({ live: true, muted: false });
  });
});

describe('settings patches', () => {
  it('applies live settings without a restart and others with one', () => {
    expect(applySettingsPatch(DEFAULT_SETTINGS, { microphoneMuted: true })).toEqual({ settings: { ...DEFAULT_SETTINGS, microphoneMuted: true }, restart: false });
    expect(applySettingsPatch(DEFAULT_SETTINGS, { language: 'de' }).restart).toBe(true);
    expect(applySettingsPatch(DEFAULT_SETTINGS, { language: DEFAULT_SETTINGS.language }).restart).toBe(false);
  });

  it('the contract refuses unknown keys and wrong types', () => {
    expect(SettingsPatchSchema.safeParse({ dryRun: true, shell: 'rm' }).success).toBe(false);
    expect(SettingsPatchSchema.safeParse({ pushToTalk: 'yes' }).success).toBe(false);
    expect(SettingsPatchSchema.safeParse({ speechEngine: 'cloud' }).success).toBe(false);
  });
});

describe('level meter', () => {
  it('measures dBFS', () => {
    expect(rmsDbfs(new Float32Array(512))).toBe(-100);
    expect(rmsDbfs(new Float32Array(512).fill(1))).toBe(0);
    expect(rmsDbfs(new Float32Array(512).fill(0.1))).toBeCloseTo(-20, 1);
  });

  it('reports about ten times per second of audio', () => {
    const readings: number[] = [];
    const meter = createLevelMeter((db) => readings.push(db));
    for (let i = 0; i < 100; i++) meter({ kind: 'AudioFrame', t: 0, seq: i, source: 'x', samples: new Float32Array(160).fill(0.5), sampleRate: 16000, t0: i * 10 });
    expect(readings.length).toBe(10);
    expect(readings[0]).toBeCloseTo(-6, 0);
  });
});
