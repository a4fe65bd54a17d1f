import { afterEach, describe, expect, it } from 'vitest';
import { EngineService } from '../../main/engine/service.ts';
import { startDashboardServer, type DashboardServer } from '../../main/server/dashboard-server.ts';
import type { WireEvent } from '../../main/common/contract.ts';
import { speakToWav } from '../support/speech.ts';
import { connectClient, waitFor, type TestClient } from './client.ts';
import { trackDelivery } from './delivery-latency.ts';

let server: DashboardServer | undefined;
let service: EngineService | undefined;
let client: TestClient | undefined;
afterEach(async () => {
  client?.close();
  await server?.close();
  await service?.stop();
});

describe('the engine over socket.io', () => {
  it('a dashboard sees the status, then transcript, intent and reply of a wav', async () => {
    const wav = await speakToWav('turn the volume up');
    service = new EngineService({ input: { kind: 'wav', path: wav, realtime: false }, settings: { speechEngine: 'pocketsphinx', dryRun: true }, tts: { play: false } });
    server = await startDashboardServer({ service, port: 0 });
    client = await connectClient(server.url, { token: server.token });
    await waitFor(() => client!.statuses.length > 0, 5000, 'status on connect');
    expect(client.statuses[0]!.state).toBe('stopped');
    await service.start();
    await waitFor(() => client!.statuses.some((s) => s.state === 'idle'), 30_000, 'idle after the wav');
    const find = <K extends WireEvent['kind']>(kind: K) => client!.events.find((e) => e.kind === kind) as Extract<WireEvent, { kind: K }> | undefined;
    expect(find('Transcript')?.text).toMatch(/volume/);
    expect(find('Intent')?.name).toBe('volume.up');
    expect(find('Reply')?.text.length).toBeGreaterThan(0);
    expect(client.events.some((e) => (e.kind as string) === 'AudioFrame' || (e.kind as string) === 'SpeechSegment')).toBe(false);
    expect(client.statuses.map((s) => s.state)).toEqual(expect.arrayContaining(['starting', 'listening', 'idle']));
  }, 60_000);

  it('a dashboard that connects after the conversation still shows it', async () => {
    const wav = await speakToWav('pause the music');
    service = new EngineService({ input: { kind: 'wav', path: wav, realtime: false }, settings: { speechEngine: 'pocketsphinx', dryRun: true }, tts: { play: false } });
    server = await startDashboardServer({ service, port: 0 });
    const idle = new Promise<void>((resolve) => service!.onStatus((s) => s.state === 'idle' && resolve()));
    await service.start();
    await idle;
    client = await connectClient(server.url, { token: server.token });
    await waitFor(() => client!.events.some((e) => e.kind === 'Reply'), 5000, 'the recent events');
    expect(client.events.find((e) => e.kind === 'Intent')).toMatchObject({ name: 'media.pause' });
    expect(client.events.some((e) => e.kind === 'Level')).toBe(false);
  }, 60_000);

  it('measures delivery from engine event to socket.io client (vision events injected while a wav plays)', async () => {
    const wav = await speakToWav('what time is it', { padMs: 3000 });
    service = new EngineService({
      input: { kind: 'wav', path: wav, realtime: true },
      settings: { speechEngine: 'pocketsphinx', dryRun: true, cameraMuted: false },
      tts: { play: false },
    });
    const tracker = trackDelivery(service); // before the server: the clock starts ahead of the send
    server = await startDashboardServer({ service, port: 0, allow: new Set(['vision']), rateLimit: 1000 });
    client = await connectClient(server.url, { token: server.token });
    tracker.attach(client.socket);
    await service.start();
    for (let i = 0; i < 200; i++) {
      const reply = await client.send({ type: 'vision', event: { kind: 'Gesture', t: 0, seq: i, source: 'browser', label: 'thumbs-up', hand: 'right', score: 0.9, gestureType: 'pose' } });
      expect(reply).toEqual({ ok: true });
      await new Promise((r) => setTimeout(r, 5));
    }
    await waitFor(() => client!.statuses.some((s) => s.state === 'idle'), 30_000, 'idle after the wav');
    tracker.stop();
    const gestures = client.events.filter((e) => e.kind === 'Gesture').length;
    console.warn(
      `delivery engine -> socket.io client: median ${tracker.median().toFixed(2)} ms, p95 ${tracker.p95().toFixed(2)} ms over ${tracker.delays.length} events (${gestures} gestures, rest Level/engine events)`,
    );
    expect(gestures).toBe(200);
    expect(tracker.delays.length).toBeGreaterThanOrEqual(200);
  }, 60_000);
});
