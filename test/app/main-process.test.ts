import { describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../main/core/log.ts';
import { FakeEngine } from './fake-engine.ts';

const engine = new FakeEngine();
const loadEngine = vi.fn(async (_path: string, _options: unknown) => engine);
vi.mock('electron', async () => (await import('./electron-mock.ts')).electronModule);
vi.mock('../../main/app/engine-loader.ts', () => ({ loadEngine }));

const { runApp } = await import('../../main/app/main-process.ts');
const { electronModule, FakeBrowserWindow, FakeTray, FakeWebContents } = await import('./electron-mock.ts');
const app = electronModule.app;

describe('app lifecycle', () => {
  const running = runApp(silentLogger)!;

  it('registers the app scheme before ready and hardens every new web contents', () => {
    expect(electronModule.protocol.registerSchemesAsPrivileged).toHaveBeenCalled();
    const contents = new FakeWebContents();
    app.emit('web-contents-created', {}, contents);
    expect(contents.windowOpenHandler!({ url: 'https://x' })).toEqual({ action: 'deny' });
  });

  it('on ready: security, protocol, engine from source, window, IPC, tray, hotkey, engine started', async () => {
    app.becomeReady();
    await running.ready;
    expect(electronModule.session.defaultSession.setPermissionRequestHandler).toHaveBeenCalled();
    expect(electronModule.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    expect(loadEngine).toHaveBeenCalledWith('/opt/beckon/main/engine/service.ts', expect.objectContaining({ input: { kind: 'mic' }, userConfig: true }));
    const window = FakeBrowserWindow.instances.at(-1)!;
    expect(window.options.webPreferences.preload).toBe('/opt/beckon/out/preload/index.cjs');
    expect(window.loadURL).toHaveBeenCalledWith('app://beckon/index.html');
    expect(electronModule.ipcMain.handle).toHaveBeenCalledWith('beckon:message', expect.any(Function));
    expect(FakeTray.instances.length).toBe(1);
    expect(electronModule.globalShortcut.register).toHaveBeenCalled();
    expect(engine.start).toHaveBeenCalledTimes(1);
  });

  it('closing the window hides it to the tray instead of quitting', () => {
    const window = FakeBrowserWindow.instances.at(-1)!;
    const event = { preventDefault: vi.fn() };
    window.emit('close', event);
    expect(event.preventDefault).toHaveBeenCalled();
    expect(window.hide).toHaveBeenCalled();
  });

  it('quitting stops the engine, disposes IPC and tray, then quits', async () => {
    const event = { preventDefault: vi.fn() };
    app.emit('before-quit', event);
    expect(event.preventDefault).toHaveBeenCalled();
    await running.shutdown();
    expect(engine.stop).toHaveBeenCalledTimes(1);
    expect(electronModule.ipcMain.removeHandler).toHaveBeenCalledWith('beckon:message');
    expect(FakeTray.instances[0]!.destroy).toHaveBeenCalled();
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalled());
    // the second before-quit (from app.quit) goes through
    const again = { preventDefault: vi.fn() };
    app.emit('before-quit', again);
    expect(again.preventDefault).not.toHaveBeenCalled();
    expect(engine.stop).toHaveBeenCalledTimes(1);
  });

  it('a second instance does not start another engine', () => {
    app.gotLock = false;
    const loads = loadEngine.mock.calls.length;
    expect(runApp(silentLogger)).toBeUndefined();
    expect(loadEngine.mock.calls.length).toBe(loads);
  });
});
