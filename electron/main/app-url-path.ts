import { APP_ORIGIN } from './origin.ts';

/**
 * Turns an `app://desk/...` request URL into path segments under the renderer root, or
 * refuses it. Chromium normalizes standard-scheme URLs before we see them, so a hostile
 * shape reaching this point means something went around the normal path: it is refused,
 * never "cleaned up". The file handler still re-checks the resolved real path (symlinks).
 */
export type AppPathDecision = { ok: true; segments: string[] } | { ok: false; status: 403 | 404; reason: string };

const MAX_URL_LENGTH = 2048;
const MAX_SEGMENT_LENGTH = 255;
/** Raw (still encoded) shapes that only exist to trick a path resolver. */
const FORBIDDEN_RAW = [
  { pattern: /\\/, reason: 'backslash' },
  { pattern: /%00/i, reason: 'encoded-nul' },
  { pattern: /%2f|%5c/i, reason: 'encoded-separator' },
  { pattern: /%2e/i, reason: 'encoded-dot' },
  { pattern: /%25/i, reason: 'double-encoding' },
] as const;
/** Decoded segment characters that could change meaning on some platform's file system. */
const FORBIDDEN_DECODED = /[\\/:*?"<>|]/;

/** C0 controls and DEL (NUL included). Checked by code point: such characters do not belong in a regex literal. */
function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

const refuse = (status: 403 | 404, reason: string): AppPathDecision => ({ ok: false, status, reason });

export function appRequestPath(rawUrl: string): AppPathDecision {
  if (typeof rawUrl !== 'string' || rawUrl.length > MAX_URL_LENGTH) return refuse(403, 'malformed');
  if (!rawUrl.startsWith(APP_ORIGIN)) return refuse(404, 'origin');
  const afterOrigin = rawUrl.slice(APP_ORIGIN.length);
  // Exactly `app://desk`: no port, userinfo, or longer host such as `app://desk.evil`.
  if (afterOrigin !== '' && !/^[/?#]/.test(afterOrigin)) return refuse(404, 'host');
  const end = afterOrigin.search(/[?#]/);
  const rawPath = end === -1 ? afterOrigin : afterOrigin.slice(0, end);

  if (hasControlCharacter(rawPath)) return refuse(403, 'control-character');
  for (const { pattern, reason } of FORBIDDEN_RAW) {
    if (pattern.test(rawPath)) return refuse(403, reason);
  }
  if (rawPath === '' || rawPath === '/') return { ok: true, segments: ['index.html'] };
  if (rawPath.endsWith('/')) return refuse(404, 'directory');

  const segments: string[] = [];
  for (const rawSegment of rawPath.slice(1).split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(rawSegment);
    } catch {
      return refuse(403, 'bad-encoding');
    }
    if (segment === '') return refuse(403, 'empty-segment');
    if (segment === '.' || segment === '..') return refuse(403, 'dot-segment');
    // Hidden files (.env, .git) are never part of the built renderer.
    if (segment.startsWith('.')) return refuse(403, 'hidden-file');
    if (segment.length > MAX_SEGMENT_LENGTH || FORBIDDEN_DECODED.test(segment) || hasControlCharacter(segment)) {
      return refuse(403, 'segment-characters');
    }
    segments.push(segment);
  }
  return { ok: true, segments };
}
