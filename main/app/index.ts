// Electron main entry (bundled by electron-vite to out/main/index.js).
import { runApp } from './main-process.ts';

runApp();
