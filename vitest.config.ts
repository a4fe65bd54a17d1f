import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Model sessions and child processes are heavy on a 2-core machine.
    fileParallelism: true,
    maxWorkers: 2,
    reporters: ['default'],
  },
});
