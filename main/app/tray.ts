/**
 * Tray icon and menu: mute microphone, mute camera, show/hide, quit. The icon and tooltip change
 * whenever the microphone or camera is live, so capture is always visible.
 */
import { Menu, Tray, nativeImage, type MenuItemConstructorOptions } from 'electron';
import type { EngineStatus, SettingsPatch } from '../common/contract.ts';
import type { Logger } from '../core/log.ts';
import type { EnginePort } from './engine-port.ts';
import { APP_ORIGIN } from './origin.ts';

export interface TrayActions {
  setSettings(patch: SettingsPatch): void;
  toggleWindow(): void;
  quit(): void;
}

export function liveLabel(status: EngineStatus): string {
  const live = [status.microphone.live && !status.microphone.muted ? 'microphone' : '', status.camera.live && !status.camera.muted ? 'camera' : '']
    .filter(Boolean)
    .join(' and ');
  return live ? `Beckon: ${live} live` : `Beckon: ${status.state}`;
}

export const isCapturing = (s: EngineStatus) => (s.microphone.live && !s.microphone.muted) || (s.camera.live && !s.camera.muted);

export function trayMenuTemplate(status: EngineStatus, actions: TrayActions): MenuItemConstructorOptions[] {
  return [
    { label: liveLabel(status), enabled: false },
    { type: 'separator' },
    {
      label: 'Mute microphone',
      type: 'checkbox',
      checked: status.settings.microphoneMuted,
      click: (item) => actions.setSettings({ microphoneMuted: item.checked }),
    },
    {
      label: 'Mute camera',
      type: 'checkbox',
      checked: status.settings.cameraMuted,
      click: (item) => actions.setSettings({ cameraMuted: item.checked }),
    },
    { type: 'separator' },
    { label: 'Show or hide window', click: () => actions.toggleWindow() },
    { label: 'Quit Beckon', role: 'quit', click: () => actions.quit() },
  ];
}

export interface TrayOptions {
  engine: EnginePort;
  /** idle icon, and the one shown while capturing (a red dot) */
  iconPath: string;
  liveIconPath: string;
  toggleWindow(): void;
  quit(): void;
  log: Logger;
}

export function setupTray(options: TrayOptions): { tray: Tray; dispose(): void } {
  const { engine, log } = options;
  const idleIcon = nativeImage.createFromPath(options.iconPath).resize({ width: 22, height: 22 });
  const liveIcon = nativeImage.createFromPath(options.liveIconPath).resize({ width: 22, height: 22 });
  const tray = new Tray(idleIcon);
  const actions: TrayActions = {
    setSettings: (patch) => {
      engine.handle({ type: 'settings', patch }, `${APP_ORIGIN}/tray`).then(
        (reply) => {
          if (!reply.ok) log.warn('tray setting refused', reply);
        },
        (error) => log.error('tray setting failed', error),
      );
    },
    toggleWindow: options.toggleWindow,
    quit: options.quit,
  };
  const render = (status: EngineStatus) => {
    tray.setToolTip(liveLabel(status));
    tray.setImage(isCapturing(status) ? liveIcon : idleIcon);
    tray.setContextMenu(Menu.buildFromTemplate(trayMenuTemplate(status, actions)));
  };
  render(engine.status());
  const off = engine.onStatus(render);
  tray.on('click', () => options.toggleWindow());
  return {
    tray,
    dispose: () => {
      off();
      tray.destroy();
    },
  };
}
