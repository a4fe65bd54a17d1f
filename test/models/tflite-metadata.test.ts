import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { attachMetadata, readModelMetadata, readTfliteSummary, type VisionModelMetadata } from '../../models/vision/tflite-metadata.ts';

const FACE = join(import.meta.dirname, '..', '..', 'node_modules', '@mediapipe', 'face_detection', 'face_detection_short_range.tflite');
const LANDMARK = join(import.meta.dirname, '..', '..', 'node_modules', '@mediapipe', 'hands', 'hand_landmark_full.tflite');

const meta: VisionModelMetadata = {
  name: 'test model',
  description: 'metadata round trip',
  input: { name: 'image', width: 224, height: 224, mean: [0], std: [255], min: [0], max: [1] },
  outputs: ['landmarks', 'hand_flag', 'handedness', 'world_landmarks'],
};

describe('TFLite metadata', () => {
  it('reads back what it attaches, keeping the original model and its metadata entries', () => {
    const original = new Uint8Array(readFileSync(LANDMARK));
    const before = readTfliteSummary(original);
    expect(before.metadata.some((m) => m.name === 'TFLITE_METADATA')).toBe(false);

    const withMeta = attachMetadata(original, meta);
    const after = readTfliteSummary(withMeta);
    expect(after.identifier).toBe('TFL3');
    expect(after.version).toBe(before.version);
    expect(after.inputs).toEqual(before.inputs);
    expect(after.outputs).toEqual(before.outputs);
    expect(after.bufferCount).toBe(before.bufferCount + 1);
    expect(after.metadata).toEqual([...before.metadata, { name: 'TFLITE_METADATA', buffer: before.bufferCount }]);
    // the original bytes are untouched at the end (before at most 63 bytes of alignment padding), 64-aligned
    const pads = [...Array(64).keys()];
    const start = pads.map((pad) => withMeta.length - original.length - pad).find((s) => s % 64 === 0 && Buffer.from(withMeta.subarray(s, s + original.length)).equals(original));
    expect(start).toBeDefined();

    expect(readModelMetadata(withMeta)).toEqual({
      name: meta.name,
      description: meta.description,
      minParserVersion: '1.0.0',
      inputs: [{ name: 'image', colorSpace: 1, width: 224, height: 224, mean: [0], std: [255], min: [0], max: [1] }],
      outputs: meta.outputs,
    });
  });

  it('says a model has no metadata, and refuses to add it twice', () => {
    const face = new Uint8Array(readFileSync(FACE));
    expect(readModelMetadata(face)).toBeNull();
    const once = attachMetadata(face, { ...meta, outputs: ['regressors', 'classificators'] });
    expect(readModelMetadata(once)?.outputs).toEqual(['regressors', 'classificators']);
    expect(() => attachMetadata(once, meta)).toThrow(/already has TFLITE_METADATA/);
  });

  it('rejects bytes that are not a TFLite model', () => {
    expect(() => readTfliteSummary(new TextEncoder().encode('this is not a flatbuffer at all'))).toThrow(/not a TFLite model/);
  });
});
