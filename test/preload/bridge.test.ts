import { beforeEach, describe, expect, it, vi } from 'vitest';
import { makeStatus } from '../app/fake-engine.ts';

vi.mock('electron', async () => (await import('../app/electron-mock.ts')).electronModule);
await import('../../main/preload/index.ts');
const { electronModule, electronState } = await import('../app/electron-mock.ts');
const ipc = electronModule.ipcRenderer;
const bridge = electronState.exposed.get('beckon') as Record<string, (...args: any[]) => any>;

beforeEach(() => {
  ipc.invoke.mockReset();
  ipc.on.mockClear();
});

describe('preload bridge', () => {
  it('exposes only window.beckon with four functions, never ipcRenderer', () => {
    expect([...electronState.exposed.keys()]).toEqual(['beckon']);
    expect(Object.keys(bridge).sort()).toEqual(['getStatus', 'onEvent', 'onStatus', 'send']);
    for (const value of Object.values(bridge)) expect(typeof value).toBe('function');
    for (const value of Object.values(bridge)) expect(value).not.toBe(ipc);
    expect(JSON.stringify(Object.keys(bridge))).not.toContain('ipc');
  });

  it('send validates before invoking, and only on the message channel', async () => {
    expect(await bridge.send({ type: 'rm', path: '/' })).toMatchObject({ ok: false, code: 'MALFORMED' });
    expect(ipc.invoke).not.toHaveBeenCalled();
    ipc.invoke.mockResolvedValueOnce({ ok: true });
    expect(await bridge.send({ type: 'interrupt' })).toEqual({ ok: true });
    expect(ipc.invoke).toHaveBeenCalledWith('beckon:message', { type: 'interrupt' });
  });

  it('getStatus parses the reply', async () => {
    ipc.invoke.mockResolvedValueOnce(makeStatus());
    expect((await bridge.getStatus()).state).toBe('listening');
    ipc.invoke.mockResolvedValueOnce({ state: 'pwned' });
    await expect(bridge.getStatus()).rejects.toThrow();
  });

  it('onEvent passes valid wire events only, never the IPC event, and unsubscribes', () => {
    const seen: unknown[] = [];
    const off = bridge.onEvent((...args: unknown[]) => seen.push(args));
    const [channel, listener] = ipc.on.mock.calls.at(-1)! as [string, (e: unknown, raw: unknown) => void];
    expect(channel).toBe('beckon:event');
    const level = { kind: 'Level', t: 1, seq: 2, source: 'mic', db: -20 };
    listener({ sender: ipc }, level);
    listener({ sender: ipc }, { kind: 'AudioFrame', t: 1, seq: 3, source: 'mic' });
    listener({ sender: ipc }, { kind: 'Nope' });
    expect(seen).toEqual([[level]]);
    off();
    expect(ipc.removeListener).toHaveBeenCalledWith('beckon:event', listener);
  });

  it('onStatus passes valid statuses only', () => {
    const seen: unknown[] = [];
    bridge.onStatus((s: unknown) => seen.push(s));
    const [channel, listener] = ipc.on.mock.calls.at(-1)! as [string, (e: unknown, raw: unknown) => void];
    expect(channel).toBe('beckon:status');
    listener({}, { state: 'broken' });
    listener({}, makeStatus({ state: 'idle' }));
    expect(seen).toEqual([expect.objectContaining({ state: 'idle' })]);
  });
});
