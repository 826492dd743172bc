/**
 * The build provenance: what was built (commit, lockfile), with what (tool versions) and what
 * came out (size, sha256 and sha512 of every bundle file, app.asar and its unpacked files, and
 * the SBOM). Signed by the releasing party (signing.ts); verify-build rebuilds and compares.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export const PROVENANCE_FORMAT = 'channeldesk.provenance/1';
export const SBOM_FILE = 'sbom.cdx.json';
export const PROVENANCE_FILE = 'provenance.json';

const Hex = (n: number) => z.string().regex(new RegExp(`^[0-9a-f]{${n}}$`));
export const FileDigestSchema = z.object({ path: z.string().min(1).max(400), size: z.number().int().min(0), sha256: Hex(64), sha512: Hex(128) }).strict();

export const Provenance = z
  .object({
    format: z.literal(PROVENANCE_FORMAT),
    product: z.object({ name: z.string(), version: z.string() }).strict(),
    commit: Hex(40),
    lockfile: z.object({ path: z.literal('package-lock.json'), sha256: Hex(64), sha512: Hex(128) }).strict(),
    tools: z.record(z.string(), z.string()),
    /** Platform of the build machine; the outputs do not depend on it (prebuilds for every platform ship). */
    builtOn: z.object({ platform: z.string(), arch: z.string() }).strict(),
    sbom: z.object({ path: z.literal(SBOM_FILE), format: z.literal('CycloneDX 1.5 JSON') }).strict(),
    files: z.array(FileDigestSchema).min(1),
  })
  .strict();
export type Provenance = z.infer<typeof Provenance>;

/** Versions of every tool whose behaviour decides the output bytes, as installed in the checkout. */
export function toolVersions(root: string): Record<string, string> {
  const versionAt = (...dirs: string[]): string => {
    for (const dir of dirs) {
      try {
        return (JSON.parse(readFileSync(path.join(root, dir, 'package.json'), 'utf8')) as { version: string }).version;
      } catch {
        // not installed at this place; try the next
      }
    }
    throw new Error(`${dirs[0]} is not installed (run npm ci)`);
  };
  return {
    node: process.versions.node,
    esbuild: versionAt('node_modules/esbuild'),
    vite: versionAt('node_modules/vite'),
    rolldown: versionAt('node_modules/vite/node_modules/rolldown', 'node_modules/rolldown'),
    '@vitejs/plugin-react': versionAt('node_modules/@vitejs/plugin-react'),
    '@electron/asar': versionAt('node_modules/@electron/asar'),
    typescript: versionAt('node_modules/typescript'),
  };
}
