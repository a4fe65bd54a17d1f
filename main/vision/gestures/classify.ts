/** One-shot pose classification of a single hand (for `beckon see --image`): no timing, no firing rules. */
import type { Landmark } from '../../common/perception.ts';
import { toIsotropic, validLandmarks } from './geometry.ts';
import { handFeatures } from './hand-features.ts';
import { bestPose, scorePoses, type PoseResult } from './poses.ts';

/** width/height make the geometry isotropic (MediaPipe's x and y are fractions of different lengths). */
export function classifyPose(landmarks: readonly Landmark[], size?: { width: number; height: number }): PoseResult | null {
  if (!validLandmarks(landmarks)) return null;
  const aspect = size && size.width > 0 && size.height > 0 ? size.width / size.height : 1;
  return bestPose(scorePoses(handFeatures(toIsotropic(landmarks, aspect, false))));
}
