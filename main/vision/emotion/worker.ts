/**
 * The emotion worker process: holds one EmotionModel and classifies one crop per request.
 * Started by SupervisedWorker from EmotionClassifier; an onnxruntime crash only kills this process.
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

// A promise, not the model: after a restart a run can arrive right behind init, before the
// model has loaded (SupervisedWorker sends both at once), and must wait for it.
let model: Promise<EmotionModel> | null = null;

serveWorker<EmotionModelOptions, Uint8Array, EmotionWorkerResult>({
  async init(options) {
    model = EmotionModel.load(options);
    await model;
  },
  async run(crop) {
    if (!model) throw new BeckonError('EMOTION_NOT_READY', 'the emotion model is not loaded');
    const loaded = await model;
    const started = performance.now();
    const [probs] = await loaded.classify([crop]);
    return { probs: probs!, modelMs: performance.now() - started };
  },
  async shutdown() {
    await (await model?.catch(() => null))?.dispose();
    model = null;
  },
});
