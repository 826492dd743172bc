/**
 * TEST/DEMO HARNESS ONLY — never shipped. Serves the Vite-built renderer from one
 * directory, refusing anything that would resolve outside it (encoded `..`, absolute
 * paths, NUL bytes, symlinks pointing out), and injects the desk bridge script into
 * index.html so `window.desk` exists before the renderer's module script runs.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';

export const BRIDGE_PATH = '/__desk/bridge.js';
const BRIDGE_TAG = `<script src="${BRIDGE_PATH}"></script>`;

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wav': 'audio/wav',
  '.ogg': 'audio/ogg',
  '.mp3': 'audio/mpeg',
  '.webmanifest': 'application/manifest+json',
};

export type StaticResult =
  | { kind: 'file'; body: Buffer | string; contentType: string }
  | { kind: 'not-found' }
  | { kind: 'bad-path' };

/** Puts the bridge before the first module script (or before </head> when there is none). */
export function injectBridge(html: string): string {
  const moduleScript = /<script\b[^>]*\btype\s*=\s*["']?module["']?[^>]*>/i.exec(html);
  if (moduleScript) return html.slice(0, moduleScript.index) + BRIDGE_TAG + html.slice(moduleScript.index);
  const headEnd = html.search(/<\/head>/i);
  if (headEnd >= 0) return html.slice(0, headEnd) + BRIDGE_TAG + html.slice(headEnd);
  return BRIDGE_TAG + html;
}

/**
 * Maps a URL path to a file strictly inside `root`. Returns null for every path that
 * could escape it; callers answer 400, never a file.
 */
export function resolveInside(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (!decoded.startsWith('/') || decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter((s) => s.length > 0);
  if (segments.some((s) => s === '..' || s === '.')) return null;
  const relative = segments.length === 0 ? 'index.html' : segments.join('/');
  const candidate = path.resolve(root, relative);
  const rootWithSep = root.endsWith(path.sep) ? root : root + path.sep;
  return candidate.startsWith(rootWithSep) ? candidate : null;
}

export function createStaticFiles(rendererDir: string): (urlPath: string) => Promise<StaticResult> {
  const rootPromise = realpath(path.resolve(rendererDir));
  return async (urlPath) => {
    const root = await rootPromise;
    const candidate = resolveInside(root, urlPath);
    if (candidate === null) return { kind: 'bad-path' };
    let real: string;
    try {
      real = await realpath(candidate);
      if (!(await stat(real)).isFile()) return { kind: 'not-found' };
    } catch {
      return { kind: 'not-found' };
    }
    // A symlink inside the renderer dir must not lead out of it.
    if (!real.startsWith(root + path.sep)) return { kind: 'bad-path' };
    const ext = path.extname(real).toLowerCase();
    const contentType = contentTypes[ext] ?? 'application/octet-stream';
    const bytes = await readFile(real);
    if (ext === '.html') return { kind: 'file', body: injectBridge(bytes.toString('utf8')), contentType };
    return { kind: 'file', body: bytes, contentType };
  };
}
