/**
 * The renderer bundle for a release: renderer/vite.config.ts (the same config `npm run build`
 * uses) built into a chosen directory, recording which modules went in (for the SBOM).
 *
 * Deterministic: Vite names chunks by content hash and writes no timestamps; symlinks are kept
 * (`resolve.preserveSymlinks`) so a checkout whose node_modules is a link gives the same
 * module ids; output holds no absolute path (scripts/release/release.test.ts checks the bytes).
 * Always a production build: NODE_ENV from the caller's environment (a test runner sets
 * `test`) would switch React's JSX to its development form, which embeds absolute file paths.
 */
import path from 'node:path';
import { build, type Plugin } from 'vite';

export async function bundleRenderer(options: { root: string; outDir: string }): Promise<{ inputs: string[] }> {
  const modules = new Set<string>();
  const collect: Plugin = {
    name: 'channeldesk-collect-inputs',
    apply: 'build',
    generateBundle(_options, bundle) {
      for (const item of Object.values(bundle)) {
        if (item.type !== 'chunk') continue;
        for (const id of Object.keys(item.modules)) modules.add(id);
      }
    },
  };
  const callerNodeEnv = process.env['NODE_ENV'];
  process.env['NODE_ENV'] = 'production';
  try {
    await build({
      configFile: path.join(options.root, 'renderer', 'vite.config.ts'),
      mode: 'production',
      logLevel: 'warn',
      resolve: { preserveSymlinks: true },
      build: { outDir: options.outDir, emptyOutDir: true },
      plugins: [collect],
    });
  } finally {
    if (callerNodeEnv === undefined) delete process.env['NODE_ENV'];
    else process.env['NODE_ENV'] = callerNodeEnv;
  }
  const inputs = [...modules]
    .filter((id) => !id.startsWith('\0'))
    .map((id) => path.relative(options.root, id.split('?')[0] ?? id).split(path.sep).join('/'))
    .sort();
  return { inputs: [...new Set(inputs)] };
}
