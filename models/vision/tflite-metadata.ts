/**
 * TFLite metadata, written and read without a schema compiler.
 *
 * MediaPipe Tasks refuses a float-input model without `NormalizationOptions` metadata. The models in
 * @mediapipe/hands and @mediapipe/face_detection have none, so we attach a `ModelMetadata` flatbuffer
 * (file identifier M001, layout of tflite-support's public metadata_schema.fbs). The original .tflite
 * bytes stay untouched at the end of the new file; in front of them go the metadata, a new `Buffer`,
 * a new `Metadata` entry, new `buffers`/`metadata` vectors and a new root `Model` table that points at
 * the old vectors and tables (flatbuffer offsets are relative and point forward, so they stay valid).
 */
import { Builder, ByteBuffer } from 'flatbuffers';

export const METADATA_NAME = 'TFLITE_METADATA';
const TFLITE_IDENTIFIER = 'TFL3';
const METADATA_IDENTIFIER = 'M001';
/** where the original bytes start in the new file; generous so any alignment inside them still holds */
const ORIGINAL_ALIGNMENT = 64;

/** tflite schema.fbs: table Model field slots */
const MODEL = { version: 0, operatorCodes: 1, subgraphs: 2, description: 3, buffers: 4, metadataBuffer: 5, metadata: 6, signatureDefs: 7 } as const;
const MODEL_FIELD_COUNT = 8;

export interface ImageInputMetadata {
  name: string;
  width: number;
  height: number;
  /** pixel = (value - mean) / std, per channel or one for all */
  mean: number[];
  std: number[];
  /** range of the normalised input */
  min: number[];
  max: number[];
}

export interface VisionModelMetadata {
  name: string;
  description: string;
  input: ImageInputMetadata;
  /** output tensor names, in the model's output order */
  outputs: string[];
}

export interface TfliteSummary {
  identifier: string;
  version: number;
  bufferCount: number;
  metadata: Array<{ name: string; buffer: number }>;
  /** first subgraph's input and output tensors */
  inputs: Array<{ name: string; shape: number[] }>;
  outputs: Array<{ name: string; shape: number[] }>;
}

export interface ReadModelMetadata {
  name: string;
  description: string;
  minParserVersion: string;
  inputs: Array<{ name: string; colorSpace: number; width: number; height: number; mean: number[]; std: number[]; min: number[]; max: number[] }>;
  outputs: string[];
}

// ---------------------------------------------------------------- reading

function field(bb: ByteBuffer, table: number, slot: number): number {
  return bb.__offset(table, 4 + 2 * slot);
}

function tableRef(bb: ByteBuffer, table: number, slot: number): number | null {
  const o = field(bb, table, slot);
  return o ? bb.__indirect(table + o) : null;
}

function str(bb: ByteBuffer, table: number, slot: number): string {
  const o = field(bb, table, slot);
  return o ? (bb.__string(table + o) as string) : '';
}

/** positions of the tables in a vector-of-tables field */
function tables(bb: ByteBuffer, table: number, slot: number): number[] {
  const o = field(bb, table, slot);
  if (!o) return [];
  const start = bb.__vector(table + o);
  return Array.from({ length: bb.__vector_len(table + o) }, (_, i) => bb.__indirect(start + 4 * i));
}

function scalars(bb: ByteBuffer, table: number, slot: number, kind: 'i32' | 'f32'): number[] {
  const o = field(bb, table, slot);
  if (!o) return [];
  const start = bb.__vector(table + o);
  return Array.from({ length: bb.__vector_len(table + o) }, (_, i) =>
    kind === 'i32' ? bb.readInt32(start + 4 * i) : bb.readFloat32(start + 4 * i),
  );
}

function u32(bb: ByteBuffer, table: number, slot: number): number {
  const o = field(bb, table, slot);
  return o ? bb.readUint32(table + o) : 0;
}

function modelRoot(bytes: Uint8Array): { bb: ByteBuffer; root: number } {
  if (bytes.length < 16) throw new Error(`not a TFLite model: ${bytes.length} bytes`);
  const bb = new ByteBuffer(bytes);
  if (bb.getBufferIdentifier() !== TFLITE_IDENTIFIER) {
    throw new Error(`not a TFLite model: file identifier ${JSON.stringify(bb.getBufferIdentifier())}, expected ${TFLITE_IDENTIFIER}`);
  }
  const root = bb.readUint32(0);
  if (root >= bytes.length) throw new Error('not a TFLite model: root offset out of range');
  return { bb, root };
}

export function readTfliteSummary(bytes: Uint8Array): TfliteSummary {
  const { bb, root } = modelRoot(bytes);
  const metadata = tables(bb, root, MODEL.metadata).map((m) => ({ name: str(bb, m, 0), buffer: u32(bb, m, 1) }));
  const subgraph = tables(bb, root, MODEL.subgraphs)[0];
  const tensors = subgraph === undefined ? [] : tables(bb, subgraph, 0);
  const describe = (i: number) => ({ name: str(bb, tensors[i]!, 3), shape: scalars(bb, tensors[i]!, 0, 'i32') });
  return {
    identifier: bb.getBufferIdentifier(),
    version: u32(bb, root, MODEL.version),
    bufferCount: tables(bb, root, MODEL.buffers).length,
    metadata,
    inputs: subgraph === undefined ? [] : scalars(bb, subgraph, 1, 'i32').map(describe),
    outputs: subgraph === undefined ? [] : scalars(bb, subgraph, 2, 'i32').map(describe),
  };
}

