// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/**
 * Lint + the import walls of docs/architecture.md. A wall violation is a lint error, so
 * `npm test` fails on it; scripts/walls.test.ts proves each wall really fires.
 *
 * TypeScript files are linted with type information (typescript-eslint's project service
 * over tsconfig.json's references), for the two rules that need it: a promise nobody
 * awaits or catches is an unhandled rejection waiting to happen in main, and an async
 * function handed to an API that expects a plain callback loses its errors the same way.
 */
const electronModule = { name: 'electron', message: 'Only electron/main and electron/preload may import electron.' };
const coreWall = { group: ['**/electron/core/**', '**/core/**'], message: 'The renderer reaches core only through window.desk.' };
const mainWall = { group: ['**/electron/main/**', '**/electron/preload/**'], message: 'The renderer never imports main or preload.' };
const institutionServerWall = {
  group: ['**/institution/src/**'],
  message: 'The desktop shares only institution/contract with the institution server.',
};
const nodeBuiltins = { group: ['node:*'], message: 'The renderer runs sandboxed: no Node built-ins.' };
/**
 * Allowlists, as regexes over the import specifier: 'electron', a file of its own folder,
 * or electron/contract (no `..` after the prefix, so the path cannot walk back out). Its
 * tests may also use vitest and Node built-ins (they fake ipcRenderer with EventEmitter).
 */
const preloadAllowed = String.raw`electron$|\./[\w-][\w.-]*$|\.\./contract/(?!.*\.\.)[\w./-]+$`;
const preloadOnly = {
  regex: `^(?!${preloadAllowed})`,
  message: 'The preload imports only electron/contract and electron: it runs in every page and is bundled alone.',
};
const preloadTestOnly = {
  regex: `^(?!${preloadAllowed}|vitest$|node:)`,
  message: 'Preload tests import only what the preload may, plus vitest and Node built-ins.',
};
/** index.ts and electron-deps.ts, with or without extension, or electron/main as a folder (its index). */
const electronBoundMain = {
  regex: String.raw`(^|/)electron/main(/(index|electron-deps)(\.[cm]?[jt]s)?)?/?$`,
  message: 'The browser test host runs on plain Node: it may use main\'s Electron-free modules, never index.ts or electron-deps.ts.',
};

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
  preload: { patterns: [preloadOnly] },
  preloadTests: { patterns: [preloadTestOnly] },
  main: { patterns: [{ group: ['**/renderer', '**/renderer/**'], message: 'Main serves the built renderer; it never imports its code.' }] },
  testHost: {
    paths: [{ name: 'electron', message: 'The browser test host runs on plain Node, without Electron.' }],
    patterns: [electronBoundMain],
  },
};

/** Type-aware rules: both need the type checker to know what returns a promise. */
const promiseRules = {
  '@typescript-eslint/no-floating-promises': 'error',
  '@typescript-eslint/no-misused-promises': 'error',
};

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.tsbuild/', 'test-results/', 'playwright-report/', '.data/', 'scripts/fixtures/walls/'] },
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
  { files: ['electron/preload/**/*.ts'], ignores: ['**/*.test.ts'], rules: { 'no-restricted-imports': ['error', walls.preload] } },
  { files: ['electron/preload/**/*.test.ts'], rules: { 'no-restricted-imports': ['error', walls.preloadTests] } },
  { files: ['electron/main/**/*.ts'], rules: { 'no-restricted-imports': ['error', walls.main] } },
  { files: ['e2e/host/**/*.ts'], rules: { 'no-restricted-imports': ['error', walls.testHost] } },
  {
    files: ['**/*.{ts,tsx,mts,cts}'],
    languageOptions: {
      parserOptions: {
        // tsconfig.json is a solution file; the service finds each file's project among its references.
        projectService: { allowDefaultProject: ['renderer/vite.config.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: promiseRules,
  },
);
