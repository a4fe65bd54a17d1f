/**
 * Downloads a Whisper model in the Hugging Face ONNX layout from the hub (onnx-community/whisper-*)
 * for users who are online. Each file goes to a temporary file next to its target, is checked
 * against a sha256 (our table, else the hub's LFS metadata or X-Linked-Etag) or, for small
 * non-LFS files, the hub's git blob id, and only then renamed into place: no partial files remain.
 * Files land flat in the destination folder (encoder_model.onnx, decoder_model_merged.onnx, ...).
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { MultiBar, Presets } from 'cli-progress';
import { BeckonError } from '../../../common/errors.ts';

export type WhisperSize = 'tiny' | 'base' | 'small';

export const WHISPER_FILES = [
  'onnx/encoder_model.onnx',
  'onnx/decoder_model_merged.onnx',
  'tokenizer.json',
  'config.json',
  'generation_config.json',
  'preprocessor_config.json',
] as const;

/**
 * sha256 of files we have checked ourselves, per size. Empty until someone with a network
 * verifies them; until then the hub's own LFS metadata is what the download is checked against.
 */
export const KNOWN_SHA256: Record<WhisperSize, Partial<Record<string, string>>> = { tiny: {}, base: {}, small: {} };

export interface FetchProgress {
  file: string;
  receivedBytes: number;
  totalBytes: number | null;
  fileIndex: number;
  fileCount: number;
}

export interface FetchOptions {
  onProgress?: (p: FetchProgress) => void;
  /** hub address; default $HF_ENDPOINT or https://huggingface.co */
  baseUrl?: string;
  revision?: string;
  /** file -> sha256, checked before the hub's metadata (tests, pinned releases) */
  sha256?: Record<string, string>;
  signal?: AbortSignal;
  /** abort a request that sends nothing for this long; default 60 000 ms */
  idleTimeoutMs?: number;
}

export interface FetchedFile {
  file: string;
  path: string;
  bytes: number;
  sha256: string;
  /** what the content was checked against */
  verifiedBy: 'table' | 'hub-sha256' | 'hub-git-blob' | 'none';
  skipped: boolean;
}

interface HubSibling {
  rfilename: string;
  size?: number;
  blobId?: string;
  lfs?: { sha256?: string; oid?: string; size?: number };
}

/**
 * Where a hub file lands: flat in destDir (onnx/x.onnx -> x.onnx), the layout the engine and
 * main/asr/select.ts look for first.
 */
