/**
 * Converts the facial-emotion tfjs graph of @vladmandic/human (oarriaga's mini-Xception, MIT)
 * into an ONNX model for onnxruntime-node: `npx tsx models/emotion/convert.ts [outDir]`.
 *
 * Interface (kept as in tfjs, NHWC): input `input` float [N,64,64,1], grey in [-1, 1];
 * output `probs` float [N,7], softmax in human's label order
 * (angry, disgust, fear, happy, sad, surprise, neutral).
 * Inside, the graph runs NCHW: one Transpose after the input, weights re-laid out
 * (HWIO -> OIHW, depthwise HWCM -> (C*M)1HW with group = C), explicit TF-style SAME pads.
 * The output is byte-for-byte deterministic for the same input files.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { humanEmotionJsonPath, readTfjsGraph, type TfjsAttr, type TfjsGraphModel, type TfjsNode } from './tfjs-graph.ts';
import { OnnxGraphBuilder } from './onnx-builder.ts';

export const EMOTION_INPUT = 'input';
export const EMOTION_OUTPUT = 'probs';
export const EMOTION_INPUT_SIZE = 64;
/** Label order of the model's output (human's src/gear/emotion.ts, grey model). */
export const HUMAN_EMOTION_ORDER = ['angry', 'disgust', 'fear', 'happy', 'sad', 'surprise', 'neutral'] as const;
export const EMOTION_ONNX_FILE = 'emotion.onnx';

/** A tensor as it flows through the NCHW ONNX graph: its name and static [C, H, W]. */
interface Flow {
  name: string;
  c: number;
  h: number;
  w: number;
}

const text = (a: TfjsAttr | undefined): string => (a?.s ? Buffer.from(a.s, 'base64').toString('utf8') : '');
const ints = (a: TfjsAttr | undefined): number[] => (a?.list?.i ?? []).map(Number);

/** TF's SAME / VALID rule: output size and [begin, end] pads along one axis. */
function padAxis(size: number, k: number, stride: number, dilation: number, padding: string): { out: number; pads: [number, number] } {
  const effective = (k - 1) * dilation + 1;
  if (padding === 'VALID') return { out: Math.floor((size - effective) / stride) + 1, pads: [0, 0] };
  if (padding !== 'SAME') throw new Error(`padding ${padding} is not supported`);
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + effective - size, 0);
  const begin = Math.floor(total / 2);
  return { out, pads: [begin, total - begin] };
}

/** HWIO -> OIHW. */
function hwioToOihw(data: Float32Array, [kh, kw, ci, co]: number[]): Float32Array {
  const out = new Float32Array(data.length);
  for (let y = 0; y < kh!; y++)
    for (let x = 0; x < kw!; x++)
      for (let i = 0; i < ci!; i++)
        for (let o = 0; o < co!; o++) out[((o * ci! + i) * kh! + y) * kw! + x] = data[((y * kw! + x) * ci! + i) * co! + o]!;
  return out;
}

/** Depthwise HWCM -> (C*M) x 1 x H x W; TF's output channel c*M+m matches ONNX's grouped order. */
function hwcmToGrouped(data: Float32Array, [kh, kw, c, m]: number[]): Float32Array {
  const out = new Float32Array(data.length);
  for (let y = 0; y < kh!; y++)
    for (let x = 0; x < kw!; x++)
      for (let ch = 0; ch < c!; ch++)
        for (let j = 0; j < m!; j++) out[((ch * m! + j) * kh! + y) * kw! + x] = data[((y * kw! + x) * c! + ch) * m! + j]!;
  return out;
}

class Translator {
  private readonly flows = new Map<string, Flow>();
  readonly b = new OnnxGraphBuilder();

  constructor(private readonly model: TfjsGraphModel) {}

  private flow(name: string): Flow {
    const f = this.flows.get(name);
    if (!f) throw new Error(`tensor ${name} is used before it is made`);
    return f;
  }

  private floatWeight(name: string): { shape: number[]; data: Float32Array } {
    const w = this.model.weights.get(name);
    if (!w || !(w.data instanceof Float32Array)) throw new Error(`float weight ${name} is missing`);
    return { shape: w.shape, data: w.data };
  }

