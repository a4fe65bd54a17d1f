/**
 * A GGUF v3 writer (little endian; ggml's docs/gguf.md): header, metadata key/values, tensor infos,
 * then the tensor data, each tensor aligned to general.alignment. The data is streamed tensor by
 * tensor (each tensor in chunks of rows), so a 400 MB file never needs 400 MB of heap.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { GgmlType, rowBytes } from './quant-blocks.ts';

export const GGUF_ALIGNMENT = 32;

/** GGUF metadata value types (gguf_type) */
enum ValueType {
  UINT32 = 4,
  INT32 = 5,
  FLOAT32 = 6,
  BOOL = 7,
  STRING = 8,
  ARRAY = 9,
}

export type MetadataValue =
  | { type: 'u32'; value: number }
  | { type: 'i32'; value: number }
  | { type: 'f32'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'string'; value: string }
  | { type: 'string[]'; value: readonly string[] }
  | { type: 'i32[]'; value: ArrayLike<number> }
  | { type: 'f32[]'; value: ArrayLike<number> };

export type Metadata = ReadonlyArray<readonly [key: string, value: MetadataValue]>;

export interface TensorSource {
  name: string;
  /** ggml order: dims[0] (ne0) is the row width, the fastest-moving index */
  dims: readonly number[];
  type: GgmlType;
  /**
   * Writes exactly the tensor's bytes through `write`, in as many chunks as it likes (rows at a
   * time keeps memory small).
   */
  writeData(write: (chunk: Uint8Array) => void): void;
}

/** Bytes a tensor of these dims and type holds. */
export function tensorBytes(type: GgmlType, dims: readonly number[]): number {
  const rows = dims.slice(1).reduce((a, b) => a * b, 1);
  return rowBytes(type, dims[0]!) * rows;
}

const align = (n: number): number => Math.ceil(n / GGUF_ALIGNMENT) * GGUF_ALIGNMENT;

/** Grows a byte buffer for the header; the header (metadata + infos) is small, even with a 150k-token vocabulary. */
class ByteSink {
  private buf = new Uint8Array(1 << 16);
  private view = new DataView(this.buf.buffer);
  length = 0;

  private reserve(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }
  u8(v: number): void {
    this.reserve(1);
    this.view.setUint8(this.length, v);
    this.length += 1;
  }
  u32(v: number): void {
    this.reserve(4);
    this.view.setUint32(this.length, v, true);
    this.length += 4;
  }
  i32(v: number): void {
    this.reserve(4);
    this.view.setInt32(this.length, v, true);
    this.length += 4;
  }
  f32(v: number): void {
    this.reserve(4);
    this.view.setFloat32(this.length, v, true);
    this.length += 4;
  }
  u64(v: number): void {
    this.reserve(8);
    this.view.setBigUint64(this.length, BigInt(v), true);
    this.length += 8;
  }
  bytes(b: Uint8Array): void {
    this.reserve(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }
  string(s: string): void {
    const b = Buffer.from(s, 'utf8');
    this.u64(b.length);
    this.bytes(b);
  }
  padTo(alignment: number): void {
    while (this.length % alignment !== 0) this.u8(0);
  }
  contents(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }
}

function writeValue(sink: ByteSink, v: MetadataValue): void {
  switch (v.type) {
    case 'u32':
      sink.u32(ValueType.UINT32);
      return sink.u32(v.value);
    case 'i32':
      sink.u32(ValueType.INT32);
      return sink.i32(v.value);
    case 'f32':
      sink.u32(ValueType.FLOAT32);
      return sink.f32(v.value);
    case 'bool':
      sink.u32(ValueType.BOOL);
      return sink.u8(v.value ? 1 : 0);
    case 'string':
      sink.u32(ValueType.STRING);
      return sink.string(v.value);
    case 'string[]':
      sink.u32(ValueType.ARRAY);
      sink.u32(ValueType.STRING);
      sink.u64(v.value.length);
      for (const s of v.value) sink.string(s);
      return;
    case 'i32[]':
      sink.u32(ValueType.ARRAY);
      sink.u32(ValueType.INT32);
      sink.u64(v.value.length);
      for (let i = 0; i < v.value.length; i++) sink.i32(v.value[i]!);
      return;
    case 'f32[]':
      sink.u32(ValueType.ARRAY);
      sink.u32(ValueType.FLOAT32);
      sink.u64(v.value.length);
      for (let i = 0; i < v.value.length; i++) sink.f32(v.value[i]!);
      return;
  }
}

/** The header, metadata and tensor infos, padded so the data section starts aligned. */
export function encodeGgufHeader(metadata: Metadata, tensors: readonly Pick<TensorSource, 'name' | 'dims' | 'type'>[]): Uint8Array {
  const keys = new Set<string>();
  for (const [key] of metadata) {
    if (keys.has(key)) throw new Error(`metadata key ${key} given twice`);
    keys.add(key);
  }
  const withAlignment: Metadata = keys.has('general.alignment') ? metadata : [...metadata, ['general.alignment', { type: 'u32', value: GGUF_ALIGNMENT }]];
  const sink = new ByteSink();
  sink.bytes(Buffer.from('GGUF', 'ascii'));
  sink.u32(3);
  sink.u64(tensors.length);
  sink.u64(withAlignment.length);
  for (const [key, value] of withAlignment) {
    sink.string(key);
    writeValue(sink, value);
  }
  let offset = 0;
  for (const t of tensors) {
    sink.string(t.name);
    sink.u32(t.dims.length);
    for (const d of t.dims) sink.u64(d);
    sink.u32(t.type);
    sink.u64(offset);
    offset = align(offset + tensorBytes(t.type, t.dims));
  }
  sink.padTo(GGUF_ALIGNMENT);
  return sink.contents();
}

/** Write a GGUF file: the header at once, then each tensor's data streamed, aligned. Returns the file size. */
export function writeGguf(path: string, metadata: Metadata, tensors: readonly TensorSource[]): number {
  const fd = openSync(path, 'w');
  try {
    let position = 0;
    const put = (chunk: Uint8Array): void => {
      let done = 0;
      while (done < chunk.length) done += writeSync(fd, chunk, done, chunk.length - done);
      position += chunk.length;
    };
    put(encodeGgufHeader(metadata, tensors));
    const dataStart = position;
    for (const t of tensors) {
      const start = position;
      t.writeData(put);
      const written = position - start;
      const expected = tensorBytes(t.type, t.dims);
      if (written !== expected) throw new Error(`tensor ${t.name} wrote ${written} bytes, expected ${expected}`);
      const pad = align(position - dataStart) - (position - dataStart);
      if (pad > 0) put(new Uint8Array(pad));
    }
    return position;
  } finally {
    closeSync(fd);
  }
}
