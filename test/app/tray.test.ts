import { describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../main/core/log.ts';
import { FakeEngine, makeStatus } from './fake-engine.ts';

vi.mock('electron', async () => (await import('./electron-mock.ts')).electronModule);
const { setupTray } = await import('../../main/app/tray.ts');
const { FakeTray } = await import('./electron-mock.ts');

function setup() {
  const engine = new FakeEngine();
  const toggleWindow = vi.fn();
  const quit = vi.fn();
  const { dispose } = setupTray({ engine, iconPath: '/i/idle.png', liveIconPath: '/i/live.png', toggleWindow, quit, log: silentLogger });
  const tray = FakeTray.instances.at(-1)!;
  const item = (label: RegExp) => tray.menu!.template.find((i) => label.test(i.label ?? ''))!;
  return { engine, toggleWindow, quit, tray, item, dispose };
}

describe('tray', () => {
  it('mute items send the settings patch to the engine', () => {
    const { engine, item } = setup();
    item(/mute microphone/i).click({ checked: true });
    expect(engine.handle).toHaveBeenLastCalledWith({ type: 'settings', patch: { microphoneMuted: true } }, expect.stringContaining('app://beckon'));
    item(/mute camera/i).click({ checked: false });
    expect(engine.handle).toHaveBeenLastCalledWith({ type: 'settings', patch: { cameraMuted: false } }, expect.any(String));
  });

  it('show/hide and quit call the shell', () => {
    const { item, toggleWindow, quit, tray } = setup();
    item(/show or hide/i).click();
    tray.emit('click');
    expect(toggleWindow).toHaveBeenCalledTimes(2);
    item(/quit/i).click();
    expect(quit).toHaveBeenCalledTimes(1);
  });

  it('shows a live indicator while the microphone or camera captures, and reflects mute state', () => {
    const { engine, tray, item } = setup();
    expect(tray.tooltip).toMatch(/microphone live/);
    expect(tray.image).toEqual({ path: '/i/live.png' });
    engine.setStatus(makeStatus({ microphone: { live: false, muted: true }, settings: { ...engine.current.settings, microphoneMuted: true } }));
    expect(tray.tooltip).not.toMatch(/live/);
    expect(tray.image).toEqual({ path: '/i/idle.png' });
    expect(item(/mute microphone/i).checked).toBe(true);
    engine.setStatus(makeStatus({ microphone: { live: false, muted: true }, camera: { live: true, muted: false } }));
    expect(tray.tooltip).toMatch(/camera live/);
    expect(tray.image).toEqual({ path: '/i/live.png' });
  });

  it('dispose destroys the tray and stops listening', () => {
    const { engine, tray, dispose } = setup();
    dispose();
    expect(tray.destroy).toHaveBeenCalled();
    expect(engine.statusListeners.size).toBe(0);
  });
});
