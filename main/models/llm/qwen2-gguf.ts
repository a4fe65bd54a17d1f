/**
 * GGUF files of the real qwen2 architecture (as llama.cpp's qwen2 loader expects: tensor names,
 * shapes and qwen2.* metadata) with seeded random weights and the self-made vocabulary of
 * vocabulary.ts. They load and run in node-llama-cpp at the speed a real model of the same size
 * runs, so they test plumbing and measure speed; they never give meaningful answers (no LLM
 * weights exist on these machines).
 */
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelBuilder } from '../build.ts';
import { buildModel } from '../build.ts';
import { modelsCacheDir } from '../manifest.ts';
import { encodeGgufHeader, GGUF_ALIGNMENT, tensorBytes, writeGguf, type Metadata, type TensorSource } from './gguf-writer.ts';
import { blockWeights, fillRandomRows, GgmlType, rowBytes, SeededRandom } from './quant-blocks.ts';
import { buildVocabulary, tokenizerMetadata, TokenType, type Vocabulary } from './vocabulary.ts';

/**
 * 'f32': every tensor F32 (tiny test files); 'f16': matrices F16; 'q4_k_m': like llama.cpp's
 * Q4_K_M (Q4_K, or Q5_0 where the row is not a multiple of 256; Q6_K, or Q8_0, for attn_v and
 * ffn_down; token_embd Q8_0); norms and biases are F32 in every mix.
 */
export type Qwen2Quantization = 'f32' | 'f16' | 'q4_k_m';

export interface Qwen2Spec {
  /** general.name */
  name: string;
  layers: number;
  embeddingLength: number;
  headCount: number;
  headCountKv: number;
  feedForwardLength: number;
  /** token count; undefined: exactly the self-made vocabulary (else it is padded with unused tokens) */
  vocabSize?: number;
  contextLength: number;
  quantization: Qwen2Quantization;
  /** PRNG seed of the weights (the same spec and seed always give the same bytes) */
  seed?: number;
}

/** ~0.5 MB, F32: for tests (loads in tens of ms). */
export const QWEN2_TINY: Qwen2Spec = {
  name: 'beckon-qwen2-test-tiny (random weights)',
  layers: 2,
  embeddingLength: 64,
  headCount: 4,
  headCountKv: 2,
  feedForwardLength: 128,
  contextLength: 4096,
  quantization: 'f32',
  seed: 1,
};

/** Qwen2.5-0.5B-Instruct's dimensions, Q4_K_M-like mix, ~400 MB: for speed benchmarks only. */
export const QWEN25_05B: Qwen2Spec = {
  name: 'beckon-qwen2.5-0.5b-shaped (random weights)',
  layers: 24,
  embeddingLength: 896,
  headCount: 14,
  headCountKv: 2,
  feedForwardLength: 4864,
  vocabSize: 151936,
  contextLength: 32768,
  quantization: 'q4_k_m',
  seed: 2,
};

const FILE_TYPE: Record<Qwen2Quantization, number> = { f32: 0, f16: 1, q4_k_m: 15 }; // llama_ftype

type TensorRole = 'embedding' | 'matrix' | 'more-bits' | 'norm' | 'bias';

function typeFor(role: TensorRole, rowWidth: number, quant: Qwen2Quantization): GgmlType {
  if (role === 'norm' || role === 'bias' || quant === 'f32') return GgmlType.F32;
  if (quant === 'f16') return GgmlType.F16;
  const fits = (t: GgmlType): boolean => rowWidth % blockWeights(t) === 0;
  const first = (...types: GgmlType[]): GgmlType => types.find(fits) ?? GgmlType.F32;
  if (role === 'embedding') return first(GgmlType.Q8_0);
  if (role === 'more-bits') return first(GgmlType.Q6_K, GgmlType.Q8_0);
  return first(GgmlType.Q4_K, GgmlType.Q5_0, GgmlType.Q8_0);
}

interface PlannedTensor {
  name: string;
  dims: number[];
  type: GgmlType;
  role: TensorRole;
}

