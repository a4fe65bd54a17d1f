import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', async () => (await import('./electron-mock.ts')).electronModule);

const { createMainWindow, windowOptions } = await import('../../main/app/window.ts');
const { FakeBrowserWindow } = await import('./electron-mock.ts');

describe('main window', () => {
  it('turns on every web-security switch and uses the preload', () => {
    const prefs = windowOptions('/app/out/preload/index.cjs').webPreferences!;
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
    });
  });

  it('loads the renderer from the app origin, shows when ready, and toggles', () => {
    const main = createMainWindow('/p.cjs');
    const window = FakeBrowserWindow.instances.at(-1)!;
    expect(window.options.webPreferences.sandbox).toBe(true);
    expect(window.loadURL).toHaveBeenCalledWith('app://beckon/index.html');
    expect(window.show).not.toHaveBeenCalled();
    window.emit('ready-to-show');
    expect(window.visible).toBe(true);
    main.toggle();
    expect(window.visible).toBe(false);
    main.toggle();
    expect(window.visible).toBe(true);
  });
});
