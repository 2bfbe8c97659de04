// Lint config: strict TypeScript plus the architecture's boundary rules (see DESIGN.md).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import forkbench from './eslint-rules/index.js';

// Which layer may import which (folders under the repo root; a layer may import itself).
// The direction is contract ← engine / figures / store ← runner ← services ← server / cli / app.
const C = 'src-main/contract';
const PATHS = 'src-main/paths.ts';
const CKPT = 'src-main/runner/checkpoints';
const LAYERS = {
  'src-main/contract': [],
  'src-main/engine': [C],
  'src-main/figures': [C],
  'src-main/store': [C],
  [PATHS]: [],
  [CKPT]: [C, 'src-main/engine', PATHS],
  'src-main/runner/child': [C, 'src-main/engine', CKPT, PATHS],
  'src-main/runner/host': [C, 'src-main/store', CKPT, PATHS],
  'src-main/services': [
    C,
    'src-main/engine',
    'src-main/figures',
    'src-main/store',
    'src-main/runner/host',
    CKPT,
    PATHS,
  ],
  'src-main/server': [C, 'src-main/services', PATHS],
  'src-main/cli': [
    C,
    'src-main/engine',
    'src-main/figures',
    'src-main/store',
    'src-main/services',
    'src-main/server',
    'src-main/runner/host',
    CKPT,
    PATHS,
  ],
  'src-main/app': [C, 'src-main/services', 'src-main/runner/host', PATHS],
  'src-main/preload': [C, 'src-main/app'],
  'src-renderer': [C, 'src-main/figures'],
};

const noElectron = {
  'no-restricted-imports': [
    'error',
    {
      paths: [
        {
          name: 'electron',
          message: 'Only src-main/app and src-main/preload may import electron.',
        },
      ],
    },
  ],
};

export default tseslint.config(
  { ignores: ['node_modules', 'out', 'dist', 'test-results', 'playwright-report', 'resources'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    plugins: { forkbench },
    rules: {
      'forkbench/layers': ['error', LAYERS],
      'forkbench/no-cycle': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  // Globals by where code runs: Node for the main side and tooling, the browser for the
  // renderer, none but the language's own for the environment-free contract and figures.
  {
    files: ['**/*.{js,mjs,cjs,ts,mts}'],
    ignores: ['src-renderer/**', 'src-main/contract/**', 'src-main/figures/**'],
    languageOptions: { globals: globals.node },
  },
  { files: ['src-renderer/**'], languageOptions: { globals: globals.browser } },
  { files: ['test/e2e/**'], languageOptions: { globals: { ...globals.node, ...globals.browser } } },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] },
    },
  },
  {
    files: [
      'src-main/engine/**',
      'src-main/services/**',
      'src-main/store/**',
      'src-main/runner/**',
      'src-main/server/**',
      'src-main/cli/**',
    ],
    rules: noElectron,
  },
  {
    files: ['src-main/contract/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!zod$|\\.{1,2}/).*',
              message: 'contract/ imports nothing but zod and itself.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/engine/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            'electron',
            'better-sqlite3',
            'fs',
            'node:fs',
            'fs/promises',
            'node:fs/promises',
            'http',
            'node:http',
          ].map((name) => ({
            name,
            message: 'engine/ does no I/O: report through callbacks, take bytes in and out.',
          })),
        },
      ],
    },
  },
  {
    files: ['src-renderer/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(electron|node:.*|better-sqlite3|@tensorflow/.*)$',
              message: 'The renderer talks to the main side only through WorkbenchApi.',
            },
          ],
        },
      ],
    },
  },
);