function planTensors(spec: Qwen2Spec, vocabSize: number): PlannedTensor[] {
  const n = spec.embeddingLength;
  const headDim = n / spec.headCount;
  if (!Number.isInteger(headDim)) throw new Error(`embedding ${n} is not divisible by ${spec.headCount} heads`);
  if (spec.headCount % spec.headCountKv !== 0) throw new Error(`${spec.headCount} heads are not a multiple of ${spec.headCountKv} KV heads`);
  const kv = headDim * spec.headCountKv;
  const ff = spec.feedForwardLength;
  const tensor = (name: string, dims: number[], role: TensorRole): PlannedTensor => ({ name, dims, role, type: typeFor(role, dims[0]!, spec.quantization) });
  const out = [tensor('token_embd.weight', [n, vocabSize], 'embedding')];
  for (let i = 0; i < spec.layers; i++) {
    const b = `blk.${i}`;
    out.push(
      tensor(`${b}.attn_norm.weight`, [n], 'norm'),
      tensor(`${b}.attn_q.weight`, [n, n], 'matrix'),
      tensor(`${b}.attn_q.bias`, [n], 'bias'),
      tensor(`${b}.attn_k.weight`, [n, kv], 'matrix'),
      tensor(`${b}.attn_k.bias`, [kv], 'bias'),
      tensor(`${b}.attn_v.weight`, [n, kv], 'more-bits'),
      tensor(`${b}.attn_v.bias`, [kv], 'bias'),
      tensor(`${b}.attn_output.weight`, [n, n], 'matrix'),
      tensor(`${b}.ffn_norm.weight`, [n], 'norm'),
      tensor(`${b}.ffn_gate.weight`, [n, ff], 'matrix'),
      tensor(`${b}.ffn_up.weight`, [n, ff], 'matrix'),
      tensor(`${b}.ffn_down.weight`, [ff, n], 'more-bits'),
    );
  }
  // no output.weight: qwen2 ties the output to token_embd when it is absent (as Qwen2.5-0.5B does)
  out.push(tensor('output_norm.weight', [n], 'norm'));
  return out;
}

function modelMetadata(spec: Qwen2Spec): Metadata {
  const u32 = (value: number) => ({ type: 'u32' as const, value });
  return [
    ['general.architecture', { type: 'string', value: 'qwen2' }],
    ['general.name', { type: 'string', value: spec.name }],
    ['general.description', { type: 'string', value: 'Random weights written by Beckon for plumbing tests and speed benchmarks; its output is meaningless.' }],
    ['general.file_type', u32(FILE_TYPE[spec.quantization])],
    ['general.quantization_version', u32(2)],
    ['qwen2.context_length', u32(spec.contextLength)],
    ['qwen2.embedding_length', u32(spec.embeddingLength)],
    ['qwen2.block_count', u32(spec.layers)],
    ['qwen2.feed_forward_length', u32(spec.feedForwardLength)],
    ['qwen2.attention.head_count', u32(spec.headCount)],
    ['qwen2.attention.head_count_kv', u32(spec.headCountKv)],
    ['qwen2.rope.freq_base', { type: 'f32', value: 1_000_000 }],
    ['qwen2.attention.layer_norm_rms_epsilon', { type: 'f32', value: 1e-6 }],
  ];
}

/** At most this many bytes of one tensor are in memory at once while writing. */
const CHUNK_BYTES = 4 << 20;

/**
 * Embedding rows (= output rows: they are tied) made 100x smaller, so a random model rarely picks
 * them: control bytes, non-ASCII bytes (half a UTF-8 character shows as nothing) and the special
 * tokens. The tiny model then streams visible ASCII text instead of stopping at once or printing
 * nothing; a test can still force an end with maxTokens.
 */
function quietEmbeddingRows(vocab: Vocabulary): Set<number> {
  const quiet = new Set<number>();
  for (let b = 0; b < 256; b++) if (b < 0x20 || b >= 0x7f) quiet.add(b);
  vocab.types.forEach((type, id) => type !== TokenType.NORMAL && quiet.add(id));
  return quiet;
}

function quietenRows(chunk: Uint8Array, rowWidth: number, firstRow: number, quiet: ReadonlySet<number>): void {
  const floats = new Float32Array(chunk.buffer, chunk.byteOffset, chunk.length / 4);
  const rows = floats.length / rowWidth;
  for (let r = 0; r < rows; r++) {
    if (!quiet.has(firstRow + r)) continue;
    for (let i = r * rowWidth; i < (r + 1) * rowWidth; i++) floats[i]! *= 0.01;
  }
}

