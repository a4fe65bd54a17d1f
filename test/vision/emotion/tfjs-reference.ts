/** Runs human's emotion graph in tfjs (CPU backend) from disk: the reference the ONNX model must match. */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { loadGraphModel, type GraphModel } from '@tensorflow/tfjs-converter';
import { humanEmotionJsonPath, readTfjsGraph } from '../../../models/emotion/tfjs-graph.ts';

export async function loadTfjsEmotion(jsonPath = humanEmotionJsonPath()): Promise<GraphModel> {
  await tf.setBackend('cpu');
  const graph = readTfjsGraph(jsonPath);
  // Node's fetch rejects file:// URLs, so hand tfjs the topology and weights from memory.
  return loadGraphModel(
    tf.io.fromMemory({
      modelTopology: graph.json.modelTopology as unknown as tf.io.ModelJSON['modelTopology'],
      weightSpecs: graph.specs as tf.io.WeightsManifestEntry[],
      weightData: graph.weightData,
    }),
  );
}

/** Softmax outputs [n][7] for n NHWC grey inputs of 64x64 in [-1, 1], concatenated. */
export async function runTfjsEmotion(model: GraphModel, input: Float32Array, n: number): Promise<Float32Array> {
  const x = tf.tensor4d(input, [n, 64, 64, 1]);
  const y = model.execute(x) as tf.Tensor;
  const out = (await y.data()) as Float32Array;
  x.dispose();
  y.dispose();
  return out;
}
