// Where the Electron binary is, without triggering the electron package's lazy download
// (requiring 'electron' from Node tries to download it, which fails offline).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** @returns {string | null} absolute path of an Electron executable, or null when none is installed */
export function findElectronBinary() {
  const pkg = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(pkg, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : 'electron';
  const distDir = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? path.join(pkg, 'dist');
  const candidate = path.join(distDir, relative);
  return existsSync(candidate) ? candidate : null;
}
