/**
 * Opening an ONNX model on the CPU with the errors a user can act on: MODEL_MISSING when the file is
 * not there, MODEL_CORRUPT when onnxruntime cannot read it or its tensors are not the expected ones.
 */
import { existsSync, statSync } from 'node:fs';
import ort from 'onnxruntime-node';
import { BeckonError } from '../common/errors.ts';

export interface OnnxModelSpec {
  path: string;
  /** what the model is, for messages: "VAD model", "emotion model" */
  what: string;
  /** what to do when it is missing or unreadable */
  hint: string;
  inputs: readonly string[];
  outputs: readonly string[];
  threads?: number;
}

export async function openOnnxModel(spec: OnnxModelSpec): Promise<ort.InferenceSession> {
  if (!existsSync(spec.path) || !statSync(spec.path).isFile()) {
    throw new BeckonError('MODEL_MISSING', `the ${spec.what} ${spec.path} is missing`, spec.hint);
  }
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(spec.path, {
      // one thread each: several small models share two cores with the rest of the engine
      intraOpNumThreads: spec.threads ?? 1,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
    });
  } catch (err) {
    const why = (err instanceof Error ? err.message : String(err)).split('\n')[0]!.slice(0, 300);
    throw new BeckonError('MODEL_CORRUPT', `the ${spec.what} ${spec.path} cannot be loaded (${why})`, spec.hint, { cause: err });
  }
  const missing = [...spec.inputs.filter((n) => !session.inputNames.includes(n)), ...spec.outputs.filter((n) => !session.outputNames.includes(n))];
  if (missing.length > 0) {
    await session.release();
    throw new BeckonError(
      'MODEL_CORRUPT',
      `${spec.path} is not the ${spec.what}: it lacks ${missing.join(', ')} (it has inputs ${session.inputNames.join(', ')})`,
      spec.hint,
    );
  }
  return session;
}
