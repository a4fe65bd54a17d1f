/** The facial-emotion model on onnxruntime-node: 64x64 grey face crops in, probabilities out. */
import * as ort from 'onnxruntime-node';
import { cropToInput, EMOTION_CROP_BYTES, EMOTION_CROP_SIZE } from './preprocess.ts';
import { probsFromModelOutput, type EmotionProbs } from './labels.ts';
import { defaultEmotionModelPath, EMOTION_MODEL_HINT } from './model-file.ts';
import { openOnnxModel } from '../../core/onnx-session.ts';
import { BeckonError } from '../../common/errors.ts';

export interface EmotionModelOptions {
  /** default models/generated/emotion.onnx */
  modelPath?: string;
  /** onnxruntime intra-op threads (default 1: one small face, and the machine has other work) */
  threads?: number;
}

export class EmotionModel {
  private constructor(private readonly session: ort.InferenceSession) {}

  /** Throws MODEL_MISSING or MODEL_CORRUPT (BeckonError) when the file is not usable. */
  static async load(options: EmotionModelOptions = {}): Promise<EmotionModel> {
    const session = await openOnnxModel({
      path: options.modelPath ?? defaultEmotionModelPath(),
      what: 'emotion model',
      hint: EMOTION_MODEL_HINT,
      inputs: ['input'],
      outputs: ['probs'],
      threads: options.threads,
    });
    return new EmotionModel(session);
  }

  /** One probability record per 64x64 grey crop, in one batch. */
  async classify(crops: Uint8Array[]): Promise<EmotionProbs[]> {
    if (crops.length === 0) return [];
    const input = new Float32Array(crops.length * EMOTION_CROP_BYTES);
    crops.forEach((crop, i) => {
      if (crop.length !== EMOTION_CROP_BYTES)
        throw new BeckonError('EMOTION_BAD_CROP', `a face crop must be 64x64 grey (${EMOTION_CROP_BYTES} bytes), got ${crop.length} bytes`);
      cropToInput(crop, input, i * EMOTION_CROP_BYTES);
    });
    const tensor = new ort.Tensor('float32', input, [crops.length, EMOTION_CROP_SIZE, EMOTION_CROP_SIZE, 1]);
    const result = await this.session.run({ input: tensor });
    const out = result.probs!.data as Float32Array;
    const n = out.length / crops.length;
    return crops.map((_, i) => probsFromModelOutput(out.subarray(i * n, (i + 1) * n)));
  }

  async dispose(): Promise<void> {
    await this.session.release();
  }
}
