/**
 * The emotion worker thread: holds one EmotionModel and classifies one crop per request.
 * Started by SupervisedWorker from EmotionClassifier; an onnxruntime crash only kills this thread.
 */
import { serveWorker } from '../../core/worker-rpc.ts';
import { BeckonError } from '../../common/errors.ts';
import { EmotionModel, type EmotionModelOptions } from './model.ts';
import type { EmotionProbs } from './labels.ts';

export interface EmotionWorkerResult {
  probs: EmotionProbs;
  /** time inside the model, ms */
  modelMs: number;
}

let model: EmotionModel | null = null;

serveWorker<EmotionModelOptions, Uint8Array, EmotionWorkerResult>({
  async init(options) {
    model = await EmotionModel.load(options);
  },
  async run(crop) {
    if (!model) throw new BeckonError('EMOTION_NOT_READY', 'the emotion model is not loaded');
    const started = performance.now();
    const [probs] = await model.classify([crop]);
    return { probs: probs!, modelMs: performance.now() - started };
  },
  async shutdown() {
    await model?.dispose();
    model = null;
  },
});
