/**
 * electron-vite build of the desktop app, everything under out/:
 * - main (out/main/index.js, ESM): only the thin shell in main/app is bundled. The engine is NOT
 *   bundled: main/app/engine-loader.ts imports main/engine/service.ts at run time through tsx, so the
 *   engine's worker threads (main/core/worker-boot.mjs + .ts workers loaded by URL) and its native
 *   modules work exactly as in `beckon run`. All package.json dependencies stay external.
 * - preload (out/preload/index.cjs, CommonJS): sandboxed preloads cannot load ESM or node_modules,
 *   so its dependencies (zod, the contract) are bundled in and only `electron` stays external.
 * - renderer (out/renderer): the React dashboard in renderer/, served at app://beckon/.
 */
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

const root = import.meta.dirname;
/** Node-side modules that must load from node_modules at run time (native code, child processes). */
const NODE_ONLY = ['onnxruntime-node', 'node-record-lpcm16', '@nut-tree-fork/nut-js', 'say', 'tsx'];

export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      externalizeDeps: { include: NODE_ONLY },
      rollupOptions: {
        input: { index: resolve(root, 'main/app/index.ts') },
        external: NODE_ONLY,
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(root, 'main/preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    base: './',
    plugins: [react()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      emptyOutDir: true,
      assetsInlineLimit: 0,
      target: 'chrome130',
      rollupOptions: { input: { index: resolve(root, 'renderer/index.html') } },
    },
  },
});
