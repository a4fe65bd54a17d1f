import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkGgufFile } from '../../../main/llm/llama/gguf-file.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'beckon-gguf-check-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function header(magic: string, version: number, tensors: number, kvs: number): Buffer {
  const b = Buffer.alloc(24);
  b.write(magic, 0, 'latin1');
  b.writeUInt32LE(version, 4);
  b.writeBigUInt64LE(BigInt(tensors), 8);
  b.writeBigUInt64LE(BigInt(kvs), 16);
  return b;
}

describe('checkGgufFile', () => {
  it('reads the version and counts of a GGUF header', async () => {
    const file = path.join(dir, 'ok.gguf');
    await writeFile(file, header('GGUF', 3, 291, 24));
    expect(await checkGgufFile(file)).toEqual({ version: 3, tensorCount: 291, metadataCount: 24, sizeBytes: 24 });
  });

  it('a missing file is LLM_MODEL_MISSING with a hint to get a model', async () => {
    await expect(checkGgufFile(path.join(dir, 'nope.gguf'))).rejects.toMatchObject({ code: 'LLM_MODEL_MISSING', hint: expect.stringContaining('GGUF') });
    await expect(checkGgufFile(dir)).rejects.toMatchObject({ code: 'LLM_MODEL_MISSING', message: expect.stringContaining('not a file') });
  });

  it('a file that is not GGUF says what it starts with', async () => {
    const html = path.join(dir, 'page.gguf');
    await writeFile(html, '<!DOCTYPE html><html>404 Not Found</html>');
    await expect(checkGgufFile(html)).rejects.toMatchObject({ code: 'LLM_MODEL_NOT_GGUF', message: expect.stringContaining('"<!DOCTYP"') });
    const empty = path.join(dir, 'empty.gguf');
    await writeFile(empty, '');
    await expect(checkGgufFile(empty)).rejects.toMatchObject({ code: 'LLM_MODEL_NOT_GGUF', message: expect.stringContaining('empty') });
    const safetensors = path.join(dir, 'model.safetensors');
    await writeFile(safetensors, Buffer.from([0x90, 0x01, 0, 0, 0, 0, 0, 0, 0x7b, 0x22]));
    await expect(checkGgufFile(safetensors)).rejects.toMatchObject({ code: 'LLM_MODEL_NOT_GGUF', message: expect.stringContaining('bytes 9001') });
  });

  it('an unsupported GGUF version is refused', async () => {
    const file = path.join(dir, 'v1.gguf');
    await writeFile(file, header('GGUF', 1, 0, 0));
    await expect(checkGgufFile(file)).rejects.toMatchObject({ code: 'LLM_MODEL_NOT_GGUF', message: expect.stringContaining('version 1') });
  });
});
