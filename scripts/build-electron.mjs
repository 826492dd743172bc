// Bundles the Electron main process and the preload with esbuild.
//   electron/main/index.ts    → dist/electron/main.cjs     (Node 24 inside Electron 45)
//   electron/preload/index.ts → dist/electron/preload.cjs  (sandboxed preload)
// Deterministic output (no timestamps, no absolute paths) so an escrowed-source rebuild
// produces the same bytes (REQUIREMENTS audit question 12).
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist', 'electron');

const common = {
  absWorkingDir: root,
  bundle: true,
  format: 'cjs',
  // Readable output: auditors and electronegativity read what ships.
  minify: false,
  sourcemap: false,
  legalComments: 'inline',
  logLevel: 'info',
  // `electron` is provided by the runtime. better-sqlite3 is a native addon loaded from
  // node_modules (app.asar.unpacked for the .node file).
  external: ['electron', 'better-sqlite3'],
};

await Promise.all([
  build({
    ...common,
    entryPoints: ['electron/main/index.ts'],
    outfile: path.join(outdir, 'main.cjs'),
    platform: 'node',
    target: 'node24',
  }),
  build({
    ...common,
    entryPoints: ['electron/preload/index.ts'],
    outfile: path.join(outdir, 'preload.cjs'),
    // The sandboxed preload has no Node built-ins: building for the browser makes an
    // accidental `node:` import a build error instead of a runtime crash.
    platform: 'browser',
    target: 'chrome140',
  }),
]);
