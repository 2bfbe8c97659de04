// Builds the renderer alone (for serve mode and browser tests) into out/renderer.
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { resolve } from 'node:path';

export default defineConfig({
  root: resolve(import.meta.dirname, 'src-renderer'),
  base: './',
  plugins: [svelte()],
  resolve: {
    alias: {
      '@contract': resolve(import.meta.dirname, 'src-main/contract'),
      '@figures': resolve(import.meta.dirname, 'src-main/figures'),
    },
  },
  build: { outDir: resolve(import.meta.dirname, 'out/renderer'), emptyOutDir: true },
});
