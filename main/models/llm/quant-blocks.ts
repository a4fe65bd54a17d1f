/**
 * ggml tensor types and random-but-valid tensor data for test GGUF files. The block layouts follow
 * ggml-common.h (block_q8_0, block_q5_0, block_q4_K, block_q6_K). Every byte of a quant block is a
 * valid value except the f16 scales, so the data is random bytes with the scales patched to small
 * finite numbers: the model runs at real speed with no NaN/Inf, and its answers mean nothing.
 */

export enum GgmlType {
  F32 = 0,
  F16 = 1,
  Q5_0 = 6,
  Q8_0 = 8,
  Q4_K = 12,
  Q6_K = 14,
}

interface BlockLayout {
  /** weights per block (along the row, ne0) */
  blockWeights: number;
  /** bytes per block */
  blockBytes: number;
  /** byte offsets of the f16 scale fields in a block, with the magnitude range each may take */
  scales: readonly { at: number; min: number; max: number }[];
}

/** Scales chosen so a weight is about 0.01-0.05 in size: random-weight layers stay finite. */
const LAYOUTS: Record<GgmlType, BlockLayout> = {
  [GgmlType.F32]: { blockWeights: 1, blockBytes: 4, scales: [] },
  [GgmlType.F16]: { blockWeights: 1, blockBytes: 2, scales: [] },
  // ggml_half d; int8_t qs[32]: w = d * q, |q| <= 128
  [GgmlType.Q8_0]: { blockWeights: 32, blockBytes: 34, scales: [{ at: 0, min: 1e-4, max: 3e-4 }] },
  // ggml_half d; uint8_t qh[4]; uint8_t qs[16]: w = d * (q - 16), q 5 bits
  [GgmlType.Q5_0]: { blockWeights: 32, blockBytes: 22, scales: [{ at: 0, min: 1e-3, max: 3e-3 }] },
  // ggml_half d, dmin; uint8_t scales[12]; uint8_t qs[128]: w = d * sc * q - dmin * m, sc/m 6 bits, q 4 bits
  [GgmlType.Q4_K]: {
    blockWeights: 256,
    blockBytes: 144,
    scales: [
      { at: 0, min: 6.2e-5, max: 1e-4 },
      { at: 2, min: 6.2e-5, max: 1e-4 },
    ],
  },
  // uint8_t ql[128]; uint8_t qh[64]; int8_t scales[16]; ggml_half d: w = d * scale * (q - 32), q 6 bits
  [GgmlType.Q6_K]: { blockWeights: 256, blockBytes: 210, scales: [{ at: 208, min: 6.2e-5, max: 1e-4 }] },
};

export function blockWeights(type: GgmlType): number {
  return LAYOUTS[type].blockWeights;
}

/** Bytes one row of `rowWidth` weights takes; throws when the width is not a whole number of blocks. */
export function rowBytes(type: GgmlType, rowWidth: number): number {
  const layout = LAYOUTS[type];
  if (rowWidth % layout.blockWeights !== 0) throw new Error(`a row of ${rowWidth} is not a multiple of ${GgmlType[type]}'s block of ${layout.blockWeights}`);
  return (rowWidth / layout.blockWeights) * layout.blockBytes;
}

