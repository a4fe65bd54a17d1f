// Entry of every Beckon model worker process: lets it run TypeScript sources (tsx) when the product
// runs from source, then loads the worker module named on the command line.
const entry = process.argv[2];
if (!entry || !process.send) {
  process.stderr.write('worker-boot: run by SupervisedWorker only (needs an entry and an IPC channel)\n');
  process.exit(2);
}
// The engine that started us is gone: so are we.
process.on('disconnect', () => process.exit(0));
if (entry.endsWith('.ts')) {
  const { register } = await import('tsx/esm/api');
  register();
}
await import(entry);
