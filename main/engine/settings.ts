import type { Settings, SettingsPatch } from '../common/contract.ts';

/** Settings that take effect at once; any other change rebuilds the engine. */
const LIVE_KEYS: ReadonlySet<keyof Settings> = new Set(['microphoneMuted', 'pushToTalk', 'pushToTalkHotkey', 'cameraMuted', 'cameraDevice']);

/** Applies a (parsed) patch; says whether the engine must be rebuilt for it to take effect. */
export function applySettingsPatch(current: Settings, patch: SettingsPatch): { settings: Settings; restart: boolean } {
  const settings: Settings = { ...current };
  let restart = false;
  for (const [key, value] of Object.entries(patch) as Array<[keyof Settings, Settings[keyof Settings]]>) {
    if (value === undefined || current[key] === value) continue;
    (settings as Record<string, unknown>)[key] = value;
    if (!LIVE_KEYS.has(key)) restart = true;
  }
  return { settings, restart };
}
