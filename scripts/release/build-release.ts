/**
 * One deterministic release build of a checkout into outDir (nothing outside outDir is written):
 *   <out>/dist/renderer/**, <out>/dist/electron/{main,preload}.cjs   the bundles
 *   <out>/package/app.asar (+ app.asar.unpacked/)                    what electron-builder packages
 *   <out>/sbom.cdx.json                                              CycloneDX, production dependencies
 * and the (unsigned) provenance describing them. Two checkouts of one commit, in any two
 * directories, give the same bytes (release/verify-build.test.ts builds in two clones).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ASAR_PACKAGES, collectAsarEntries, writeAppAsar } from './app-asar.ts';
import { digestFiles, listFiles, type FileDigest } from './digests.ts';
import { bundleElectron } from './electron-bundles.ts';
import { PROVENANCE_FORMAT, SBOM_FILE, toolVersions, type Provenance } from './provenance.ts';
import { bundleRenderer } from './renderer-bundle.ts';
import { buildSbom, sbomBytes, type BundleInputs, type CycloneDx } from './sbom.ts';
import { sourceState } from './source-state.ts';

export const ASAR_DIR = 'package';

export type ReleaseBuild = { provenance: Provenance; sbom: CycloneDx; inputs: BundleInputs; clean: boolean };

export async function buildRelease(options: { root: string; outDir: string }): Promise<ReleaseBuild> {
  const root = path.resolve(options.root);
  const outDir = path.resolve(options.outDir);
  const source = sourceState(root);
  for (const stale of ['dist', ASAR_DIR, SBOM_FILE]) rmSync(path.join(outDir, stale), { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });

  // One after the other: the machine may have 2 cores, and each bundler uses them all.
  const renderer = await bundleRenderer({ root, outDir: path.join(outDir, 'dist', 'renderer') });
  const electron = await bundleElectron({ root, outdir: path.join(outDir, 'dist', 'electron'), logLevel: 'warning' });
  const inputs: BundleInputs = { renderer: renderer.inputs, main: electron.inputs.main, preload: electron.inputs.preload };

  await writeAppAsar(path.join(outDir, ASAR_DIR, 'app.asar'), collectAsarEntries(root, path.join(outDir, 'dist')));

  const sbom = buildSbom({ root, commit: source.commit, inputs, asarPackages: Object.keys(ASAR_PACKAGES) });
  writeFileSync(path.join(outDir, SBOM_FILE), sbomBytes(sbom));

  const rootPackage = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { name: string; version: string };
  const provenance: Provenance = {
    format: PROVENANCE_FORMAT,
    product: { name: rootPackage.name, version: rootPackage.version },
    commit: source.commit,
    lockfile: { path: 'package-lock.json', sha256: source.lockfileSha256, sha512: source.lockfileSha512 },
    tools: toolVersions(root),
    builtOn: { platform: process.platform, arch: process.arch },
    sbom: { path: SBOM_FILE, format: 'CycloneDX 1.5 JSON' },
    files: releaseFileDigests(outDir),
  };
  return { provenance, sbom, inputs, clean: source.clean };
}

/** Digests of every output file verify-build compares (bundles, app.asar and its unpacked files, SBOM). */
export function releaseFileDigests(outDir: string): FileDigest[] {
  const rel = [
    ...listFiles(path.join(outDir, 'dist')).map((p) => `dist/${p}`),
    ...listFiles(path.join(outDir, ASAR_DIR)).map((p) => `${ASAR_DIR}/${p}`),
    SBOM_FILE,
  ];
  return digestFiles(outDir, rel);
}
