/**
 * A small stand-in for the `electron` module (its binary cannot run here). Each test file does
 *   vi.mock('electron', async () => (await import('./electron-mock.ts')).electronModule);
 * and inspects `electronState` for what the code under test did.
 */
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

export class FakeWebContents extends EventEmitter {
  static nextId = 1;
  id = FakeWebContents.nextId++;
  destroyed = false;
  mainFrame = { url: 'app://beckon/index.html', parent: null as unknown };
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
  send = vi.fn();
  isDestroyed = () => this.destroyed;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = [];
  webContents = new FakeWebContents();
  visible = false;
  loadURL = vi.fn(async (_url: string) => {});
  constructor(public options: Record<string, any>) {
    super();
    FakeBrowserWindow.instances.push(this);
  }
  isDestroyed = () => false;
  isVisible = () => this.visible;
  isMinimized = () => false;
  restore = vi.fn();
  show = vi.fn(() => void (this.visible = true));
  hide = vi.fn(() => void (this.visible = false));
  focus = vi.fn();
}

export class FakeTray extends EventEmitter {
  static instances: FakeTray[] = [];
  image: unknown;
  tooltip = '';
  menu: { template: any[] } | undefined;
  constructor(image: unknown) {
    super();
    this.image = image;
    FakeTray.instances.push(this);
  }
  setToolTip = (t: string) => void (this.tooltip = t);
  setImage = (i: unknown) => void (this.image = i);
  setContextMenu = (m: { template: any[] }) => void (this.menu = m);
  destroy = vi.fn();
}

class FakeApp extends EventEmitter {
  isPackaged = false;
  gotLock = true;
  requestSingleInstanceLock = vi.fn(() => this.gotLock);
  quit = vi.fn();
  getAppPath = vi.fn(() => '/opt/beckon');
  private readyResolve!: () => void;
  private readyPromise = new Promise<void>((r) => (this.readyResolve = r));
  whenReady = vi.fn(() => this.readyPromise);
  becomeReady() {
    this.readyResolve();
  }
}

function makeSession() {
  return {
    setPermissionRequestHandler: vi.fn(),
    setPermissionCheckHandler: vi.fn(),
    setDevicePermissionHandler: vi.fn(),
    webRequest: { onBeforeRequest: vi.fn(), onHeadersReceived: vi.fn() },
  };
}

export const electronState = {
  shortcuts: new Map<string, () => void>(),
  exposed: new Map<string, unknown>(),
  protocolHandlers: new Map<string, (request: { url: string }) => Promise<Response>>(),
};

export const electronModule = {
  app: new FakeApp(),
  BrowserWindow: FakeBrowserWindow,
  Tray: FakeTray,
  Menu: { buildFromTemplate: vi.fn((template: any[]) => ({ template })) },
  nativeImage: { createFromPath: vi.fn((path: string) => ({ path, resize: () => ({ path }) })) },
  session: { defaultSession: makeSession() },
  ipcMain: { handle: vi.fn(), removeHandler: vi.fn() },
  ipcRenderer: { invoke: vi.fn(), on: vi.fn(), removeListener: vi.fn(), send: vi.fn(), sendSync: vi.fn() },
  contextBridge: { exposeInMainWorld: vi.fn((key: string, api: unknown) => electronState.exposed.set(key, api)) },
  globalShortcut: {
    register: vi.fn((accelerator: string, callback: () => void) => {
      electronState.shortcuts.set(accelerator, callback);
      return true;
    }),
    unregister: vi.fn((accelerator: string) => void electronState.shortcuts.delete(accelerator)),
  },
  protocol: {
    registerSchemesAsPrivileged: vi.fn(),
    handle: vi.fn((scheme: string, handler: (request: { url: string }) => Promise<Response>) => electronState.protocolHandlers.set(scheme, handler)),
  },
};
export default electronModule;
