/** The emotion model's output order, and its mapping onto Beckon's EmotionLabels. */
import { EmotionLabels } from '../../common/events.ts';

export type EmotionLabel = (typeof EmotionLabels)[number];
export type EmotionProbs = Record<EmotionLabel, number>;

/**
 * Output order of the converted model (human's src/gear/emotion.ts, grey oarriaga model),
 * given as the product label of each output index.
 */
export const MODEL_OUTPUT_LABELS: readonly EmotionLabel[] = ['angry', 'disgusted', 'fearful', 'happy', 'sad', 'surprised', 'neutral'];

export function probsFromModelOutput(output: ArrayLike<number>): EmotionProbs {
  if (output.length !== MODEL_OUTPUT_LABELS.length) throw new Error(`expected ${MODEL_OUTPUT_LABELS.length} scores, got ${output.length}`);
  const probs = emptyProbs();
  MODEL_OUTPUT_LABELS.forEach((label, i) => {
    // Clamp float noise so the values pass the event schema's [0, 1] check.
    probs[label] = Math.min(1, Math.max(0, output[i]!));
  });
  return probs;
}

export function emptyProbs(): EmotionProbs {
  return Object.fromEntries(EmotionLabels.map((l) => [l, 0])) as EmotionProbs;
}

export function topLabel(probs: EmotionProbs): EmotionLabel {
  let best: EmotionLabel = EmotionLabels[0];
  for (const label of EmotionLabels) if (probs[label] > probs[best]) best = label;
  return best;
}