/** The bytes of the TFLITE_METADATA buffer, or null when the model has none. */
export function metadataBytes(bytes: Uint8Array): Uint8Array | null {
  const { bb, root } = modelRoot(bytes);
  const entry = tables(bb, root, MODEL.metadata).find((m) => str(bb, m, 0) === METADATA_NAME);
  if (entry === undefined) return null;
  const buffer = tables(bb, root, MODEL.buffers)[u32(bb, entry, 1)];
  if (buffer === undefined) throw new Error('TFLite metadata entry points past the buffers');
  const o = field(bb, buffer, 0);
  if (!o) return null;
  const start = bb.__vector(buffer + o);
  return bytes.subarray(start, start + bb.__vector_len(buffer + o));
}

/** Parse the ModelMetadata flatbuffer attached to a .tflite (the fields we write). */
export function readModelMetadata(tflite: Uint8Array): ReadModelMetadata | null {
  const raw = metadataBytes(tflite);
  if (!raw) return null;
  const bb = new ByteBuffer(raw);
  if (bb.getBufferIdentifier() !== METADATA_IDENTIFIER) throw new Error(`TFLite metadata has identifier ${bb.getBufferIdentifier()}, expected ${METADATA_IDENTIFIER}`);
  const root = bb.readUint32(0);
  const subgraph = tables(bb, root, 3)[0];
  const inputs = subgraph === undefined ? [] : tables(bb, subgraph, 2).map((t) => {
    const content = tableRef(bb, t, 3);
    const image = content === null ? null : tableRef(bb, content, 1);
    const size = image === null ? null : tableRef(bb, image, 1);
    const colorOffset = image === null ? 0 : field(bb, image, 0);
    const norm = tables(bb, t, 4).map((unit) => tableRef(bb, unit, 1)).find((n) => n !== null);
    const stats = tableRef(bb, t, 5);
    return {
      name: str(bb, t, 0),
      colorSpace: colorOffset ? bb.readInt8(image! + colorOffset) : 0,
      width: size === null ? 0 : u32(bb, size, 0),
      height: size === null ? 0 : u32(bb, size, 1),
      mean: norm == null ? [] : scalars(bb, norm, 0, 'f32'),
      std: norm == null ? [] : scalars(bb, norm, 1, 'f32'),
      max: stats === null ? [] : scalars(bb, stats, 0, 'f32'),
      min: stats === null ? [] : scalars(bb, stats, 1, 'f32'),
    };
  });
  return {
    name: str(bb, root, 0),
    description: str(bb, root, 1),
    minParserVersion: str(bb, root, 7),
    inputs,
    outputs: subgraph === undefined ? [] : tables(bb, subgraph, 3).map((t) => str(bb, t, 0)),
  };
}

// ---------------------------------------------------------------- writing

function floatVector(b: Builder, values: number[]): number {
  b.startVector(4, values.length, 4);
  for (let i = values.length - 1; i >= 0; i--) b.addFloat32(values[i]!);
  return b.endVector();
}

function offsetVector(b: Builder, offsets: number[]): number {
  b.startVector(4, offsets.length, 4);
  for (let i = offsets.length - 1; i >= 0; i--) b.addOffset(offsets[i]!);
  return b.endVector();
}

