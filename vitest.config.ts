import { defineConfig } from 'vitest/config';
import { resolve } from 'node:path';

export default defineConfig({
  resolve: {
    alias: {
      '@figures': resolve(import.meta.dirname, 'src-main/figures'),
      '@contract': resolve(import.meta.dirname, 'src-main/contract'),
    },
  },
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 60_000,
    // Engine tests are CPU-heavy; two workers match this machine's two cores.
    pool: 'forks',
    maxWorkers: 2,
  },
});
