/**
 * Just enough RIFF/WAVE to read what TTS engines stream and to write one PCM file.
 * espeak-ng --stdout writes placeholder sizes (0x7ffff000) because it streams: we never trust
 * the size fields of a streamed header, only the fmt chunk and where the data chunk starts.
 */
export interface PcmFormat {
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
}

export interface WavHeader {
  format: PcmFormat;
  /** byte offset of the first sample */
  dataOffset: number;
  /** the data chunk's declared size; a placeholder in streamed files */
  declaredDataBytes: number;
}

const ascii = (bytes: Uint8Array, at: number, n: number) => String.fromCharCode(...bytes.subarray(at, at + n));

/**
 * Parse a WAV header. Returns null while more bytes are needed; throws on bytes that are not PCM WAV.
 */
export function parseWavHeader(bytes: Uint8Array): WavHeader | null {
  if (bytes.length < 12) return null;
  if (ascii(bytes, 0, 4) !== 'RIFF' || ascii(bytes, 8, 4) !== 'WAVE') throw new Error('not a RIFF/WAVE stream');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 12;
  let format: PcmFormat | null = null;
  while (at + 8 <= bytes.length) {
    const id = ascii(bytes, at, 4);
    const size = view.getUint32(at + 4, true);
    if (id === 'data') {
      if (!format) throw new Error('WAV data chunk before fmt chunk');
      return { format, dataOffset: at + 8, declaredDataBytes: size };
    }
    if (at + 8 + size > bytes.length) return null;
    if (id === 'fmt ') {
      const audioFormat = view.getUint16(at + 8, true);
      if (audioFormat !== 1) throw new Error(`WAV format ${audioFormat} is not integer PCM`);
      format = {
        channels: view.getUint16(at + 10, true),
        sampleRate: view.getUint32(at + 12, true),
        bitsPerSample: view.getUint16(at + 22, true),
      };
    }
    at += 8 + size + (size % 2); // chunks are word-aligned
  }
  return null;
}

/** A complete PCM WAV file (44-byte header) around the given samples. */
export function encodeWav(pcm: Uint8Array, format: PcmFormat): Uint8Array {
  const out = new Uint8Array(44 + pcm.length);
  const view = new DataView(out.buffer);
  const writeAscii = (at: number, s: string) => {
    for (let i = 0; i < s.length; i++) out[at + i] = s.charCodeAt(i);
  };
  const blockAlign = (format.channels * format.bitsPerSample) / 8;
  writeAscii(0, 'RIFF');
  view.setUint32(4, 36 + pcm.length, true);
  writeAscii(8, 'WAVE');
  writeAscii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, format.channels, true);
  view.setUint32(24, format.sampleRate, true);
  view.setUint32(28, format.sampleRate * blockAlign, true);
  view.setUint16(32, blockAlign, true);
  view.setUint16(34, format.bitsPerSample, true);
  writeAscii(36, 'data');
  view.setUint32(40, pcm.length, true);
  out.set(pcm, 44);
  return out;
}

export function concatBytes(chunks: readonly Uint8Array[]): Uint8Array {
  const total = chunks.reduce((n, c) => n + c.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Splits a streamed WAV into its format and its PCM bytes, chunk by chunk. */
export class WavStreamReader {
  private head: Uint8Array[] = [];
  private header: WavHeader | null = null;

  get format(): PcmFormat | null {
    return this.header?.format ?? null;
  }

  /** Returns the PCM bytes this chunk adds (empty while the header is still incomplete). */
  push(chunk: Uint8Array): Uint8Array {
    if (this.header) return chunk;
    this.head.push(chunk);
    const bytes = concatBytes(this.head);
    this.header = parseWavHeader(bytes);
    if (!this.header) return new Uint8Array(0);
    this.head = [];
    return bytes.subarray(this.header.dataOffset);
  }
}

/** Collects PCM of one format and writes it as a single WAV. */
export class PcmAccumulator {
  private readonly chunks: Uint8Array[] = [];
  private fmt: PcmFormat | null = null;

  get format(): PcmFormat | null {
    return this.fmt;
  }

  get byteLength(): number {
    return this.chunks.reduce((n, c) => n + c.length, 0);
  }

  /** false (and nothing kept) when the format differs from what came before */
  append(pcm: Uint8Array, format: PcmFormat): boolean {
    if (!this.fmt) this.fmt = format;
    else if (!sameFormat(this.fmt, format)) return false;
    if (pcm.length > 0) this.chunks.push(pcm.slice());
    return true;
  }

  /** The WAV; `fallback` gives the format when nothing was appended. */
  toWav(fallback: PcmFormat): Uint8Array {
    return encodeWav(concatBytes(this.chunks), this.fmt ?? fallback);
  }
}

export function sameFormat(a: PcmFormat, b: PcmFormat): boolean {
  return a.sampleRate === b.sampleRate && a.channels === b.channels && a.bitsPerSample === b.bitsPerSample;
}

/** Duration in ms of a complete WAV file, from its data chunk. */
export function wavDurationMs(bytes: Uint8Array): number {
  const header = parseWavHeader(bytes);
  if (!header) throw new Error('incomplete WAV header');
  const { sampleRate, channels, bitsPerSample } = header.format;
  const dataBytes = Math.min(header.declaredDataBytes, bytes.length - header.dataOffset);
  return (dataBytes / (sampleRate * channels * (bitsPerSample / 8))) * 1000;
}
