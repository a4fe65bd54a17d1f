import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { cspMetaPlugin } from './csp.ts';

const root = import.meta.dirname;

/** The standalone dashboard that `beckon serve` serves: out/dashboard, relative paths, everything bundled. */
export default defineConfig({
  root,
  base: './',
  plugins: [react(), cspMetaPlugin()],
  build: {
    outDir: resolve(root, '../out/dashboard'),
    emptyOutDir: true,
    // no inlined data: URLs for assets: keeps the CSP simple
    assetsInlineLimit: 0,
    target: 'chrome110',
    // see.html: the vision page `beckon see` drives in headless Chromium (same worker as the dashboard)
    rollupOptions: { input: { index: resolve(root, 'index.html'), see: resolve(root, 'see.html') } },
  },
  worker: { format: 'es' },
});
