/**
 * electron-builder validates and lays out the app with a stand-in Electron (the real binary cannot be
 * downloaded here): `--linux dir` with -c.electronDist pointing at a folder holding a stub executable.
 * AppImage/deb/nsis/dmg need downloads and real signing, so only the unpacked layout is checked.
 */
import { execFile } from 'node:child_process';
import { chmod, copyFile, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
const require = createRequire(import.meta.url);
const asar = require('@electron/asar') as { listPackage(archive: string, options?: object): string[] };

let work: string;
let appDir: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'beckon-pack-'));
  const dist = join(work, 'electron-stub');
  await run('mkdir', ['-p', dist]);
  await writeFile(join(dist, 'electron'), '#!/bin/sh\necho "stand-in for Electron"\n');
  await chmod(join(dist, 'electron'), 0o755);
  await copyFile(join(root, 'node_modules', 'electron', 'LICENSE'), join(dist, 'LICENSE'));
  await writeFile(join(dist, 'LICENSES.chromium.html'), '<html></html>');
  const npx = { cwd: root, env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1', CI: '1' }, maxBuffer: 64 * 1024 * 1024 };
  await run('npx', ['electron-vite', 'build'], npx);
  const out = join(work, 'out');
  await run(
    'npx',
    ['electron-builder', '--linux', 'dir', `-c.electronDist=${dist}`, '-c.electronVersion=41.10.0', `-c.directories.output=${out}`, '--publish', 'never'],
    npx,
  );
  appDir = join(out, 'linux-unpacked');
}, 120_000);

afterAll(() => (work ? rm(work, { recursive: true, force: true }) : undefined));

describe('electron-builder --linux dir', () => {
  it('lays out the executable and the asar archive with the built app, engine sources and icons', async () => {
    expect((await stat(join(appDir, 'beckon'))).isFile()).toBe(true);
    const files = new Set(asar.listPackage(join(appDir, 'resources', 'app.asar'), { isPack: false }).map((f) => f.replaceAll('\\', '/')));
    for (const f of ['/package.json', '/out/main/index.js', '/out/preload/index.cjs', '/out/renderer/index.html', '/main/app/index.ts', '/main/engine/compose.ts', '/main/core/worker-boot.mjs', '/models/manifest.json', '/assets/icon.png', '/assets/icon-live.png']) {
      expect(files.has(f), f).toBe(true);
    }
    expect([...files].some((f) => f.startsWith('/test/')), 'tests are not shipped').toBe(false);
    expect([...files].some((f) => f.startsWith('/node_modules/electron/')), 'electron (dev) is not shipped').toBe(false);
    expect([...files].some((f) => f.startsWith('/node_modules/onnxruntime-web/')), 'browser runtime not shipped').toBe(false);
  });

  it('unpacks the native modules, the VAD model and the worker entry from asar', async () => {
    const unpacked = join(appDir, 'resources', 'app.asar.unpacked');
    const ortBin = join(unpacked, 'node_modules', 'onnxruntime-node', 'bin', 'napi-v6');
    expect(await readdir(ortBin)).toEqual(['linux']);
    const ortLinux = await readdir(join(ortBin, 'linux', process.arch === 'arm64' ? 'arm64' : 'x64'));
    expect(ortLinux).toContain('onnxruntime_binding.node');
    expect((await readdir(join(unpacked, 'node_modules', '@nut-tree-fork'))).length).toBeGreaterThan(0);
    expect((await stat(join(unpacked, 'node_modules', '@ricky0123', 'vad-web', 'dist', 'silero_vad_v5.onnx'))).size).toBeGreaterThan(1_000_000);
    expect((await stat(join(unpacked, 'main', 'core', 'worker-boot.mjs'))).isFile()).toBe(true);
    // llama.cpp: only this platform's prebuilt binaries (CPU and GPU variants), outside the archive
    const llamaBins = await readdir(join(unpacked, 'node_modules', '@node-llama-cpp'));
    const target = `linux-${process.arch}`;
    expect(llamaBins).toContain(target);
    expect(llamaBins.every((name) => name.startsWith(target)), llamaBins.join(', ')).toBe(true);
    expect((await stat(join(unpacked, 'node_modules', 'node-llama-cpp', 'package.json'))).isFile()).toBe(true);
  });

  it('the built preload needs nothing but electron (sandboxed preloads cannot require packages)', async () => {
    const { readFile } = await import('node:fs/promises');
    const preload = await readFile(join(root, 'out', 'preload', 'index.cjs'), 'utf8');
    const required = new Set([...preload.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]));
    expect([...required]).toEqual(['electron']);
    expect(preload).toContain('exposeInMainWorld');
  });
});
