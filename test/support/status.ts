/** An EngineStatus for tests of the app shell and the dashboard: a listening engine with default settings. */
import { DEFAULT_SETTINGS, type EngineStatus } from '../../main/common/contract.ts';

export function makeStatus(overrides: Partial<EngineStatus> = {}): EngineStatus {
  return {
    state: 'listening',
    models: [],
    microphone: { live: true, muted: false },
    camera: { live: false, muted: true },
    context: { allowedApps: [], commands: [] },
    settings: { ...DEFAULT_SETTINGS },
    ...overrides,
  };
}
