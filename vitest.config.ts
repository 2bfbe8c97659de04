import { configDefaults, defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { resolve } from 'node:path';

const RENDERER_TESTS = 'test/unit/renderer/**/*.test.ts';

export default defineConfig({
  resolve: {
    alias: {
      '@figures': resolve(import.meta.dirname, 'src-main/figures'),
      '@contract': resolve(import.meta.dirname, 'src-main/contract'),
    },
  },
  test: {
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 60_000,
    // Engine tests are CPU-heavy; two workers match this machine's two cores.
    pool: 'forks',
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
          exclude: [...configDefaults.exclude, RENDERER_TESTS],
        },
      },
      {
        // Renderer state modules (*.svelte.ts) use runes: the Svelte compiler turns them into
        // signals, and the browser build of svelte is the one whose $derived/$effect react.
        extends: true,
        plugins: [svelte()],
        resolve: { conditions: ['browser'] },
        test: { name: 'renderer', include: [RENDERER_TESTS] },
      },
    ],
  },
});