  translate(node: TfjsNode): void {
    const inputs = node.input ?? [];
    switch (node.op) {
      case 'Const':
        return; // read from the weights when used
      case 'Placeholder': {
        const shape = node.attr?.shape as unknown as { shape: { dim: { size: string }[] } } | undefined;
        const [, h, w, c] = (shape?.shape.dim ?? []).map((d) => Number(d.size));
        if (h !== EMOTION_INPUT_SIZE || w !== EMOTION_INPUT_SIZE || c !== 1) throw new Error(`unexpected input shape ${h}x${w}x${c}`);
        const name = this.b.addNode('Transpose', [EMOTION_INPUT], 'input_nchw', { perm: { ints: [0, 3, 1, 2] } });
        this.flows.set(node.name, { name, c, h, w });
        return;
      }
      case '_FusedConv2D':
      case 'DepthwiseConv2dNative':
        return this.conv(node, inputs);
      case 'MaxPool': {
        const x = this.flow(inputs[0]!);
        const [, kh, kw] = ints(node.attr?.ksize);
        const [, sh, sw] = ints(node.attr?.strides);
        const ph = padAxis(x.h, kh!, sh!, 1, text(node.attr?.padding));
        const pw = padAxis(x.w, kw!, sw!, 1, text(node.attr?.padding));
        const name = this.b.addNode('MaxPool', [x.name], this.b.name('maxpool'), {
          kernel_shape: { ints: [kh!, kw!] },
          strides: { ints: [sh!, sw!] },
          pads: { ints: [ph.pads[0], pw.pads[0], ph.pads[1], pw.pads[1]] },
        });
        this.flows.set(node.name, { name, c: x.c, h: ph.out, w: pw.out });
        return;
      }
      case 'AddV2':
      case 'Add': {
        const [a, b] = [this.flow(inputs[0]!), this.flow(inputs[1]!)];
        if (a.c !== b.c || a.h !== b.h || a.w !== b.w) throw new Error(`${node.name}: shapes differ`);
        this.flows.set(node.name, { ...a, name: this.b.addNode('Add', [a.name, b.name], this.b.name('add')) });
        return;
      }
      case 'Relu': {
        const x = this.flow(inputs[0]!);
        this.flows.set(node.name, { ...x, name: this.b.addNode('Relu', [x.name], this.b.name('relu')) });
        return;
      }
      case 'Mean': {
        const x = this.flow(inputs[0]!);
        const axes = this.model.weights.get(inputs[1]!);
        const nhwc = Array.from(axes?.data ?? []);
        if (nhwc.join() !== '1,2' || node.attr?.keep_dims?.b) throw new Error(`${node.name}: only a spatial mean without keep_dims is supported`);
        const name = this.b.addNode('ReduceMean', [x.name], this.b.name('mean'), { axes: { ints: [2, 3] }, keepdims: { int: 0 } });
        this.flows.set(node.name, { name, c: x.c, h: 0, w: 0 });
        return;
      }
      case 'Softmax': {
        const x = this.flow(inputs[0]!);
        this.flows.set(node.name, { ...x, name: this.b.addNode('Softmax', [x.name], this.b.name('softmax'), { axis: { int: -1 } }) });
        return;
      }
      case 'Identity': {
        this.flows.set(node.name, this.flow(inputs[0]!));
        return;
      }
      default:
        throw new Error(`tfjs op ${node.op} (${node.name}) is not supported by this converter`);
    }
  }