function tensorSource(t: PlannedTensor, rng: SeededRandom, quietRows: ReadonlySet<number>): TensorSource {
  return {
    ...t,
    writeData(write) {
      const rows = t.dims.slice(1).reduce((a, b) => a * b, 1);
      const bytesPerRow = rowBytes(t.type, t.dims[0]!);
      if (t.role === 'norm' || t.role === 'bias') {
        // RMS-norm gains near 1 (not near 0) so the signal survives the layers; biases small
        const values = new Float32Array(t.dims[0]!);
        for (let i = 0; i < values.length; i++) values[i] = t.role === 'norm' ? 0.9 + 0.2 * rng.nextFloat() : (rng.nextFloat() * 2 - 1) * 0.02;
        return write(new Uint8Array(values.buffer));
      }
      const rowsPerChunk = Math.max(1, Math.floor(CHUNK_BYTES / bytesPerRow));
      const buffer = new Uint8Array(Math.min(rows, rowsPerChunk) * bytesPerRow);
      for (let row = 0; row < rows; row += rowsPerChunk) {
        const count = Math.min(rowsPerChunk, rows - row);
        const chunk = buffer.subarray(0, count * bytesPerRow);
        fillRandomRows(t.type, t.dims[0]!, count, rng, chunk, t.type === GgmlType.F32 ? 0.1 : 0.05);
        if (t.role === 'embedding' && t.type === GgmlType.F32) quietenRows(chunk, t.dims[0]!, row, quietRows);
        write(chunk);
      }
    },
  };
}

function plan(spec: Qwen2Spec): { metadata: Metadata; tensors: PlannedTensor[]; vocab: Vocabulary } {
  const vocab = buildVocabulary({ padToSize: spec.vocabSize });
  const metadata: Metadata = [...modelMetadata(spec), ...tokenizerMetadata(vocab)];
  return { metadata, tensors: planTensors(spec, vocab.tokens.length), vocab };
}

/** The size in bytes the file of a spec will have (without writing it). */
export function qwen2GgufSize(spec: Qwen2Spec): number {
  const { metadata, tensors } = plan(spec);
  let size = encodeGgufHeader(metadata, tensors).length;
  for (const t of tensors) size += Math.ceil(tensorBytes(t.type, t.dims) / GGUF_ALIGNMENT) * GGUF_ALIGNMENT;
  return size;
}

/**
 * Write a qwen2 GGUF of random weights to `path` (through a temporary file renamed at the end, so a
 * reader never sees half a file). Deterministic: the same spec gives the same bytes. Returns the size.
 */
export function writeQwen2Gguf(path: string, spec: Qwen2Spec): { bytes: number; ms: number } {
  const t0 = performance.now();
  const { metadata, tensors, vocab } = plan(spec);
  const rng = new SeededRandom(spec.seed ?? 0);
  const quiet = quietEmbeddingRows(vocab);
  const temp = `${path}.partial-${process.pid}`;
  try {
    const bytes = writeGguf(temp, metadata, tensors.map((t) => tensorSource(t, rng, quiet)));
    renameSync(temp, path);
    return { bytes, ms: performance.now() - t0 };
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
}

export const QWEN2_TEST_TINY_MODEL = 'qwen2-test-tiny';
export const QWEN2_TEST_TINY_FILE = 'qwen2-test-tiny.gguf';

/** `npx beckon models build` entry: the tiny random-weight qwen2 GGUF for tests. */
export const qwen2TestTinyBuilder: ModelBuilder = {
  name: QWEN2_TEST_TINY_MODEL,
  async build(destDir) {
    mkdirSync(destDir, { recursive: true });
    const path = join(destDir, QWEN2_TEST_TINY_FILE);
    writeQwen2Gguf(path, QWEN2_TINY);
    return path;
  },
};

/** Path of the tiny test GGUF, building it first when missing or stale (well under a second). */
export async function ensureQwen2TestTiny(): Promise<string> {
  return (await buildModel(qwen2TestTinyBuilder)).path;
}

export const QWEN25_05B_BENCH_FILE = 'qwen2.5-0.5b-random-q4_k_m.gguf';

/**
 * The ~400 MB Qwen2.5-0.5B-shaped bench file in `dir` (default: <models cache>/bench), written on
 * demand (a few seconds) and reused while its size matches. Not in models/manifest.json: it is a
 * benchmark artifact, not a model to run, and its sha256 would cost a second to check each time.
 */
export function ensureQwen25BenchModel(dir = join(modelsCacheDir(), 'bench')): { path: string; written: boolean; bytes: number; ms: number } {
  const path = join(dir, QWEN25_05B_BENCH_FILE);
  const expected = qwen2GgufSize(QWEN25_05B);
  if (existsSync(path) && statSync(path).size === expected) return { path, written: false, bytes: expected, ms: 0 };
  mkdirSync(dir, { recursive: true });
  const { bytes, ms } = writeQwen2Gguf(path, QWEN25_05B);
  return { path, written: true, bytes, ms };
}
