/**
 * esbuild bundles of the Electron main process and the preload (one definition, used by
 * `npm run build:electron` and by the release build):
 *   electron/main/index.ts    → <outdir>/main.cjs     (Node 24 inside Electron 45)
 *   electron/preload/index.ts → <outdir>/preload.cjs  (sandboxed preload)
 *
 * Deterministic (issue #10, audit question 12): esbuild writes no timestamps, paths in its
 * comments are relative to `root`, and symlinks are kept as they are (a checkout whose
 * node_modules is a link elsewhere still names `node_modules/zod/…`, not the link's target).
 */
import { build, type BuildOptions, type Metafile } from 'esbuild';
import path from 'node:path';

export type ElectronBundleResult = {
  /** Files read into each bundle, relative to root with forward slashes (from esbuild's metafile). */
  inputs: { main: string[]; preload: string[] };
};

export async function bundleElectron(options: { root: string; outdir: string; logLevel?: 'info' | 'warning' }): Promise<ElectronBundleResult> {
  const common: BuildOptions = {
    absWorkingDir: options.root,
    bundle: true,
    format: 'cjs',
    // Readable output: auditors and electronegativity read what ships.
    minify: false,
    sourcemap: false,
    legalComments: 'inline',
    logLevel: options.logLevel ?? 'info',
    preserveSymlinks: true,
    metafile: true,
    // `electron` is provided by the runtime. better-sqlite3 is a native addon loaded from
    // node_modules inside app.asar (its .node prebuilds unpacked next to it).
    external: ['electron', 'better-sqlite3'],
  };
  const [main, preload] = await Promise.all([
    build({
      ...common,
      entryPoints: ['electron/main/index.ts'],
      outfile: path.join(options.outdir, 'main.cjs'),
      platform: 'node',
      target: 'node24',
    }),
    build({
      ...common,
      entryPoints: ['electron/preload/index.ts'],
      outfile: path.join(options.outdir, 'preload.cjs'),
      // The sandboxed preload has no Node built-ins: building for the browser makes an
      // accidental `node:` import a build error instead of a runtime crash.
      platform: 'browser',
      target: 'chrome140',
    }),
  ]);
  return { inputs: { main: metafileInputs(main.metafile), preload: metafileInputs(preload.metafile) } };
}

function metafileInputs(metafile: Metafile | undefined): string[] {
  if (!metafile) throw new Error('esbuild returned no metafile');
  return Object.keys(metafile.inputs)
    .map((p) => p.split(path.sep).join('/'))
    .sort();
}
