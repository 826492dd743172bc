/**
 * app.asar, built with @electron/asar so that the same inputs give the same bytes anywhere:
 * entries are inserted in one fixed order (sorted paths), every file is recorded with mode
 * 0644 (so no `executable` flag that depends on a checkout's umask), and the asar format has
 * no timestamps. Native addons (`*.node`) are unpacked next to the archive, as Electron needs.
 *
 * Contents (the same tree electron-builder packs, docs/operations.md "Packaging"):
 *   package.json                 the app manifest (generated from the root package.json)
 *   dist/electron/*.cjs          main and preload bundles
 *   dist/renderer/**             the renderer bundle
 *   node_modules/<native>/…      the run-time files of each package that cannot be bundled
 */
import { createPackageFromStreams, type AsarStreamType } from '@electron/asar';
import { readFileSync } from 'node:fs';
import type { Stats } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { byCodeUnit, listFiles } from './digests.ts';

/**
 * Packages shipped as files in app.asar (not inlined into a bundle) and which of their files
 * run: better-sqlite3's JS and its N-API prebuilds for every platform (in its npm tarball);
 * its C sources and SQLite amalgamation (deps/, src/) are build inputs only.
 */
export const ASAR_PACKAGES: Readonly<Record<string, readonly string[]>> = {
  'better-sqlite3': ['package.json', 'LICENSE', 'lib/', 'prebuilds/'],
};

export type AsarEntry = { archivePath: string; bytes: Buffer; unpacked: boolean };

/** The manifest Electron reads inside app.asar: what the app is and where main is; no scripts, no dev tooling. */
export function appManifest(rootPackage: Record<string, unknown>): Buffer {
  const manifest = {
    name: rootPackage['name'],
    productName: 'ChannelDesk',
    version: rootPackage['version'],
    description: rootPackage['description'],
    author: { name: 'ChannelDesk contributors' },
    license: 'UNLICENSED',
    main: 'dist/electron/main.cjs',
    private: true,
  };
  return Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
}

/** All entries, sorted: root is the checkout (package.json, node_modules), distDir holds the bundles. */
export function collectAsarEntries(root: string, distDir: string): AsarEntry[] {
  const entries: AsarEntry[] = [];
  const rootPackage = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
  entries.push({ archivePath: 'package.json', bytes: appManifest(rootPackage), unpacked: false });
  for (const rel of listFiles(distDir)) {
    if (rel.endsWith('.map')) continue;
    entries.push({ archivePath: `dist/${rel}`, bytes: readFileSync(path.join(distDir, rel)), unpacked: false });
  }
  for (const [name, runtimeFiles] of Object.entries(ASAR_PACKAGES)) {
    const packageDir = path.join(root, 'node_modules', name);
    for (const rel of listFiles(packageDir)) {
      if (!runtimeFiles.some((f) => (f.endsWith('/') ? rel.startsWith(f) : rel === f))) continue;
      entries.push({ archivePath: `node_modules/${name}/${rel}`, bytes: readFileSync(path.join(packageDir, rel)), unpacked: rel.endsWith('.node') });
    }
  }
  return entries.sort((a, b) => byCodeUnit(a.archivePath, b.archivePath));
}

/** Writes dest (and dest.unpacked/ for native addons). */
export async function writeAppAsar(dest: string, entries: readonly AsarEntry[]): Promise<void> {
  const streams: AsarStreamType[] = [];
  const directories = new Set<string>();
  for (const entry of entries) {
    // Parent directories first, each once, in path order: the header's key order is insertion order.
    const parts = entry.archivePath.split('/');
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      if (directories.has(dir)) continue;
      directories.add(dir);
      streams.push({ type: 'directory', path: dir, unpacked: false });
    }
    // Only size and mode are read from the stat; a fixed mode keeps the header independent of the checkout.
    const stat = { size: entry.bytes.length, mode: 0o100644 } as unknown as Stats;
    streams.push({ type: 'file', path: entry.archivePath, unpacked: entry.unpacked, stat, streamGenerator: () => Readable.from([entry.bytes]) });
  }
  await createPackageFromStreams(dest, streams);
}
