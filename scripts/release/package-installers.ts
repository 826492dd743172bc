/**
 * `npm run package:installers -- [--build release/build] [--update-url https://…] [electron-builder platform flags]`
 *
 * Wraps the verified app.asar of a release build into installers (NSIS, deb/AppImage, dmg/zip)
 * with electron-builder: its project directory is <build>/package, which holds app.asar and no
 * package.json, so electron-builder treats it as a prepacked app and ships that archive as is
 * (electron-builder.yml explains). This needs electron-builder 26 and the Electron binary, which
 * the development and CI machines of this project cannot download: there it stops with one
 * sentence saying so. The config derivation below is what package-installers.test.ts checks.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import { ASAR_DIR } from './build-release.ts';

type BuilderConfig = Record<string, unknown> & { directories?: Record<string, string>; extraResources?: { from: string; to: string }[] };

/** electron-builder.yml with paths made absolute (the project dir changes), the Electron version and update URL set. */
export function installerConfig(root: string, options: { updateUrl?: string | undefined } = {}): BuilderConfig {
  const config = parse(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
  const electronVersion = (JSON.parse(readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }).version;
  const publish = config['publish'] as Record<string, unknown>;
  return {
    ...config,
    electronVersion,
    directories: Object.fromEntries(Object.entries(config.directories ?? {}).map(([key, dir]) => [key, path.resolve(root, dir)])),
    extraResources: (config.extraResources ?? []).map((r) => ({ ...r, from: path.resolve(root, r.from) })),
    publish: options.updateUrl ? { ...publish, url: options.updateUrl } : publish,
  };
}

if (import.meta.main) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { build: { type: 'string', default: 'release/build' }, 'update-url': { type: 'string' } },
  });
  const root = process.cwd();
  const projectDir = path.resolve(values.build, ASAR_DIR);
  if (!existsSync(path.join(projectDir, 'app.asar'))) {
    console.error(`package:installers: no ${path.join(values.build, ASAR_DIR, 'app.asar')}; run npm run release:build first`);
    process.exit(2);
  }
  if (!existsSync(path.join(root, 'node_modules', 'electron-builder'))) {
    console.error('package:installers: electron-builder is not installed, and the Electron binary it packages cannot be downloaded on this machine; run this on the packaging machine (docs/operations.md, "Packaging installers")');
    process.exit(2);
  }
  const configFile = path.resolve(values.build, 'electron-builder.resolved.json');
  writeFileSync(configFile, `${JSON.stringify(installerConfig(root, { updateUrl: values['update-url'] }), null, 2)}\n`);
  const run = spawnSync('npx', ['--no-install', 'electron-builder', '--projectDir', projectDir, '--config', configFile, '--publish', 'never', ...positionals], { stdio: 'inherit' });
  process.exit(run.status ?? 1);
}
