// ESLint: typescript-eslint's recommended rules, plus the boundaries of the design:
// shared/ is pure, only electron/main.ts and electron/preload.ts may import electron, and the
// backend's layers import only downward (see BACKEND_LAYERS below and docs/ARCHITECTURE.md).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'os',
  'http',
  'https',
  'net',
  'dgram',
  'crypto',
  'child_process',
  'url',
  'util',
  'stream',
  'events',
];

const electronOnlyInMain = { name: 'electron', message: 'Only electron/main.ts and electron/preload.ts import electron.' };

// The backend's layers, top to bottom: entry points (the listeners, one folder each: device/,
// admin/, pnp/, amiEvents/) call use cases (usecases/, pipeline/), which call adapters (store,
// audit log, TLS, network and neighbour table, AMI client in ami/, event bus, HTTP helpers). Imports go only downward; the
// composition root (backend.ts, context.ts, services.ts) and the base (errors, log, clock) sit outside.
const ENTRY_FOLDERS = ['device', 'admin', 'pnp', 'amiEvents'];
const ENTRY = String.raw`^(\.\./)+(${ENTRY_FOLDERS.join('|')})/|^(\.\./)+backend$`;
const USE_CASES = String.raw`^(\.\./)+(usecases|pipeline)/|^(\.\./)+(context|services)$`;
const backendLayer = (files, regex, message) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { paths: [electronOnlyInMain], patterns: [{ regex, message }] }] },
});
const BACKEND_LAYERS = [
  backendLayer(
    ['electron/backend/usecases/**/*.ts', 'electron/backend/pipeline/**/*.ts'],
    ENTRY,
    `Backend layers: use cases may not import an entry point (listeners: ${ENTRY_FOLDERS.join(', ')}).`,
  ),
  backendLayer(
    [
      'electron/backend/store/**/*.ts',
      'electron/backend/audit/**/*.ts',
      'electron/backend/tls/**/*.ts',
      'electron/backend/discovery/**/*.ts',
      'electron/backend/events/**/*.ts',
      'electron/backend/http/**/*.ts',
      'electron/backend/ami/**/*.ts',
    ],
    `${ENTRY}|${USE_CASES}`,
    'Backend layers: adapters may not import a use case, the Context or an entry point.',
  ),
];

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-output/**', 'renderer/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { paths: [electronOnlyInMain] }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['electron', 'express', 'react', 'react-dom', ...nodeBuiltins.filter((n) => !n.includes('*'))].map((name) => ({
            name,
            message: 'shared/ is pure: no Node, Electron, Express or React imports.',
          })),
          patterns: [{ group: ['node:*', 'electron/*', 'express/*', 'react/*', 'react-dom/*'], message: 'shared/ is pure.' }],
        },
      ],
    },
  },
  ...BACKEND_LAYERS,
  {
    files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
      },
    },
  },
  {
    files: ['electron/main.ts', 'electron/preload.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