/** Seeded xorshift128 PRNG: the same seed always gives the same bytes (builds must be reproducible). */
export class SeededRandom {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(seed: number) {
    // splitmix32 to spread a small seed over the state
    let z = seed >>> 0;
    const next = (): number => {
      z = (z + 0x9e3779b9) >>> 0;
      let t = z ^ (z >>> 16);
      t = Math.imul(t, 0x21f0aaad);
      t ^= t >>> 15;
      t = Math.imul(t, 0x735a2d97);
      return (t ^ (t >>> 15)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next() | 1;
  }

  nextUint32(): number {
    const t = this.s0 ^ (this.s0 << 11);
    this.s0 = this.s1;
    this.s1 = this.s2;
    this.s2 = this.s3;
    this.s3 = (this.s3 ^ (this.s3 >>> 19) ^ (t ^ (t >>> 8))) >>> 0;
    return this.s3;
  }

  /** uniform in [0, 1) */
  nextFloat(): number {
    return this.nextUint32() / 4294967296;
  }

  fillBytes(out: Uint8Array): void {
    const words = out.length >>> 2;
    const view = new Uint32Array(out.buffer, out.byteOffset, words);
    for (let i = 0; i < words; i++) view[i] = this.nextUint32();
    for (let i = words << 2; i < out.length; i++) out[i] = this.nextUint32() & 0xff;
  }
}

/** IEEE half bits of a normal float (round to nearest); enough for the small scales used here. */
export function floatToHalfBits(value: number): number {
  const f32 = new Float32Array([value]);
  const bits = new Uint32Array(f32.buffer)[0]!;
  const sign = (bits >>> 16) & 0x8000;
  const exp = ((bits >>> 23) & 0xff) - 127 + 15;
  let mant = bits & 0x7fffff;
  if (value === 0) return sign;
  if (exp <= 0 || exp >= 31) throw new Error(`${value} is outside the normal f16 range`);
  mant = Math.round(mant / 8192);
  if (mant === 1024) return sign | ((exp + 1) << 10);
  return sign | (exp << 10) | mant;
}

/** 256 f16 values spread over [min, max], picked by a random byte: cheap random scales. */
function halfTable(min: number, max: number): Uint16Array {
  const table = new Uint16Array(256);
  for (let i = 0; i < 256; i++) table[i] = floatToHalfBits(min + ((max - min) * i) / 255);
  return table;
}

const tableCache = new Map<string, Uint16Array>();
function cachedHalfTable(min: number, max: number): Uint16Array {
  const key = `${min}:${max}`;
  let table = tableCache.get(key);
  if (!table) tableCache.set(key, (table = halfTable(min, max)));
  return table;
}

/**
 * Random data for `rows` rows of `rowWidth` weights of a type, written into `out` (which must be
 * exactly that many bytes). F32/F16 get uniform weights in +-amplitude; quant blocks get random bits
 * with small scales.
 */
export function fillRandomRows(type: GgmlType, rowWidth: number, rows: number, rng: SeededRandom, out: Uint8Array, amplitude = 0.05): void {
  const expected = rowBytes(type, rowWidth) * rows;
  if (out.length !== expected) throw new Error(`buffer of ${out.length} bytes for ${expected} bytes of ${GgmlType[type]}`);
  if (type === GgmlType.F32) {
    const floats = new Float32Array(out.buffer, out.byteOffset, out.length / 4);
    for (let i = 0; i < floats.length; i++) floats[i] = (rng.nextFloat() * 2 - 1) * amplitude;
    return;
  }
  rng.fillBytes(out);
  if (type === GgmlType.F16) {
    // keep each half's exponent small: replace the value with a table entry of a random sign
    const table = cachedHalfTable(amplitude / 256, amplitude);
    const view = new DataView(out.buffer, out.byteOffset, out.length);
    for (let i = 0; i < out.length; i += 2) view.setUint16(i, table[out[i]!]! | ((out[i + 1]! & 1) << 15), true);
    return;
  }
  const layout = LAYOUTS[type];
  const view = new DataView(out.buffer, out.byteOffset, out.length);
  for (const scale of layout.scales) {
    const table = cachedHalfTable(scale.min, scale.max);
    for (let block = 0; block < out.length; block += layout.blockBytes) {
      view.setUint16(block + scale.at, table[out[block + scale.at]!]!, true);
    }
  }
  if (type === GgmlType.Q6_K) {
    // int8 sub-block scales: keep them within +-16 so weights stay near the others' size
    for (let block = 0; block < out.length; block += layout.blockBytes) {
      for (let i = 192; i < 208; i++) out[block + i] = ((out[block + i]! % 33) - 16) & 0xff;
    }
  }
}
