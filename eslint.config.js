// Lint rules. The important ones hold the architecture: core/ is pure TypeScript and imports nothing
// from the UI, the desktop shell or the CLI, and no Node or DOM modules.
import tseslint from 'typescript-eslint';

const outward = ['**/renderer/**', '**/electron/**', '**/cli/**'];

export default tseslint.config(
  { ignores: ['tmp/**', 'out/**', 'dist/**', 'node_modules/**', 'assets/**', 'core/kernels/wasm/generated/**', 'test-results/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    files: ['core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: outward, message: 'core/ must not import from renderer/, electron/ or cli/: dependencies point inward.' },
          { group: ['node:*', 'fs', 'path', 'os', 'worker_threads', 'child_process', 'electron', 'react', 'react-dom', '@xyflow/*'],
            message: 'core/ is pure TypeScript: no Node, Electron or UI modules. Hosts pass what core needs.' },
        ],
      }],
      'no-restricted-globals': ['error', 'window', 'document', 'process', 'require', 'Buffer'],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/cli/**', '**/electron/main/**', '**/electron/preload/**'], message: 'renderer/ talks to the shell only through the preload API.' },
          { group: ['node:*'], message: 'renderer/ runs in a sandboxed page: no Node modules.' },
        ],
        paths: ['fs', 'path', 'child_process', 'electron'].map((name) => ({ name, message: 'renderer/ runs in a sandboxed page: no Node or Electron modules; use the preload API.' })),
      }],
    },
  },
);
