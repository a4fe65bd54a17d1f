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
export function missingModels(state: DashboardState) {
  return (state.status?.models ?? []).filter((m) => !m.present);
}
