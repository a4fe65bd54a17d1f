/** Facial emotion on the engine side: model, worker-backed classifier, smoother. */
export { EmotionClassifier, type EmotionClassifierOptions } from './classifier.ts';
export { EmotionModel, type EmotionModelOptions } from './model.ts';
export { EmotionSmoother, type EmotionSmootherOptions, type EmotionState, type EmotionStateLabel } from './smoother.ts';
export { RateLimiter } from './rate-limiter.ts';
export { MODEL_OUTPUT_LABELS, probsFromModelOutput, topLabel, emptyProbs, type EmotionLabel, type EmotionProbs } from './labels.ts';
export { cropToInput, greyFromRgba, emotionCropBox, EMOTION_CROP_SIZE, EMOTION_CROP_BYTES, GREY_WEIGHTS, EMOTION_CROP_MARGIN, type FaceBox } from './preprocess.ts';
export { defaultEmotionModelPath } from './model-file.ts';
