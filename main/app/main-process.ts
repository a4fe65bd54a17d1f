/**
 * App lifecycle: single instance, security before anything loads, then protocol, window, IPC, tray,
 * hotkey and the engine. Closing the window hides it to the tray; quitting stops the engine first.
 */
import { app, ipcMain, session } from 'electron';
import { processLogLevel, stderrLogger, type Logger } from '../core/log.ts';
import { loadEngine } from './engine-loader.ts';
import type { EnginePort } from './engine-port.ts';
import { setupHotkey } from './hotkey.ts';
import { setupIpc } from './ipc.ts';
import { appPaths } from './paths.ts';
import { registerAppScheme, setupAppProtocol } from './protocol.ts';
import { hardenWebContents, setupSessionSecurity } from './security.ts';
import { setupTray } from './tray.ts';
import { createMainWindow, type MainWindow } from './window.ts';

export interface RunningApp {
  ready: Promise<void>;
  /** resolves once the engine has stopped and everything is disposed */
  shutdown(): Promise<void>;
}

export function runApp(log: Logger = stderrLogger(processLogLevel('info'), 'app')): RunningApp | undefined {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return undefined;
  }
  registerAppScheme();
  const devUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
  const paths = appPaths(app.getAppPath());
  let engine: EnginePort | undefined;
  let main: MainWindow | undefined;
  const disposers: Array<() => void> = [];
  let quitting = false;
  let stopped: Promise<void> | undefined;

  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, log));
  app.on('second-instance', () => main?.show());
  // The tray keeps the app (and the engine) alive with no window open.
  app.on('window-all-closed', () => {});

  const shutdown = (): Promise<void> => {
    stopped ??= (async () => {
      for (const dispose of disposers.splice(0).reverse()) {
        try {
          dispose();
        } catch (error) {
          log.warn('dispose failed', error);
        }
      }
      await engine?.stop().catch((error) => log.error('engine did not stop cleanly', error));
    })();
    return stopped;
  };

  app.on('before-quit', (event) => {
    quitting = true;
    if (stopped) return;
    event.preventDefault();
    void shutdown().finally(() => app.quit());
  });

  const ready = app.whenReady().then(async () => {
    setupSessionSecurity(session.defaultSession, { log, allowLoopback: devUrl !== undefined });
    setupAppProtocol(paths.rendererDir);
    engine = await loadEngine(paths.engineService, { input: { kind: 'mic' }, tts: { play: true }, userConfig: true, log });
    const running = engine;
    main = createMainWindow(paths.preload, { url: devUrl, iconPath: paths.icon });
    const window = main.window;
    window.on('close', (event) => {
      if (quitting) return;
      event.preventDefault();
      window.hide();
    });
    disposers.push(
      setupIpc({
        ipcMain,
        engine: running,
        appContents: () => (window.isDestroyed() ? undefined : window.webContents),
        log,
        devOrigin: devUrl ? new URL(devUrl).origin : undefined,
      }),
    );
    const tray = setupTray({
      engine: running,
      iconPath: paths.icon,
      liveIconPath: paths.liveIcon,
      toggleWindow: () => main?.toggle(),
      quit: () => app.quit(),
      log,
    });
    disposers.push(tray.dispose);
    disposers.push(setupHotkey({ engine: running, log }).dispose);
    // start() reports user-fixable problems in status(), which the dashboard shows with the fix.
    await running.start();
  });
  ready.catch((error) => {
    log.error('Beckon failed to start', error);
    app.quit();
  });
  return { ready, shutdown };
}
