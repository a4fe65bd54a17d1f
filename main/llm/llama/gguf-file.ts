/**
 * A quick look at a model file before any native code touches it: llama.cpp given a file that is not
 * GGUF (a .bin, a safetensors, an HTML error page saved as .gguf) fails with an opaque message, so the
 * magic and version are checked here and the user is told what the file is and what to do.
 */
import { open, stat } from 'node:fs/promises';
import { BeckonError } from '../../common/errors.ts';

const GGUF_MAGIC = 'GGUF';
const SUPPORTED_VERSIONS: ReadonlySet<number> = new Set([2, 3]);
const GET_A_MODEL = 'Download a GGUF chat model (e.g. Qwen2.5-0.5B-Instruct-Q4_K_M.gguf) and name it in the configuration (llm.gguf) or with --llm-gguf.';

export interface GgufHeader {
  version: number;
  tensorCount: number;
  metadataCount: number;
  sizeBytes: number;
}

export async function checkGgufFile(path: string): Promise<GgufHeader> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new BeckonError('LLM_MODEL_MISSING', `The language model ${path} is not a file.`, GET_A_MODEL);
    size = info.size;
  } catch (err) {
    if (err instanceof BeckonError) throw err;
    throw new BeckonError('LLM_MODEL_MISSING', `The language model file ${path} does not exist.`, GET_A_MODEL);
  }
  const header = Buffer.alloc(24);
  const file = await open(path, 'r');
  let read: number;
  try {
    ({ bytesRead: read } = await file.read(header, 0, header.length, 0));
  } finally {
    await file.close();
  }
  const magic = header.subarray(0, 4).toString('latin1');
  if (read < 24 || magic !== GGUF_MAGIC) {
    throw new BeckonError('LLM_MODEL_NOT_GGUF', `${path} is not a GGUF model (it starts with ${describeStart(header.subarray(0, Math.min(read, 8)))}).`, GET_A_MODEL);
  }
  const version = header.readUInt32LE(4);
  if (!SUPPORTED_VERSIONS.has(version)) {
    throw new BeckonError('LLM_MODEL_NOT_GGUF', `${path} is GGUF version ${version}; versions 2 and 3 are supported.`, GET_A_MODEL);
  }
  return { version, tensorCount: Number(header.readBigUInt64LE(8)), metadataCount: Number(header.readBigUInt64LE(16)), sizeBytes: size };
}

function describeStart(bytes: Buffer): string {
  if (bytes.length === 0) return 'nothing: the file is empty';
  const printable = /^[\x20-\x7e]+$/.test(bytes.toString('latin1'));
  return printable ? JSON.stringify(bytes.toString('latin1')) : `bytes ${bytes.toString('hex')}`;
}
