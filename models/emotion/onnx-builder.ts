/** A small helper to assemble an ONNX graph with onnx-proto (protobufjs), deterministically. */
import { createRequire } from 'node:module';
import type { onnx as OnnxTypes } from 'onnx-proto';

// onnx-proto is CommonJS (module.exports = root): require it for the runtime value.
const { onnx } = createRequire(import.meta.url)('onnx-proto') as { onnx: typeof OnnxTypes };

export interface AttrSpec {
  [name: string]: { ints: number[] } | { int: number } | { float: number } | { string: string };
}

export class OnnxGraphBuilder {
  private readonly nodes: OnnxTypes.INodeProto[] = [];
  private readonly initializers: OnnxTypes.ITensorProto[] = [];
  private counter = 0;

  /** A fresh, readable tensor name. */
  name(hint: string): string {
    return `${hint}_${this.counter++}`;
  }

  addFloatInitializer(name: string, dims: number[], data: Float32Array): string {
    const raw = new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
    this.initializers.push({ name, dims, dataType: onnx.TensorProto.DataType.FLOAT, rawData: raw });
    return name;
  }

  addNode(opType: string, inputs: string[], output: string, attrs: AttrSpec = {}): string {
    const attribute: OnnxTypes.IAttributeProto[] = Object.keys(attrs)
      .sort()
      .map((name) => {
        const a = attrs[name]!;
        if ('ints' in a) return { name, type: onnx.AttributeProto.AttributeType.INTS, ints: a.ints };
        if ('int' in a) return { name, type: onnx.AttributeProto.AttributeType.INT, i: a.int };
        if ('float' in a) return { name, type: onnx.AttributeProto.AttributeType.FLOAT, f: a.float };
        return { name, type: onnx.AttributeProto.AttributeType.STRING, s: new TextEncoder().encode(a.string) };
      });
    this.nodes.push({ opType, input: inputs, output: [output], name: output, attribute });
    return output;
  }

  /** Serialise as a model with one float input and one float output (first dim dynamic, "N"). */
  encode(options: {
    graphName: string;
    input: { name: string; shape: number[] };
    output: { name: string; shape: number[] };
    opset: number;
    docString: string;
  }): Uint8Array {
    const valueInfo = (name: string, shape: number[]): OnnxTypes.IValueInfoProto => ({
      name,
      type: {
        tensorType: {
          elemType: onnx.TensorProto.DataType.FLOAT,
          shape: { dim: shape.map((d, i) => (i === 0 ? { dimParam: 'N' } : { dimValue: d })) },
        },
      },
    });
    const model = onnx.ModelProto.create({
      irVersion: 7,
      producerName: 'beckon models/emotion/convert.ts',
      producerVersion: '1',
      docString: options.docString,
      opsetImport: [{ domain: '', version: options.opset }],
      graph: {
        name: options.graphName,
        node: this.nodes,
        initializer: this.initializers,
        input: [valueInfo(options.input.name, options.input.shape)],
        output: [valueInfo(options.output.name, options.output.shape)],
      },
    });
    return onnx.ModelProto.encode(model).finish();
  }
}
