import { APP_CATALOG } from '../commands/apps.ts';
import { commandHelp } from '../commands/registry.ts';
import { modelStatus } from '../models/manifest.ts';
import type { EngineStatus } from '../common/contract.ts';

/** What the conversation may refer to: the apps "open" may launch and the phrases that work. */
export function conversationContext(): EngineStatus['context'] {
  return { allowedApps: APP_CATALOG.map((a) => a.id), commands: commandHelp() };
}

/** The manifest's models with whether each is on this machine and how to get a missing one. */
export function modelSummary(): EngineStatus['models'] {
  try {
    // test fixtures (random weights) are not models a user runs
    return modelStatus().filter((m) => !m.testOnly).map((m) => ({
      name: m.name,
      task: m.task,
      present: m.present,
      licence: m.licence,
      ...(m.present ? {} : { hint: m.source }),
    }));
  } catch {
    return []; // an unreadable manifest is reported by `beckon models`; the dashboard still runs
  }
}

/** A Whisper model that is already downloaded, used when none was named. */
export function presentWhisperModel(): string | undefined {
  try {
    return modelStatus().find((m) => m.task === 'asr' && m.present && m.name.startsWith('whisper'))?.resolvedPath;
  } catch {
    return undefined;
  }
}
