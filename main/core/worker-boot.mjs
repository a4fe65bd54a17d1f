// Entry of every Beckon worker thread: lets a worker run TypeScript sources (tsx) when the
// product runs from source, then loads the real worker module named in workerData.
import { workerData } from 'node:worker_threads';

if (String(workerData.entry).endsWith('.ts')) {
  const { register } = await import('tsx/esm/api');
  register();
}
await import(workerData.entry);
