/**
 * The GGUF writer's bytes read back by node-llama-cpp's own parser (readGgufFileInfo), and a
 * Q4_K_M-mix qwen2 file loaded by llama.cpp with tensor checks on. Random weights: these tests check
 * the file format and plumbing, never model answers.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getLlama, readGgufFileInfo } from 'node-llama-cpp';
import { afterAll, describe, expect, it } from 'vitest';
import { GGUF_ALIGNMENT, tensorBytes, writeGguf, type Metadata, type TensorSource } from '../../../main/models/llm/gguf-writer.ts';
import { fillRandomRows, GgmlType, rowBytes, SeededRandom } from '../../../main/models/llm/quant-blocks.ts';
import { qwen2GgufSize, writeQwen2Gguf, type Qwen2Spec } from '../../../main/models/llm/qwen2-gguf.ts';

const dir = mkdtempSync(join(tmpdir(), 'beckon-gguf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function randomTensor(name: string, type: GgmlType, dims: number[], rng: SeededRandom): TensorSource {
  return {
    name,
    type,
    dims,
    writeData(write) {
      const rows = dims.slice(1).reduce((a, b) => a * b, 1);
      // one row at a time, as the writer streams
      for (let r = 0; r < rows; r++) {
        const row = new Uint8Array(rowBytes(type, dims[0]!));
        fillRandomRows(type, dims[0]!, 1, rng, row);
        write(row);
      }
    },
  };
}

describe('writeGguf', () => {
  it('writes metadata and tensor infos that node-llama-cpp reads back unchanged (format plumbing, no model)', async () => {
    const rng = new SeededRandom(7);
    const metadata: Metadata = [
      ['general.architecture', { type: 'string', value: 'qwen2' }],
      ['test.u32', { type: 'u32', value: 4_000_000_000 }],
      ['test.i32', { type: 'i32', value: -12345 }],
      ['test.f32', { type: 'f32', value: 0.25 }],
      ['test.bool', { type: 'bool', value: true }],
      ['test.string', { type: 'string', value: 'héllo 🎉' }],
      ['test.strings', { type: 'string[]', value: ['a', 'Ġb', ''] }],
      ['test.ints', { type: 'i32[]', value: [1, -2, 3] }],
      ['test.floats', { type: 'f32[]', value: [0.5, -1.5] }],
    ];
    const tensors = [
      randomTensor('f32', GgmlType.F32, [5], rng), // 20 bytes: the next tensor needs padding
      randomTensor('f16', GgmlType.F16, [8, 3], rng),
      randomTensor('q8_0', GgmlType.Q8_0, [64, 2], rng),
      randomTensor('q5_0', GgmlType.Q5_0, [96, 2], rng),
      randomTensor('q4_k', GgmlType.Q4_K, [256, 3], rng),
      randomTensor('q6_k', GgmlType.Q6_K, [512, 2, 2], rng),
    ];
    const path = join(dir, 'format.gguf');
    const size = writeGguf(path, metadata, tensors);
    expect(statSync(path).size).toBe(size);

    const info = await readGgufFileInfo(path, { logWarnings: false });
    expect(info.version).toBe(3);
    const raw = info.metadata as unknown as Record<string, Record<string, unknown>>;
    expect(raw.general!.architecture).toBe('qwen2');
    expect(raw.general!.alignment).toBe(GGUF_ALIGNMENT);
    expect(raw.test).toEqual({
      u32: 4_000_000_000,
      i32: -12345,
      f32: 0.25,
      bool: true,
      string: 'héllo 🎉',
      strings: ['a', 'Ġb', ''],
      ints: [1, -2, 3],
      floats: [0.5, -1.5],
    });
    const infos = info.tensorInfo!;
    expect(infos.map((t) => t.name)).toEqual(tensors.map((t) => t.name));
    let offset = 0;
    for (const [i, t] of tensors.entries()) {
      expect(infos[i]!.dimensions.map(Number)).toEqual(t.dims);
      expect(infos[i]!.ggmlType).toBe(t.type);
      expect(Number(infos[i]!.offset)).toBe(offset);
      offset = Math.ceil((offset + tensorBytes(t.type, t.dims)) / GGUF_ALIGNMENT) * GGUF_ALIGNMENT;
    }
    // the data section ends exactly at the end of the file
    expect(size - Number(infos.at(-1)!.fileOffset)).toBe(Math.ceil(tensorBytes(GgmlType.Q6_K, [512, 2, 2]) / GGUF_ALIGNMENT) * GGUF_ALIGNMENT);
  });

  it('refuses a tensor whose data is the wrong size', () => {
    const bad: TensorSource = { name: 'bad', type: GgmlType.F32, dims: [4], writeData: (write) => write(new Uint8Array(12)) };
    expect(() => writeGguf(join(dir, 'bad.gguf'), [], [bad])).toThrow(/wrote 12 bytes, expected 16/);
  });

  it.each([
    // 256 wide: Q4_K rows, Q6_K attn_v/ffn_down, Q8_0 token_embd
    { embeddingLength: 256, headCount: 8, headCountKv: 2, expect: { 'blk.0.attn_q.weight': GgmlType.Q4_K, 'blk.0.attn_v.weight': GgmlType.Q6_K, 'blk.0.ffn_down.weight': GgmlType.Q6_K } },
    // 288 wide (like 896, not a multiple of 256): Q5_0 and Q8_0 fallbacks, as in a real Q4_K_M
    { embeddingLength: 288, headCount: 9, headCountKv: 3, expect: { 'blk.0.attn_q.weight': GgmlType.Q5_0, 'blk.0.attn_v.weight': GgmlType.Q8_0, 'blk.0.ffn_down.weight': GgmlType.Q6_K } },
  ])('a Q4_K_M-mix qwen2 file $embeddingLength wide loads in llama.cpp with tensor checks and generates (plumbing, random weights)', async (dims) => {
    const spec: Qwen2Spec = { name: 'mix', layers: 1, embeddingLength: dims.embeddingLength, headCount: dims.headCount, headCountKv: dims.headCountKv, feedForwardLength: 512, vocabSize: 600, contextLength: 512, quantization: 'q4_k_m', seed: 3 };
    const path = join(dir, `mix-${dims.embeddingLength}.gguf`);
    const { bytes } = writeQwen2Gguf(path, spec);
    expect(bytes).toBe(qwen2GgufSize(spec));
    const info = await readGgufFileInfo(path, { logWarnings: false });
    const typeOf = (name: string) => info.tensorInfo!.find((t) => t.name === name)!.ggmlType;
    expect(typeOf('token_embd.weight')).toBe(GgmlType.Q8_0);
    expect(typeOf('blk.0.attn_q.bias')).toBe(GgmlType.F32);
    for (const [name, type] of Object.entries(dims.expect)) expect(typeOf(name), name).toBe(type);

    const llama = await getLlama({ gpu: false });
    // checkTensors: llama.cpp validates every block (its f16 scales must be finite)
    const model = await llama.loadModel({ modelPath: path, checkTensors: true });
    try {
      const context = await model.createContext({ contextSize: 256, threads: 1 });
      const out: number[] = [];
      for await (const token of context.getSequence().evaluate(model.tokenize('turn the volume up'))) {
        out.push(token);
        if (out.length === 4) break;
      }
      expect(out).toHaveLength(4);
      for (const token of out) expect(token).toBeLessThan(600);
      await context.dispose();
    } finally {
      await model.dispose();
    }
  });
});
