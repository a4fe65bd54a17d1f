import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Logger } from '../../main/core/log.ts';
import { FakeEngine } from './fake-engine.ts';
import { FakeWebContents } from './electron-mock.ts';

vi.mock('electron', async () => (await import('./electron-mock.ts')).electronModule);
const { setupIpc } = await import('../../main/app/ipc.ts');

type Handler = (event: unknown, ...args: unknown[]) => unknown;

function harness() {
  const handlers = new Map<string, Handler>();
  const ipcMain = { handle: vi.fn((c: string, h: Handler) => handlers.set(c, h)), removeHandler: vi.fn((c: string) => handlers.delete(c)) };
  const engine = new FakeEngine();
  const contents = new FakeWebContents();
  const warnings: unknown[] = [];
  const log: Logger = { debug() {}, info() {}, error() {}, warn: (msg, data) => warnings.push({ msg, data }) };
  const dispose = setupIpc({ ipcMain: ipcMain as never, engine, appContents: () => contents as never, log });
  const fromApp = () => ({ sender: contents, senderFrame: contents.mainFrame });
  const invoke = (channel: string, event: unknown, ...args: unknown[]) => Promise.resolve().then(() => handlers.get(`beckon:${channel}`)!(event, ...args));
  return { handlers, ipcMain, engine, contents, warnings, dispose, fromApp, invoke };
}

describe('IPC registrar', () => {
  let h: ReturnType<typeof harness>;
  beforeEach(() => {
    h = harness();
  });

  it('registers exactly the contract channels', () => {
    expect([...h.handlers.keys()].sort()).toEqual(['beckon:get-status', 'beckon:message']);
  });

  it('passes a valid message from the app main frame to the engine', async () => {
    const reply = await h.invoke('message', h.fromApp(), { type: 'push-to-talk', pressed: true });
    expect(reply).toEqual({ ok: true });
    expect(h.engine.handle).toHaveBeenCalledWith({ type: 'push-to-talk', pressed: true }, 'app://beckon');
    expect(await h.invoke('get-status', h.fromApp())).toBe(h.engine.current);
  });

  it('rejects bad payloads with MALFORMED or TOO_LARGE and never calls the engine', async () => {
    for (const bad of [undefined, null, 'interrupt', { type: 'shell', cmd: 'rm -rf /' }, { type: 'push-to-talk', pressed: 'yes' }, { type: 'settings', patch: { evil: 1 } }]) {
      const reply = await h.invoke('message', h.fromApp(), bad);
      expect(reply, JSON.stringify(bad)).toMatchObject({ ok: false, code: 'MALFORMED' });
    }
    const huge = await h.invoke('message', h.fromApp(), { type: 'settings', patch: { voice: 'x'.repeat(20_000) } });
    expect(huge).toMatchObject({ ok: false, code: 'TOO_LARGE' });
    expect(h.engine.handle).not.toHaveBeenCalled();
  });

  it('drops messages from another web contents, a subframe, or a foreign origin', async () => {
    const other = new FakeWebContents();
    const subframe = { url: 'app://beckon/index.html', parent: h.contents.mainFrame };
    const senders = [
      { sender: other, senderFrame: other.mainFrame },
      { sender: h.contents, senderFrame: subframe },
      { sender: h.contents, senderFrame: null },
    ];
    for (const event of senders) {
      await expect(h.invoke('message', event, { type: 'interrupt' })).rejects.toThrow();
      await expect(h.invoke('get-status', event)).rejects.toThrow();
    }
    h.contents.mainFrame.url = 'https://evil.example/index.html';
    await expect(h.invoke('message', h.fromApp(), { type: 'interrupt' })).rejects.toThrow();
    h.contents.mainFrame.url = 'file:///opt/beckon/out/renderer/index.html';
    await expect(h.invoke('message', h.fromApp(), { type: 'interrupt' })).rejects.toThrow();
    expect(h.engine.handle).not.toHaveBeenCalled();
    expect(h.warnings.length).toBeGreaterThanOrEqual(8);
  });

  it('pushes engine events and status to the app window only, and stops after dispose', () => {
    const level = { kind: 'Level', t: 1, seq: 1, source: 'mic', db: -30 } as const;
    h.engine.emitEvent(level);
    h.engine.setStatus({ ...h.engine.current, state: 'idle' });
    expect(h.contents.send).toHaveBeenCalledWith('beckon:event', level);
    expect(h.contents.send).toHaveBeenCalledWith('beckon:status', expect.objectContaining({ state: 'idle' }));
    h.dispose();
    h.engine.emitEvent(level);
    expect(h.contents.send).toHaveBeenCalledTimes(2);
    expect(h.handlers.size).toBe(0);
  });

  it('answers INTERNAL when the engine throws', async () => {
    h.engine.handle.mockRejectedValueOnce(new Error('boom'));
    expect(await h.invoke('message', h.fromApp(), { type: 'interrupt' })).toMatchObject({ ok: false, code: 'INTERNAL' });
  });
});
