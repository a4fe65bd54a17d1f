/**
 * The gesture engine's public surface.
 *
 * Labels (GestureBody.label) by gestureType:
 * - pose: open-palm, fist, thumbs-up, thumbs-down, victory, pointing-up, ok, i-love-you (once per performance)
 * - motion: swipe-left/right/up/down, wave, pinch-tap (x, y = pinch point), and pinch drag as three labels:
 *   pinch-drag-start (x, y where the pinch closed), pinch-drag (x, y each time it moved), pinch-drag-end
 *   (also when the hand is lost). The Gesture event has positions, not deltas; consumers take differences.
 * - pointer (only with pointer.enabled, for the pointer hand): pointer-move, pointer-click, pointer-dwell-click
 * x and y are normalised frame coordinates, mirrored when `mirror` is on (the default).
 */
export { GestureEngine, DEFAULT_GESTURE_CONFIG, type GestureEngineConfig, type GestureEngineOptions } from './engine.ts';
export { intentForGesture, parseGestureMappings, DEFAULT_GESTURE_MAPPINGS, GestureMappingSchema, type GestureMapping } from './mappings.ts';
export { classifyPose } from './classify.ts';
export { OneEuroFilter, type OneEuroParams } from './one-euro.ts';
export * from './types.ts';
