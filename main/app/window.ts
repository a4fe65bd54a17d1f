/** The dashboard window: every web-security switch on, the renderer loaded from the app origin. */
import { BrowserWindow, type BrowserWindowConstructorOptions } from 'electron';
import { APP_ENTRY_URL } from './origin.ts';

export function windowOptions(preloadPath: string, iconPath?: string): BrowserWindowConstructorOptions {
  return {
    width: 1200,
    height: 800,
    minWidth: 640,
    minHeight: 480,
    title: 'Beckon',
    show: false,
    backgroundColor: '#111111',
    ...(iconPath ? { icon: iconPath } : {}),
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  };
}

export interface MainWindow {
  window: BrowserWindow;
  toggle(): void;
  show(): void;
}

/** Opens the window; `url` is the dev server's in development, else the app:// entry. */
export function createMainWindow(preloadPath: string, options: { url?: string; iconPath?: string } = {}): MainWindow {
  const window = new BrowserWindow(windowOptions(preloadPath, options.iconPath));
  window.once('ready-to-show', () => window.show());
  void window.loadURL(options.url ?? APP_ENTRY_URL);
  const show = () => {
    if (window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  };
  const toggle = () => {
    if (window.isDestroyed()) return;
    if (window.isVisible()) window.hide();
    else show();
  };
  return { window, toggle, show };
}
