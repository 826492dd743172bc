/** File digests for release documents: size, sha256 and sha512 (hex), paths relative with '/'. */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export type FileDigest = { path: string; size: number; sha256: string; sha512: string };

export function digestBytes(bytes: Buffer): Omit<FileDigest, 'path'> {
  return {
    size: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    sha512: createHash('sha512').update(bytes).digest('hex'),
  };
}

/** Every regular file under dir, relative, sorted by code unit (the same order on every machine). */
export function listFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (rel: string): void => {
    for (const entry of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile()) found.push(child);
      else throw new Error(`${child}: not a regular file (links and devices are not release content)`);
    }
  };
  walk('');
  return found.sort(byCodeUnit);
}

export function digestFiles(root: string, relPaths: readonly string[]): FileDigest[] {
  return [...relPaths].sort(byCodeUnit).map((rel) => ({ path: rel, ...digestBytes(readFileSync(path.join(root, rel))) }));
}

export function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export type FileComparison = { path: string; status: 'identical' | 'differs' | 'missing' | 'unexpected'; expected?: FileDigest; actual?: FileDigest };

/** Per-file result of `actual` against `expected`: identical only when size, sha256 and sha512 all match. */
export function compareDigests(expected: readonly FileDigest[], actual: readonly FileDigest[]): FileComparison[] {
  const got = new Map(actual.map((d) => [d.path, d]));
  const results: FileComparison[] = expected.map((want) => {
    const have = got.get(want.path);
    got.delete(want.path);
    if (!have) return { path: want.path, status: 'missing', expected: want };
    const same = have.size === want.size && have.sha256 === want.sha256 && have.sha512 === want.sha512;
    return { path: want.path, status: same ? 'identical' : 'differs', expected: want, actual: have };
  });
  for (const extra of got.values()) results.push({ path: extra.path, status: 'unexpected', actual: extra });
  return results.sort((a, b) => byCodeUnit(a.path, b.path));
}
