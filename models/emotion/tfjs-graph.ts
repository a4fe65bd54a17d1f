/**
 * Reads a tfjs graph model (model.json + its weight shards) from disk: the node list and the
 * weights by name. Used by the ONNX converter and, in tests, to run the same graph in tfjs.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';

export interface TfjsAttr {
  s?: string;
  i?: string;
  f?: number;
  b?: boolean;
  list?: { s?: string[]; i?: string[] };
  type?: string;
}
export interface TfjsNode {
  name: string;
  op: string;
  input?: string[];
  attr?: Record<string, TfjsAttr>;
}
export interface TfjsWeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  quantization?: unknown;
}
export interface TfjsWeight {
  shape: number[];
  data: Float32Array | Int32Array;
}
export interface TfjsGraphModel {
  /** the parsed model.json */
  json: {
    modelTopology: { node: TfjsNode[] };
    weightsManifest: { paths: string[]; weights: TfjsWeightSpec[] }[];
  };
  specs: TfjsWeightSpec[];
  /** all shards concatenated, in manifest order */
  weightData: ArrayBuffer;
  weights: Map<string, TfjsWeight>;
}

/** The emotion graph shipped in @vladmandic/human (MIT). */
export function humanEmotionJsonPath(): string {
  const require = createRequire(import.meta.url);
  // Its `exports` map hides package.json; the main entry lies in dist/.
  return join(dirname(require.resolve('@vladmandic/human')), '..', 'models', 'emotion.json');
}

export function readTfjsGraph(jsonPath: string): TfjsGraphModel {
  const json = JSON.parse(readFileSync(jsonPath, 'utf8')) as TfjsGraphModel['json'];
  const specs: TfjsWeightSpec[] = [];
  const shards: Buffer[] = [];
  for (const group of json.weightsManifest) {
    specs.push(...group.weights);
    for (const p of group.paths) shards.push(readFileSync(join(dirname(jsonPath), p)));
  }
  const all = Buffer.concat(shards);
  const weightData = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength) as ArrayBuffer;
  const weights = new Map<string, TfjsWeight>();
  let offset = 0;
  for (const spec of specs) {
    if (spec.quantization) throw new Error(`weight ${spec.name} is quantized; not supported`);
    const count = spec.shape.reduce((a, b) => a * b, 1);
    const bytes = weightData.slice(offset, offset + count * 4);
    const data = spec.dtype === 'int32' ? new Int32Array(bytes) : new Float32Array(bytes);
    weights.set(spec.name, { shape: spec.shape, data });
    offset += count * 4;
  }
  if (offset !== weightData.byteLength) throw new Error(`weights use ${offset} bytes but the shards hold ${weightData.byteLength}`);
  return { json, specs, weightData, weights };
}
