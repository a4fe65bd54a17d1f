/**
 * Silero VAD v5 on onnxruntime-node. One instance = one audio stream (it carries the model's
 * recurrent state and the 64-sample context); call process() sequentially, awaiting each call.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import ort from 'onnxruntime-node';
import { BeckonError } from '../../common/errors.ts';
import { openOnnxModel } from '../../core/onnx-session.ts';

export const SILERO_FRAME = 512;
const CONTEXT = 64;
const STATE_SIZE = 2 * 1 * 128;
const MODELS_HINT = 'run `beckon models` to check and restore the VAD model (it ships in the npm package @ricky0123/vad-web)';

export interface SileroOptions {
  /** defaults to silero_vad_v5.onnx inside the installed @ricky0123/vad-web package */
  modelPath?: string;
  /** the model is tiny: one thread avoids thread hand-off costs that exceed the work */
  intraOpNumThreads?: number;
}

export function defaultSileroModelPath(): string {
  const require = createRequire(import.meta.url);
  let pkg: string;
  try {
    pkg = require.resolve('@ricky0123/vad-web/package.json');
  } catch (err) {
    throw new BeckonError('MODEL_MISSING', 'the VAD model package @ricky0123/vad-web is not installed', MODELS_HINT, { cause: err });
  }
  return join(dirname(pkg), 'dist', 'silero_vad_v5.onnx');
}

export class SileroVad {
  private readonly input = new Float32Array(CONTEXT + SILERO_FRAME);
  private readonly inputTensor: ort.Tensor;
  private readonly srTensor: ort.Tensor;
  private stateTensor: ort.Tensor;

  private constructor(private readonly session: ort.InferenceSession) {
    this.inputTensor = new ort.Tensor('float32', this.input, [1, CONTEXT + SILERO_FRAME]);
    this.srTensor = new ort.Tensor('int64', BigInt64Array.from([16000n]), []);
    this.stateTensor = zeroState();
  }

  static async load(options: SileroOptions = {}): Promise<SileroVad> {
    const session = await openOnnxModel({
      path: options.modelPath ?? defaultSileroModelPath(),
      what: 'VAD model (Silero v5)',
      hint: MODELS_HINT,
      inputs: ['input', 'state', 'sr'],
      outputs: ['output', 'stateN'],
      threads: options.intraOpNumThreads,
    });
    return new SileroVad(session);
  }

  /** Speech probability of one 512-sample 16 kHz frame. */
  async process(frame: Float32Array): Promise<number> {
    if (frame.length !== SILERO_FRAME) throw new RangeError(`Silero VAD needs ${SILERO_FRAME}-sample frames, got ${frame.length}`);
    // input = last 64 samples of the previous frame + this frame (the tensor wraps this.input)
    this.input.copyWithin(0, SILERO_FRAME, SILERO_FRAME + CONTEXT);
    this.input.set(frame, CONTEXT);
    const result = await this.session.run({ input: this.inputTensor, state: this.stateTensor, sr: this.srTensor });
    this.stateTensor = result.stateN as ort.Tensor;
    return (result.output as ort.Tensor).data[0] as number;
  }

  /** Start a new stream: clear the recurrent state and the context. */
  reset(): void {
    this.input.fill(0);
    this.stateTensor = zeroState();
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}

function zeroState(): ort.Tensor {
  return new ort.Tensor('float32', new Float32Array(STATE_SIZE), [2, 1, 128]);
}

