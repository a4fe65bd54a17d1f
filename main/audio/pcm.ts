/**
 * Turns the raw bytes of a wav data chunk into mono float samples in [-1, 1], averaging channels.
 * Hand-written rather than wavefile's getSamples(): that unpacks one value at a time and is far
 * slower on long files.
 */
export type PcmEncoding = 'int' | 'uint8' | 'float';

export interface PcmLayout {
  encoding: PcmEncoding;
  /** bits per sample as stored: 8, 16, 24, 32 (int) or 32, 64 (float) */
  bits: number;
  channels: number;
}

export function decodePcmToMono(bytes: Uint8Array, layout: PcmLayout): Float32Array {
  const { encoding, bits, channels } = layout;
  const bytesPerSample = bits / 8;
  const frameBytes = bytesPerSample * channels;
  const frames = Math.floor(bytes.byteLength / frameBytes);
  const out = new Float32Array(frames);
  const view = new DataView(bytes.buffer, bytes.byteOffset, frames * frameBytes);
  const read = reader(encoding, bits, view);
  const scale = 1 / channels;
  let pos = 0;
  for (let i = 0; i < frames; i++) {
    let acc = 0;
    for (let c = 0; c < channels; c++) {
      acc += read(pos);
      pos += bytesPerSample;
    }
    out[i] = channels === 1 ? acc : acc * scale;
  }
  return out;
}

function reader(encoding: PcmEncoding, bits: number, view: DataView): (pos: number) => number {
  if (encoding === 'float') {
    if (bits === 32) return (p) => view.getFloat32(p, true);
    if (bits === 64) return (p) => view.getFloat64(p, true);
  } else if (encoding === 'uint8') {
    return (p) => (view.getUint8(p) - 128) / 128;
  } else {
    if (bits === 16) return (p) => view.getInt16(p, true) / 32768;
    if (bits === 24) {
      return (p) => {
        const v = view.getUint8(p) | (view.getUint8(p + 1) << 8) | (view.getInt8(p + 2) << 16);
        return v / 8388608;
      };
    }
    if (bits === 32) return (p) => view.getInt32(p, true) / 2147483648;
  }
  throw new RangeError(`no reader for ${bits}-bit ${encoding} samples`);
}
