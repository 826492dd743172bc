// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/**
 * Lint + the import walls of docs/architecture.md. A wall violation is a lint error, so
 * `npm test` fails on it; scripts/walls.test.ts proves each wall really fires.
 */
const electronModule = { name: 'electron', message: 'Only electron/main and electron/preload may import electron.' };
const coreWall = { group: ['**/electron/core/**', '**/core/**'], message: 'The renderer reaches core only through window.desk.' };
const mainWall = { group: ['**/electron/main/**', '**/electron/preload/**'], message: 'The renderer never imports main or preload.' };
const institutionServerWall = {
  group: ['**/institution/src/**'],
  message: 'The desktop shares only institution/contract with the institution server.',
};
const nodeBuiltins = { group: ['node:*'], message: 'The renderer runs sandboxed: no Node built-ins.' };

export const walls = {
  renderer: {
    paths: [electronModule],
    patterns: [coreWall, mainWall, institutionServerWall, nodeBuiltins],
  },
  core: {
    paths: [electronModule],
    patterns: [
      { group: ['**/electron/main/**', '**/main/**', '**/preload/**', '**/renderer/**'], message: 'core is below main, preload and renderer.' },
      institutionServerWall,
    ],
  },
  contract: {
    paths: [electronModule],
    patterns: [
      { group: ['**/core/**', '**/main/**', '**/preload/**', '**/renderer/**'], message: 'The contract depends on nothing but zod and institution/contract.' },
      institutionServerWall,
    ],
  },
  institution: {
    paths: [electronModule],
    patterns: [{ group: ['**/electron/**', '**/renderer/**'], message: 'The institution server knows nothing of the desktop.' }],
  },
};

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.tsbuild/', 'test-results/', 'playwright-report/', '.data/', 'e2e/fixtures/walls/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2024, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: "CallExpression[callee.property.name='only']", message: 'No focused tests.' }],
    },
  },
  { files: ['renderer/**/*.{ts,tsx}'], languageOptions: { globals: { ...globals.browser } }, rules: { 'no-restricted-imports': ['error', walls.renderer] } },
  { files: ['electron/core/**/*.ts'], rules: { 'no-restricted-imports': ['error', walls.core] } },
  { files: ['electron/contract/**/*.ts', 'institution/contract/**/*.ts'], rules: { 'no-restricted-imports': ['error', walls.contract] } },
  { files: ['institution/**/*.ts'], ignores: ['institution/contract/**'], rules: { 'no-restricted-imports': ['error', walls.institution] } },
);