/** ModelMetadata flatbuffer (metadata_schema.fbs), identifier M001. */
export function buildModelMetadata(meta: VisionModelMetadata): Uint8Array {
  const b = new Builder(1024);
  const input = meta.input;

  // ImageSize { width, height }
  b.startObject(2);
  b.addFieldInt32(0, input.width, 0);
  b.addFieldInt32(1, input.height, 0);
  const size = b.endObject();
  // ImageProperties { color_space: RGB (1), default_size }
  b.startObject(2);
  b.addFieldInt8(0, 1, 0);
  b.addFieldOffset(1, size, 0);
  const image = b.endObject();
  // Content { content_properties_type: ImageProperties (2), content_properties }
  b.startObject(3);
  b.addFieldInt8(0, 2, 0);
  b.addFieldOffset(1, image, 0);
  const content = b.endObject();
  // NormalizationOptions { mean, std }
  const mean = floatVector(b, input.mean);
  const std = floatVector(b, input.std);
  b.startObject(2);
  b.addFieldOffset(0, mean, 0);
  b.addFieldOffset(1, std, 0);
  const normalization = b.endObject();
  // ProcessUnit { options_type: NormalizationOptions (1), options }
  b.startObject(2);
  b.addFieldInt8(0, 1, 0);
  b.addFieldOffset(1, normalization, 0);
  const processUnit = b.endObject();
  const processUnits = offsetVector(b, [processUnit]);
  // Stats { max, min }
  const max = floatVector(b, input.max);
  const min = floatVector(b, input.min);
  b.startObject(2);
  b.addFieldOffset(0, max, 0);
  b.addFieldOffset(1, min, 0);
  const stats = b.endObject();
  // TensorMetadata { name 0, description 1, dimension_names 2, content 3, process_units 4, stats 5 }
  const inputName = b.createString(input.name);
  b.startObject(6);
  b.addFieldOffset(0, inputName, 0);
  b.addFieldOffset(3, content, 0);
  b.addFieldOffset(4, processUnits, 0);
  b.addFieldOffset(5, stats, 0);
  const inputTensor = b.endObject();
  const outputTensors = meta.outputs.map((name) => {
    const n = b.createString(name);
    b.startObject(1);
    b.addFieldOffset(0, n, 0);
    return b.endObject();
  });
  // SubGraphMetadata { name 0, description 1, input_tensor_metadata 2, output_tensor_metadata 3 }
  const inputs = offsetVector(b, [inputTensor]);
  const outputs = offsetVector(b, outputTensors);
  b.startObject(4);
  b.addFieldOffset(2, inputs, 0);
  b.addFieldOffset(3, outputs, 0);
  const subgraph = b.endObject();
  // ModelMetadata { name 0, description 1, version 2, subgraph_metadata 3, ..., min_parser_version 7 }
  const name = b.createString(meta.name);
  const description = b.createString(meta.description);
  const subgraphs = offsetVector(b, [subgraph]);
  const parser = b.createString('1.0.0');
  b.startObject(8);
  b.addFieldOffset(0, name, 0);
  b.addFieldOffset(1, description, 0);
  b.addFieldOffset(3, subgraphs, 0);
  b.addFieldOffset(7, parser, 0);
  b.finish(b.endObject(), METADATA_IDENTIFIER);
  return b.asUint8Array().slice();
}

/**
 * A copy of `tflite` carrying `meta` as TFLITE_METADATA. Throws if the model already has metadata or
 * has Model fields this writer does not know (a newer schema): better to fail than drop them.
 */
export function attachMetadata(tflite: Uint8Array, meta: VisionModelMetadata): Uint8Array {
  const { bb, root } = modelRoot(tflite);
  const vtable = root - bb.readInt32(root);
  const fieldCount = (bb.readUint16(vtable) - 4) / 2;
  for (let slot = MODEL_FIELD_COUNT; slot < fieldCount; slot++) {
    if (field(bb, root, slot)) throw new Error(`TFLite Model has an unknown field ${slot}; cannot add metadata safely`);
  }
  if (tables(bb, root, MODEL.metadata).some((m) => str(bb, m, 0) === METADATA_NAME)) {
    throw new Error('the model already has TFLITE_METADATA');
  }
  const metadata = buildModelMetadata(meta);

  const b = new Builder(tflite.length + metadata.length + 4096);
  // 1. the original bytes, at the end of the new file
  b.prep(ORIGINAL_ALIGNMENT, tflite.length);
  for (let i = tflite.length - 1; i >= 0; i--) b.addInt8(tflite[i]!);
  const base = b.offset(); // the builder counts from the end: original position p lies at base - p
  const old = (position: number | null) => (position === null ? 0 : base - position);

  // 2. the metadata bytes as a Buffer{data}, 16-aligned like TFLite buffers
  b.startVector(1, metadata.length, 16);
  for (let i = metadata.length - 1; i >= 0; i--) b.addInt8(metadata[i]!);
  const data = b.endVector();
  b.startObject(1);
  b.addFieldOffset(0, data, 0);
  const newBuffer = b.endObject();

  // 3. Metadata{name, buffer: index of the new buffer}
  const oldBuffers = tables(bb, root, MODEL.buffers);
  const entryName = b.createString(METADATA_NAME);
  b.startObject(2);
  b.addFieldOffset(0, entryName, 0);
  b.addFieldInt32(1, oldBuffers.length, 0);
  const newEntry = b.endObject();

  // 4. vectors: old entries plus the new one
  const buffers = offsetVector(b, [...oldBuffers.map(old), newBuffer]);
  const metadataVector = offsetVector(b, [...tables(bb, root, MODEL.metadata).map(old), newEntry]);

  // 5. the new root Model: everything else points at the old objects
  b.startObject(MODEL_FIELD_COUNT);
  if (field(bb, root, MODEL.version)) b.addFieldInt32(MODEL.version, u32(bb, root, MODEL.version), null);
  for (const slot of [MODEL.operatorCodes, MODEL.subgraphs, MODEL.description, MODEL.metadataBuffer, MODEL.signatureDefs]) {
    const target = tableRef(bb, root, slot);
    if (target !== null) b.addFieldOffset(slot, old(target), 0);
  }
  b.addFieldOffset(MODEL.buffers, buffers, 0);
  b.addFieldOffset(MODEL.metadata, metadataVector, 0);
  b.finish(b.endObject(), TFLITE_IDENTIFIER);
  return b.asUint8Array().slice();
}