  private conv(node: TfjsNode, inputs: string[]): void {
    const x = this.flow(inputs[0]!);
    const depthwise = node.op === 'DepthwiseConv2dNative';
    const weight = this.floatWeight(inputs[1]!);
    const [kh, kw, ci, co] = weight.shape as [number, number, number, number];
    const [, sh, sw] = ints(node.attr?.strides);
    const [, dh, dw] = ints(node.attr?.dilations).length ? ints(node.attr?.dilations) : [1, 1, 1];
    const padding = text(node.attr?.padding);
    const ph = padAxis(x.h, kh, sh!, dh!, padding);
    const pw = padAxis(x.w, kw, sw!, dw!, padding);
    const fused = (node.attr?.fused_ops?.list?.s ?? []).map((s) => Buffer.from(s, 'base64').toString('utf8'));
    if (depthwise ? fused.length > 0 : fused[0] !== 'BiasAdd' || fused.length > 2 || (fused[1] && fused[1] !== 'Relu'))
      throw new Error(`${node.name}: fused ops ${fused.join('+')} are not supported`);
    if (ci !== x.c && !depthwise) throw new Error(`${node.name}: ${ci} input channels, tensor has ${x.c}`);

    const outChannels = depthwise ? ci * co : co;
    const wName = this.b.addFloatInitializer(
      `${node.name}/weights`,
      depthwise ? [outChannels, 1, kh, kw] : [co, ci, kh, kw],
      depthwise ? hwcmToGrouped(weight.data, weight.shape) : hwioToOihw(weight.data, weight.shape),
    );
    const convInputs = [x.name, wName];
    if (!depthwise) convInputs.push(this.b.addFloatInitializer(`${node.name}/bias`, [co], this.floatWeight(inputs[2]!).data));
    let name = this.b.addNode('Conv', convInputs, this.b.name(depthwise ? 'depthwise' : 'conv'), {
      kernel_shape: { ints: [kh, kw] },
      strides: { ints: [sh!, sw!] },
      dilations: { ints: [dh!, dw!] },
      pads: { ints: [ph.pads[0], pw.pads[0], ph.pads[1], pw.pads[1]] },
      group: { int: depthwise ? ci : 1 },
    });
    if (fused[1] === 'Relu') name = this.b.addNode('Relu', [name], this.b.name('relu'));
    this.flows.set(node.name, { name, c: outChannels, h: ph.out, w: pw.out });
  }

  finish(outputNode: string): Uint8Array {
    const out = this.flow(outputNode);
    if (out.c !== HUMAN_EMOTION_ORDER.length) throw new Error(`the graph gives ${out.c} classes, expected ${HUMAN_EMOTION_ORDER.length}`);
    this.b.addNode('Identity', [out.name], EMOTION_OUTPUT);
    return this.b.encode({
      graphName: 'emotion',
      input: { name: EMOTION_INPUT, shape: [-1, EMOTION_INPUT_SIZE, EMOTION_INPUT_SIZE, 1] },
      output: { name: EMOTION_OUTPUT, shape: [-1, out.c] },
      opset: 13,
      docString: `Facial emotion (oarriaga mini-Xception via @vladmandic/human, MIT). Input NHWC grey 64x64 in [-1,1]; output softmax over ${HUMAN_EMOTION_ORDER.join(', ')}.`,
    });
  }
}

/** The ONNX bytes for a tfjs emotion graph (human's by default). */
export function convertEmotionGraph(jsonPath = humanEmotionJsonPath()): Uint8Array {
  const model = readTfjsGraph(jsonPath);
  const t = new Translator(model);
  for (const node of model.json.modelTopology.node) t.translate(node);
  return t.finish('Identity');
}

export interface BuiltModel {
  path: string;
  sha256: string;
  bytes: number;
}

/** Writes `emotion.onnx` into outDir and says where, with its sha256. */
export function buildEmotionModel(outDir: string, jsonPath?: string): BuiltModel {
  const bytes = convertEmotionGraph(jsonPath);
  mkdirSync(outDir, { recursive: true });
  const path = join(outDir, EMOTION_ONNX_FILE);
  writeFileSync(path, bytes);
  return { path, sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.byteLength };
}

/** The manifest name `npx beckon models build` knows this model by (models/manifest.json). */
export const EMOTION_MODEL_NAME = 'emotion';

/** For main/models/builders.ts: the ModelBuilder of `npx beckon models build`. */
export const emotionBuilder = {
  name: EMOTION_MODEL_NAME,
  build: async (destDir: string): Promise<string> => buildEmotionModel(destDir).path,
};

/** models/generated in this checkout. */
export function defaultGeneratedDir(): string {
  return resolve(fileURLToPath(new URL('../generated', import.meta.url)));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const built = buildEmotionModel(resolve(process.argv[2] ?? defaultGeneratedDir()));
  console.log(`${built.path}\n  ${built.bytes} bytes, sha256 ${built.sha256}`);
}
