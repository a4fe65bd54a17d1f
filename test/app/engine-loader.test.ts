/**
 * The packaged main bundle loads the engine from source through tsx (main/app/engine-loader.ts).
 * This bundles the loader the way electron-vite does and runs it in a plain Node child process (no
 * vitest transform, no tsx preloaded) against the real EngineService and a real wav.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';
import { build } from 'vite';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
let dir: string | undefined;
afterAll(() => (dir ? rm(dir, { recursive: true, force: true }) : undefined));

it('the bundled loader registers tsx and runs the real EngineService from its sources', async () => {
  // inside the repo so that the bundle resolves tsx from node_modules like out/main does
  await mkdir(join(root, '.tmp'), { recursive: true }); // git-ignored
  dir = await mkdtemp(join(root, '.tmp', 'loader-'));
  await build({
    logLevel: 'warn',
    configFile: false,
    build: { ssr: join(root, 'main/app/engine-loader.ts'), outDir: dir, emptyOutDir: true, rollupOptions: { external: [/^tsx/, /^node:/] } },
  });
  const script = join(dir, 'drive.mjs');
  await writeFile(
    script,
    `const { loadEngine } = await import('./engine-loader.js');
const engine = await loadEngine(process.argv[2], { input: { kind: 'wav', path: process.argv[3], realtime: false }, tts: { play: false } });
const states = [engine.status().state];
engine.onStatus((s) => states.push(s.state));
await engine.start();
await engine.stop();
states.push(engine.status().state);
console.log(JSON.stringify(states));`,
  );
  const { stdout } = await run(process.execPath, [script, join(root, 'main/engine/service.ts'), join(root, 'assets/samples/turn-the-volume-up.wav')], {
    cwd: dir,
    timeout: 60_000,
  });
  const states = JSON.parse(stdout.trim().split('\n').at(-1)!) as string[];
  expect(states[0]).toBe('stopped');
  expect(states).toContain('starting');
  expect(states.at(-1)).toBe('stopped');
  expect(states).not.toContain('error');
}, 90_000);
