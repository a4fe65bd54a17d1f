/**
 * The Whisper model downloader against a stand-in hub on 127.0.0.1 (this machine is offline):
 * progress, sha256 and git-blob checks, no partial files after a failure, clear errors without
 * a network. Plumbing, not accuracy: the served "model" is the generated tiny test model.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchWhisperModel, fetchWhisperModelWithProgressBar, localName, WHISPER_FILES, type FetchProgress } from '../../main/asr/engines/whisper/fetch.ts';
import { WhisperEngine } from '../../main/asr/engines/whisper.ts';
import { BeckonError } from '../../main/common/errors.ts';
import { ensureTestWhisperModel, NO_TORCH_REASON, tempDir, torchAvailable } from './whisper/fixture.ts';

const hasTorch = await torchAvailable();
if (!hasTorch) console.warn(`Whisper fetch tests serve made-up bytes instead of the generated model: ${NO_TORCH_REASON}`);

const REPO = 'onnx-community/whisper-tiny';
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const gitBlob = (b: Buffer) => createHash('sha1').update(`blob ${b.length}\0`).update(b).digest('hex');

interface Hub {
  url: string;
  files: Map<string, Buffer>;
  requests: string[];
  /** per-test behaviour */
  metadataSha: Map<string, string>;
  apiStatus: number;
  linkedEtag?: (file: string) => string | undefined;
  truncate?: string;
  missing?: string;
}

function allFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) e.isDirectory() ? walk(join(d, e.name)) : out.push(relative(dir, join(d, e.name)));
  };
  if (existsSync(dir)) walk(dir);
  return out.sort();
}

async function failure(p: Promise<unknown>): Promise<BeckonError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(BeckonError);
  return err as BeckonError;
}

