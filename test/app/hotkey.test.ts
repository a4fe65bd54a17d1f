import { afterEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../main/core/log.ts';
import { FakeEngine, makeStatus } from './fake-engine.ts';

vi.mock('electron', async () => (await import('./electron-mock.ts')).electronModule);
const { setupHotkey } = await import('../../main/app/hotkey.ts');
const { electronState, electronModule } = await import('./electron-mock.ts');

afterEach(() => vi.useRealTimers());

describe('push-to-talk hotkey', () => {
  it('registers the settings hotkey; presses toggle talking on and off', () => {
    const engine = new FakeEngine();
    const { dispose } = setupHotkey({ engine, log: silentLogger });
    const press = electronState.shortcuts.get('CommandOrControl+Shift+Space')!;
    press();
    expect(engine.handle).toHaveBeenLastCalledWith({ type: 'push-to-talk', pressed: true }, expect.any(String));
    press();
    expect(engine.handle).toHaveBeenLastCalledWith({ type: 'push-to-talk', pressed: false }, expect.any(String));
    dispose();
    expect(electronState.shortcuts.has('CommandOrControl+Shift+Space')).toBe(false);
  });

  it('releases by itself after the longest hold', () => {
    vi.useFakeTimers();
    const engine = new FakeEngine();
    const { dispose } = setupHotkey({ engine, log: silentLogger, maxHoldMs: 1000 });
    electronState.shortcuts.get('CommandOrControl+Shift+Space')!();
    vi.advanceTimersByTime(1001);
    expect(engine.handle).toHaveBeenLastCalledWith({ type: 'push-to-talk', pressed: false }, expect.any(String));
    expect(engine.handle).toHaveBeenCalledTimes(2);
    dispose();
  });

  it('follows a changed hotkey in the settings and does not retry a refused one', () => {
    const engine = new FakeEngine();
    const { dispose } = setupHotkey({ engine, log: silentLogger });
    engine.setStatus(makeStatus({ settings: { ...engine.current.settings, pushToTalkHotkey: 'F9' } }));
    expect(electronState.shortcuts.has('F9')).toBe(true);
    expect(electronState.shortcuts.has('CommandOrControl+Shift+Space')).toBe(false);
    electronModule.globalShortcut.register.mockReturnValueOnce(false);
    const calls = electronModule.globalShortcut.register.mock.calls.length;
    const taken = makeStatus({ settings: { ...engine.current.settings, pushToTalkHotkey: 'F10' } });
    engine.setStatus(taken);
    engine.setStatus(taken);
    expect(electronModule.globalShortcut.register.mock.calls.length).toBe(calls + 1);
    dispose();
  });
});
