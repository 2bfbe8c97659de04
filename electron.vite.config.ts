// electron-vite builds the three parts of the desktop app: main (+ trainer entry), preload, renderer.
import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { resolve } from 'node:path';

const contract = resolve(import.meta.dirname, 'src-main/contract');
const figures = resolve(import.meta.dirname, 'src-main/figures');

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve(import.meta.dirname, 'src-main/app/main.ts'),
          // Trainer processes run this entry through Electron's utilityProcess.
          'trainer-entry': resolve(import.meta.dirname, 'src-main/runner/child/trainer-entry.ts'),
          'analysis-entry': resolve(import.meta.dirname, 'src-main/runner/child/analysis-entry.ts'),
          // Real-model (GGUF) jobs: node-llama-cpp stays an external dependency of this entry.
          'llm-entry': resolve(import.meta.dirname, 'src-main/llm/child/llm-entry.ts'),
          // Worker threads of a trainer process (engine/parallel); found beside trainer-entry.
          'replica-worker': resolve(
            import.meta.dirname,
            'src-main/engine/parallel/replica-worker.ts',
          ),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'src-main/preload/index.ts') },
        // Sandboxed preloads cannot `require` local files: bundle everything, emit CommonJS.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'src-renderer'),
    plugins: [svelte()],
    resolve: { alias: { '@contract': contract, '@figures': figures } },
    build: {
      outDir: 'out/renderer',
      rollupOptions: { input: { index: resolve(import.meta.dirname, 'src-renderer/index.html') } },
    },
  },
});