export function localName(file: string): string {
  return file.replace(/^onnx\//, '');
}

export function whisperRepo(size: WhisperSize): string {
  return `onnx-community/whisper-${size}`;
}

export async function fetchWhisperModel(size: WhisperSize, destDir: string, opts: FetchOptions = {}): Promise<FetchedFile[]> {
  if (!['tiny', 'base', 'small'].includes(size)) {
    throw new BeckonError('MODEL_UNKNOWN', `no Whisper size '${size}'`, 'Use tiny, base or small.');
  }
  const base = (opts.baseUrl ?? process.env.HF_ENDPOINT ?? 'https://huggingface.co').replace(/\/+$/, '');
  const repo = whisperRepo(size);
  const revision = opts.revision ?? 'main';
  const siblings = await hubMetadata(`${base}/api/models/${repo}/revision/${revision}?blobs=true`, base, destDir, opts);
  await mkdir(destDir, { recursive: true });
  const results: FetchedFile[] = [];
  for (const [i, file] of WHISPER_FILES.entries()) {
    const meta = siblings.get(file);
    const expected = expectedHash(file, size, meta, opts);
    const target = join(destDir, localName(file));
    if (expected.sha256 && existsSync(target) && (await sha256OfFile(target)) === expected.sha256) {
      results.push({ file, path: target, bytes: meta?.size ?? 0, sha256: expected.sha256, verifiedBy: expected.by, skipped: true });
      continue;
    }
    const url = `${base}/${repo}/resolve/${revision}/${file}`;
    const progress = (receivedBytes: number, totalBytes: number | null) =>
      opts.onProgress?.({ file, receivedBytes, totalBytes, fileIndex: i, fileCount: WHISPER_FILES.length });
    results.push(await downloadOne(url, file, target, meta, expected, base, destDir, opts, progress));
  }
  return results;
}

/** fetchWhisperModel with one terminal progress bar per file (for `beckon models fetch`). */
export async function fetchWhisperModelWithProgressBar(size: WhisperSize, destDir: string, opts: Omit<FetchOptions, 'onProgress'> = {}): Promise<FetchedFile[]> {
  const bars = new MultiBar({ format: '{file} {bar} {percentage}% {value}/{total} MB', hideCursor: true, clearOnComplete: false }, Presets.shades_classic);
  const open = new Map<string, ReturnType<MultiBar['create']>>();
  const mb = (n: number) => Math.round(n / 1e5) / 10;
  try {
    return await fetchWhisperModel(size, destDir, {
      ...opts,
      onProgress: (p) => {
        let bar = open.get(p.file);
        if (!bar) {
          bar = bars.create(mb(p.totalBytes ?? 0), 0, { file: p.file.padEnd(32) });
          open.set(p.file, bar);
        }
        bar.setTotal(mb(p.totalBytes ?? p.receivedBytes));
        bar.update(mb(p.receivedBytes));
      },
    });
  } finally {
    bars.stop();
  }
}

function expectedHash(file: string, size: WhisperSize, meta: HubSibling | undefined, opts: FetchOptions): { sha256?: string; gitBlob?: string; by: FetchedFile['verifiedBy'] } {
  const pinned = opts.sha256?.[file] ?? KNOWN_SHA256[size][file];
  if (pinned) return { sha256: pinned.toLowerCase(), by: 'table' };
  const lfs = meta?.lfs?.sha256 ?? meta?.lfs?.oid;
  if (lfs && /^[0-9a-f]{64}$/i.test(lfs)) return { sha256: lfs.toLowerCase(), by: 'hub-sha256' };
  if (meta?.blobId && /^[0-9a-f]{40}$/i.test(meta.blobId)) return { gitBlob: meta.blobId.toLowerCase(), by: 'hub-git-blob' };
  return { by: 'none' };
}

async function hubMetadata(url: string, base: string, destDir: string, opts: FetchOptions): Promise<Map<string, HubSibling>> {
  const res = await request(url, base, destDir, opts);
  if (!res.ok) return new Map(); // metadata is a bonus: the file requests will say what is wrong
  try {
    const body = (await res.json()) as { siblings?: HubSibling[] };
    return new Map((body.siblings ?? []).map((s) => [s.rfilename, s]));
  } catch {
    return new Map();
  }
}

async function downloadOne(
  url: string,
  file: string,
  target: string,
  meta: HubSibling | undefined,
  expected: ReturnType<typeof expectedHash>,
  base: string,
  destDir: string,
  opts: FetchOptions,
  progress: (received: number, total: number | null) => void,
): Promise<FetchedFile> {
  const idle = new AbortController();
  const res = await request(url, base, destDir, opts, idle);
  if (!res.ok || !res.body) {
    throw new BeckonError('DOWNLOAD_FAILED', `${url} answered HTTP ${res.status}`, `The hub may be down or the repository moved. Try again later, or copy the files into ${destDir} by hand.`);
  }
  // X-Linked-Etag carries the LFS sha256 when the hub answers without a redirect
  const linked = res.headers.get('x-linked-etag')?.replace(/^W\//, '').replace(/"/g, '');
  if (!expected.sha256 && !expected.gitBlob && linked && /^[0-9a-f]{64}$/i.test(linked)) {
    expected = { sha256: linked.toLowerCase(), by: 'hub-sha256' };
  }
  const lengthHeader = Number(res.headers.get('content-length'));
  const total = Number.isFinite(lengthHeader) && lengthHeader > 0 ? lengthHeader : (meta?.lfs?.size ?? meta?.size ?? null);
  await mkdir(dirname(target), { recursive: true });
  const temp = `${target}.part-${randomBytes(4).toString('hex')}`;
  const sha = createHash('sha256');
  const chunks: { bytes: number } = { bytes: 0 };
  const fh = await open(temp, 'w');
  const idleMs = opts.idleTimeoutMs ?? 60_000;
  let timer = setTimeout(() => idle.abort(), idleMs);
  try {
    progress(0, total);
    for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
      clearTimeout(timer);
      timer = setTimeout(() => idle.abort(), idleMs);
      await fh.write(chunk);
      sha.update(chunk);
      chunks.bytes += chunk.length;
      progress(chunks.bytes, total);
    }
    await fh.close();
    const digest = sha.digest('hex');
    if (total !== null && chunks.bytes !== total) {
      throw new BeckonError('DOWNLOAD_FAILED', `${file}: got ${chunks.bytes} of ${total} bytes`, 'The connection broke off. Run the command again.');
    }
    if (expected.sha256 && digest !== expected.sha256) {
      throw new BeckonError('CHECKSUM_MISMATCH', `${file}: sha256 ${digest} is not the expected ${expected.sha256}`, 'The download was damaged or the file changed on the hub. Run the command again; if it persists, report it.');
    }
    if (expected.gitBlob && (await gitBlobSha1(temp, chunks.bytes)) !== expected.gitBlob) {
      throw new BeckonError('CHECKSUM_MISMATCH', `${file}: content does not match the hub's git blob ${expected.gitBlob}`, 'The download was damaged. Run the command again.');
    }
    await rename(temp, target);
    return { file, path: target, bytes: chunks.bytes, sha256: digest, verifiedBy: expected.by, skipped: false };
  } catch (err) {
    await fh.close().catch(() => {});
    await rm(temp, { force: true });
    if (err instanceof BeckonError) throw err;
    throw networkError(err, base, destDir);
  } finally {
    clearTimeout(timer);
  }
}

async function request(url: string, base: string, destDir: string, opts: FetchOptions, idle?: AbortController): Promise<Response> {
  const signals = [opts.signal, idle?.signal].filter((s): s is AbortSignal => s !== undefined);
  try {
    return await fetch(url, { redirect: 'follow', signal: signals.length ? AbortSignal.any(signals) : undefined, headers: { 'user-agent': 'beckon' } });
  } catch (err) {
    throw networkError(err, base, destDir);
  }
}

function networkError(err: unknown, base: string, destDir: string): BeckonError {
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
  const why = cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
  return new BeckonError(
    'DOWNLOAD_FAILED',
    `cannot download from ${base}: ${why}`,
    `This needs a network connection to the Hugging Face hub (set HF_ENDPOINT to use a mirror). Offline, copy encoder_model.onnx, decoder_model_merged.onnx and tokenizer.json into ${destDir} by hand.`,
    { cause: err },
  );
}

function sha256OfFile(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(path)
      .on('data', (c) => h.update(c))
      .on('end', () => resolve(h.digest('hex')))
      .on('error', reject);
  });
}

/** git's blob id: sha1("blob <size>\0" + content), what the hub lists for non-LFS files. */
function gitBlobSha1(path: string, size: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha1').update(`blob ${size}\0`);
    createReadStream(path)
      .on('data', (c) => h.update(c))
      .on('end', () => resolve(h.digest('hex')))
      .on('error', reject);
  });
}
