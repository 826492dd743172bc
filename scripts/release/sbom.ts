/**
 * The SBOM of a release, CycloneDX 1.5 JSON, from package-lock.json.
 *
 * "Production dependency" here means every npm package whose code ships: each package with at
 * least one module inlined into the renderer, main or preload bundle (from the bundlers'
 * module lists), plus each package copied as files into app.asar (ASAR_PACKAGES:
 * better-sqlite3). The project declares almost everything as a devDependency because the
 * bundles inline it, so package.json's `dependencies` alone would list one package; tooling
 * (Vite, esbuild, TypeScript, test libraries) never ships and is not listed. Each component
 * names where it ships (property `channeldesk:shipped-in`). No timestamp and no random
 * serial number: the same commit gives the same SBOM bytes, so verify-build compares it too.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { byCodeUnit } from './digests.ts';

export type ShippedIn = 'renderer' | 'main' | 'preload' | 'app.asar';
export type BundleInputs = Readonly<Record<Exclude<ShippedIn, 'app.asar'>, readonly string[]>>;

type LockPackage = { version?: string; integrity?: string; license?: string; resolved?: string };
type Lockfile = { packages: Record<string, LockPackage> };

/** `node_modules/a/node_modules/@s/b/lib/x.js` → `node_modules/a/node_modules/@s/b` (the lockfile key). */
export function packageKeyOf(modulePath: string): string | null {
  const parts = modulePath.split('/');
  let end = -1;
  for (let i = 0; i < parts.length; i++) {
    if (parts[i] !== 'node_modules') continue;
    const name = parts[i + 1];
    if (name === undefined) return null;
    end = name.startsWith('@') ? i + 3 : i + 2;
    i = end - 1;
  }
  return end < 0 ? null : parts.slice(0, end).join('/');
}

export function packageNameOf(lockKey: string): string {
  return lockKey.slice(lockKey.lastIndexOf('node_modules/') + 'node_modules/'.length);
}

export function purlOf(name: string, version: string): string {
  const encoded = name.startsWith('@') ? `%40${name.slice(1)}` : name;
  return `pkg:npm/${encoded}@${version}`;
}

/** Lockfile key → where it ships, for every production dependency. */
export function productionPackages(inputs: BundleInputs, asarPackages: readonly string[]): Map<string, Set<ShippedIn>> {
  const shipped = new Map<string, Set<ShippedIn>>();
  const add = (key: string, where: ShippedIn): void => {
    const set = shipped.get(key) ?? new Set<ShippedIn>();
    set.add(where);
    shipped.set(key, set);
  };
  for (const [bundle, modules] of Object.entries(inputs) as [Exclude<ShippedIn, 'app.asar'>, readonly string[]][]) {
    for (const modulePath of modules) {
      const key = packageKeyOf(modulePath);
      if (key) add(key, bundle);
    }
  }
  for (const name of asarPackages) add(`node_modules/${name}`, 'app.asar');
  return shipped;
}

export type CycloneDx = {
  bomFormat: 'CycloneDX';
  specVersion: '1.5';
  version: 1;
  metadata: { component: Record<string, unknown>; properties: { name: string; value: string }[] };
  components: CycloneDxComponent[];
};
export type CycloneDxComponent = {
  type: 'library';
  'bom-ref': string;
  name: string;
  version: string;
  purl: string;
  hashes?: { alg: 'SHA-512' | 'SHA-256' | 'SHA-1'; content: string }[];
  licenses?: { expression: string }[];
  properties: { name: string; value: string }[];
};

export function buildSbom(options: { root: string; commit: string; inputs: BundleInputs; asarPackages: readonly string[] }): CycloneDx {
  const lock = JSON.parse(readFileSync(path.join(options.root, 'package-lock.json'), 'utf8')) as Lockfile;
  const rootPackage = JSON.parse(readFileSync(path.join(options.root, 'package.json'), 'utf8')) as { name: string; version: string };
  const components: CycloneDxComponent[] = [];
  for (const [key, where] of productionPackages(options.inputs, options.asarPackages)) {
    const entry = lock.packages[key];
    if (!entry?.version) throw new Error(`${key} ships in ${[...where].join(', ')} but package-lock.json has no version for it`);
    const name = packageNameOf(key);
    const purl = purlOf(name, entry.version);
    components.push({
      type: 'library',
      'bom-ref': purl,
      name,
      version: entry.version,
      purl,
      ...(entry.integrity ? { hashes: [integrityHash(entry.integrity)] } : {}),
      ...(entry.license ? { licenses: [{ expression: entry.license }] } : {}),
      properties: [{ name: 'channeldesk:shipped-in', value: [...where].sort(byCodeUnit).join(',') }],
    });
  }
  components.sort((a, b) => byCodeUnit(a.purl, b.purl));
  return {
    bomFormat: 'CycloneDX',
    specVersion: '1.5',
    version: 1,
    metadata: {
      component: { type: 'application', 'bom-ref': 'channeldesk', name: rootPackage.name, version: rootPackage.version },
      properties: [{ name: 'channeldesk:commit', value: options.commit }],
    },
    components,
  };
}

/** npm's `sha512-<base64>` → CycloneDX hash (hex). */
function integrityHash(integrity: string): { alg: 'SHA-512' | 'SHA-256' | 'SHA-1'; content: string } {
  const [algo, b64] = integrity.split(' ')[0]!.split('-', 2) as [string, string];
  const alg = algo === 'sha512' ? 'SHA-512' : algo === 'sha256' ? 'SHA-256' : 'SHA-1';
  return { alg, content: Buffer.from(b64, 'base64').toString('hex') };
}

export function sbomBytes(sbom: CycloneDx): Buffer {
  return Buffer.from(`${JSON.stringify(sbom, null, 2)}\n`, 'utf8');
}
