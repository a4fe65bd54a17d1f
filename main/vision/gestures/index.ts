/** The gesture engine's public surface. */
export { GestureEngine, DEFAULT_GESTURE_CONFIG, type GestureEngineConfig, type GestureEngineOptions } from './engine.ts';
export { intentForGesture, parseGestureMappings, DEFAULT_GESTURE_MAPPINGS, GestureMappingSchema, type GestureMapping } from './mappings.ts';
export { classifyPose } from './classify.ts';
export { OneEuroFilter, type OneEuroParams } from './one-euro.ts';
export * from './types.ts';
