import type { DashboardState } from './types.ts';

export const CHART_METRIC = 'latency.eos_to_first_audio_ms';

/** The chart's series: eos_to_first_audio_ms of the turns that have one, oldest first. */
export function firstAudioSeries(state: DashboardState): Array<{ utteranceId: string; ms: number }> {
  return state.turns.flatMap((t) => (t.metrics[CHART_METRIC] === undefined ? [] : [{ utteranceId: t.utteranceId, ms: t.metrics[CHART_METRIC] }]));
}

/** Camera state as the user should read it. */
export function cameraOff(state: DashboardState): boolean {
  const camera = state.status?.camera;
  return !camera || camera.muted || !camera.live;
}

/** Models that are missing, with the hint that fixes each. */
/** Models whose absence leaves a task undone: a missing one is only a problem when no other model does its task. */
export function missingModels(state: DashboardState) {
  const models = state.status?.models ?? [];
  const covered = new Set(models.filter((m) => m.present).map((m) => m.task));
  return models.filter((m) => !m.present && !covered.has(m.task));
}

/** A missing model that another present model stands in for (e.g. Whisper while pocketsphinx works). */
export function isOptional(model: { present: boolean; task: string }, models: ReadonlyArray<{ present: boolean; task: string }>): boolean {
  return !model.present && models.some((m) => m.present && m.task === model.task);
}
