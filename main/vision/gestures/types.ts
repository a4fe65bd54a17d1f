/** Shared types of the gesture engine. */
import type { EventBody } from '../../common/events.ts';
import type { HandObservation } from '../../common/perception.ts';

/** The body of a Gesture event: `pipeline.make('Gesture', body, 'vision')` stamps it. */
export type GestureBody = EventBody<'Gesture'>;
export type Handedness = HandObservation['handedness'];

/** One processed camera frame. width/height (pixels) make geometry isotropic; without them the frame is taken as square. */
export interface GestureFrame {
  /** ms, the sender's clock; must not go backwards */
  t: number;
  hands: HandObservation[];
  width?: number;
  height?: number;
}

export type Vec3 = readonly [number, number, number];

export const PoseLabels = [
  'open-palm',
  'fist',
  'thumbs-up',
  'thumbs-down',
  'victory',
  'pointing-up',
  'ok',
  'i-love-you',
] as const;
export type PoseLabel = (typeof PoseLabels)[number];

export const MotionLabels = [
  'swipe-left',
  'swipe-right',
  'swipe-up',
  'swipe-down',
  'wave',
  'pinch-tap',
  'pinch-drag-start',
  'pinch-drag',
  'pinch-drag-end',
] as const;
export type MotionLabel = (typeof MotionLabels)[number];

export const PointerLabels = ['pointer-move', 'pointer-click', 'pointer-dwell-click'] as const;
export type PointerLabel = (typeof PointerLabels)[number];

export type GestureLabel = PoseLabel | MotionLabel | PointerLabel;
export const GestureLabels: readonly GestureLabel[] = [...PoseLabels, ...MotionLabels, ...PointerLabels];
