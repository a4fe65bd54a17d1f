/**
 * The applications a voice command may open: spoken names, and per platform the launch
 * commands as argument arrays (never a shell line). On Linux the first candidate found on
 * PATH is used, because desktops ship different programs for the same job.
 * `{home}` in an argument is replaced by the user's home folder at launch.
 */
export type Platform = 'linux' | 'darwin' | 'win32';

export interface AppEntry {
  /** canonical slot value */
  id: string;
  /** what a user may say (lower case, words from the CMU dictionary) */
  phrases: string[];
  /** launch candidates per platform, tried in order: argv arrays */
  launch: Record<Platform, string[][]>;
}

export const APP_CATALOG: readonly AppEntry[] = [
  {
    id: 'firefox',
    phrases: ['firefox', 'fire fox'],
    launch: {
      linux: [['firefox'], ['firefox-esr']],
      darwin: [['open', '-a', 'Firefox']],
      win32: [['C:\\Program Files\\Mozilla Firefox\\firefox.exe']],
    },
  },
  {
    id: 'browser',
    phrases: ['browser', 'web browser', 'chromium', 'chrome', 'internet'],
    launch: {
      linux: [['chromium'], ['chromium-browser'], ['google-chrome'], ['firefox'], ['firefox-esr']],
      darwin: [['open', '-a', 'Safari']],
      win32: [['C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe']],
    },
  },
  {
    id: 'terminal',
    phrases: ['terminal', 'console', 'command line'],
    launch: {
      linux: [['x-terminal-emulator'], ['gnome-terminal'], ['konsole'], ['xfce4-terminal'], ['xterm']],
      darwin: [['open', '-a', 'Terminal']],
      win32: [['wt.exe'], ['powershell.exe']],
    },
  },
  {
    id: 'files',
    phrases: ['files', 'file manager', 'my files', 'folders'],
    launch: {
      linux: [['nautilus', '{home}'], ['dolphin', '{home}'], ['thunar', '{home}'], ['pcmanfm', '{home}'], ['xdg-open', '{home}']],
      darwin: [['open', '{home}']],
      win32: [['explorer.exe', '{home}']],
    },
  },
  {
    id: 'editor',
    phrases: ['text editor', 'editor', 'notepad'],
    launch: {
      linux: [['gnome-text-editor'], ['gedit'], ['kate'], ['mousepad'], ['xed'], ['xterm', '-e', 'nano']],
      darwin: [['open', '-a', 'TextEdit']],
      win32: [['notepad.exe']],
    },
  },
  {
    id: 'calculator',
    phrases: ['calculator'],
    launch: {
      linux: [['gnome-calculator'], ['kcalc'], ['galculator'], ['mate-calc'], ['xcalc']],
      darwin: [['open', '-a', 'Calculator']],
      win32: [['calc.exe']],
    },
  },
  {
    id: 'settings',
    phrases: ['settings', 'system settings', 'control panel', 'preferences'],
    launch: {
      linux: [['gnome-control-center'], ['systemsettings'], ['xfce4-settings-manager']],
      darwin: [['open', '-b', 'com.apple.systempreferences']],
      win32: [['explorer.exe', 'ms-settings:']],
    },
  },
];