describe('fetchWhisperModel', () => {
  let server: Server;
  let hub: Hub;

  beforeAll(async () => {
    const files = new Map<string, Buffer>();
    const model = hasTorch ? await ensureTestWhisperModel() : undefined;
    for (const f of WHISPER_FILES) {
      const local = model ? join(model, f.replace(/^onnx\//, '')) : undefined;
      files.set(f, local && existsSync(local) ? readFileSync(local) : Buffer.from(`fake ${f} `.repeat(5000)));
    }
    hub = { url: '', files, requests: [], metadataSha: new Map(), apiStatus: 200 };
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const url = new URL(req.url!, 'http://x');
      hub.requests.push(url.pathname);
      if (url.pathname === `/api/models/${REPO}/revision/main`) {
        if (hub.apiStatus !== 200) return res.writeHead(hub.apiStatus).end();
        const siblings = [...hub.files].map(([name, body]) =>
          name.endsWith('.onnx')
            ? { rfilename: name, size: body.length, lfs: { sha256: hub.metadataSha.get(name) ?? sha256(body), size: body.length } }
            : { rfilename: name, size: body.length, blobId: gitBlob(body) },
        );
        return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: REPO, siblings }));
      }
      const prefix = `/${REPO}/resolve/main/`;
      const name = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : '';
      const body = hub.files.get(name);
      if (!body || name === hub.missing) return res.writeHead(404).end('not found');
      const headers: Record<string, string | number> = { 'content-length': body.length };
      const etag = hub.linkedEtag?.(name);
      if (etag) headers['x-linked-etag'] = `"${etag}"`;
      res.writeHead(200, headers);
      if (name === hub.truncate) {
        res.write(body.subarray(0, body.length >> 1));
        setTimeout(() => res.destroy(), 20);
        return;
      }
      // several chunks, so progress has steps
      const step = Math.ceil(body.length / 4);
      for (let i = 0; i < body.length; i += step) res.write(body.subarray(i, i + step));
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    hub.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const reset = () => {
    Object.assign(hub, { requests: [], metadataSha: new Map(), apiStatus: 200, linkedEtag: undefined, truncate: undefined, missing: undefined });
  };

  it('downloads every file, flat into the folder, with progress and verified hashes', async () => {
    reset();
    const dest = join(tempDir(), 'whisper-tiny');
    const progress: FetchProgress[] = [];
    const result = await fetchWhisperModel('tiny', dest, { baseUrl: hub.url, onProgress: (p) => progress.push({ ...p }) });
    expect(allFiles(dest)).toEqual(WHISPER_FILES.map(localName).sort());
    expect(allFiles(dest)).toContain('encoder_model.onnx'); // flat, where the engine and select.ts look
    for (const f of WHISPER_FILES) expect(readFileSync(join(dest, localName(f))).equals(hub.files.get(f)!)).toBe(true);
    for (const r of result) expect(r.verifiedBy).toBe(r.file.endsWith('.onnx') ? 'hub-sha256' : 'hub-git-blob');
    for (const f of WHISPER_FILES) {
      const mine = progress.filter((p) => p.file === f);
      expect(mine.length).toBeGreaterThan(1);
      expect(mine.every((p, i) => i === 0 || p.receivedBytes >= mine[i - 1]!.receivedBytes)).toBe(true);
      expect(mine.at(-1)!.receivedBytes).toBe(hub.files.get(f)!.length);
      expect(mine.at(-1)!.totalBytes).toBe(hub.files.get(f)!.length);
      expect(mine[0]!.fileCount).toBe(WHISPER_FILES.length);
    }
  });

  it.skipIf(!hasTorch)('produces a folder the Whisper engine loads', async () => {
    reset();
    const dest = join(tempDir(), 'whisper-tiny');
    await fetchWhisperModel('tiny', dest, { baseUrl: hub.url });
    const engine = new WhisperEngine({ engine: 'whisper', modelDir: dest, executionProvider: 'cpu' }, { logger: { debug() {}, info() {}, warn() {}, error() {} } });
    await engine.init();
    expect(engine.modelFiles!.decoder).toBe(join(dest, 'decoder_model_merged.onnx'));
    await engine.dispose();
  });

  it('rejects a file whose sha256 differs from the hub metadata and leaves no partial file', async () => {
    reset();
    hub.metadataSha.set('onnx/encoder_model.onnx', '0'.repeat(64));
    const dest = join(tempDir(), 'whisper-tiny');
    const err = await failure(fetchWhisperModel('tiny', dest, { baseUrl: hub.url }));
    expect(err.code).toBe('CHECKSUM_MISMATCH');
    expect(err.message).toContain('onnx/encoder_model.onnx');
    expect(allFiles(dest)).toEqual([]); // the encoder comes first: nothing at all was kept
  });

  it('checks a pinned sha256 before the hub metadata', async () => {
    reset();
    const dest = join(tempDir(), 'whisper-tiny');
    const err = await failure(fetchWhisperModel('tiny', dest, { baseUrl: hub.url, sha256: { 'tokenizer.json': 'f'.repeat(64) } }));
    expect(err.code).toBe('CHECKSUM_MISMATCH');
    expect(err.message).toContain('tokenizer.json');
    expect(allFiles(dest)).toEqual(['decoder_model_merged.onnx', 'encoder_model.onnx']);
  });

  it('falls back to the X-Linked-Etag header when the hub API does not answer', async () => {
    reset();
    hub.apiStatus = 500;
    hub.linkedEtag = (f) => (f === 'onnx/decoder_model_merged.onnx' ? '1'.repeat(64) : f.endsWith('.onnx') ? sha256(hub.files.get(f)!) : undefined);
    const dest = join(tempDir(), 'whisper-tiny');
    const err = await failure(fetchWhisperModel('tiny', dest, { baseUrl: hub.url }));
    expect(err.code).toBe('CHECKSUM_MISMATCH');
    expect(err.message).toContain('decoder_model_merged.onnx');
    expect(allFiles(dest)).toEqual(['encoder_model.onnx']);

    hub.linkedEtag = (f) => (f.endsWith('.onnx') ? sha256(hub.files.get(f)!) : undefined);
    const ok = await fetchWhisperModel('tiny', dest, { baseUrl: hub.url });
    expect(ok.map((r) => r.verifiedBy)).toEqual(['hub-sha256', 'hub-sha256', 'none', 'none', 'none', 'none']);
  });

  it('skips files that are already there with the right hash', async () => {
    reset();
    const dest = join(tempDir(), 'whisper-tiny');
    await fetchWhisperModel('tiny', dest, { baseUrl: hub.url });
    hub.requests = [];
    const again = await fetchWhisperModel('tiny', dest, { baseUrl: hub.url });
    expect(again.filter((r) => r.file.endsWith('.onnx')).every((r) => r.skipped)).toBe(true);
    expect(hub.requests.some((p) => p.endsWith('.onnx'))).toBe(false);
  });

  it('fails with DOWNLOAD_FAILED when the transfer breaks off, leaving no partial file', async () => {
    reset();
    hub.truncate = 'onnx/encoder_model.onnx';
    const dest = join(tempDir(), 'whisper-tiny');
    const err = await failure(fetchWhisperModel('tiny', dest, { baseUrl: hub.url }));
    expect(err.code).toBe('DOWNLOAD_FAILED');
    expect(allFiles(dest)).toEqual([]);
  });

  it('fails with DOWNLOAD_FAILED naming the HTTP status when a file is missing on the hub', async () => {
    reset();
    hub.missing = 'tokenizer.json';
    const err = await failure(fetchWhisperModel('tiny', join(tempDir(), 'w'), { baseUrl: hub.url }));
    expect(err.code).toBe('DOWNLOAD_FAILED');
    expect(err.message).toContain('404');
  });

  it('downloads with terminal progress bars for the CLI and passes errors through', async () => {
    reset();
    const dest = join(tempDir(), 'whisper-tiny');
    const result = await fetchWhisperModelWithProgressBar('tiny', dest, { baseUrl: hub.url });
    expect(result.map((r) => r.file)).toEqual([...WHISPER_FILES]);
    expect(allFiles(dest)).toEqual(WHISPER_FILES.map(localName).sort());
    hub.missing = 'config.json';
    const err = await failure(fetchWhisperModelWithProgressBar('tiny', join(tempDir(), 'w'), { baseUrl: hub.url }));
    expect(err.code).toBe('DOWNLOAD_FAILED');
  });

  it('fails with DOWNLOAD_FAILED and a hint when there is no network', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    for (const baseUrl of [`http://127.0.0.1:${port}`, 'http://huggingface.invalid']) {
      const dest = join(tempDir(), 'w');
      const err = await failure(fetchWhisperModel('base', dest, { baseUrl }));
      expect(err.code).toBe('DOWNLOAD_FAILED');
      expect(err.hint).toMatch(/network/);
      expect(err.hint).toContain(dest);
      expect(allFiles(dest)).toEqual([]);
    }
  });
});
