/**
 * What an article image's bytes are, by their magic numbers — shared by the institution
 * (which refuses anything else on upload and re-checks on the way out) and the desk's core
 * (which refuses an answer whose bytes and content type disagree). No zod, no Node APIs.
 */
export const KB_IMAGE_MIMES = ['image/png', 'image/jpeg', 'image/webp'] as const;
export type KbImageMime = (typeof KB_IMAGE_MIMES)[number];
/** The largest article image the institution takes (also checked by the desk before it sends). */
export const KB_IMAGE_MAX_BYTES = 768 * 1024;

export const isKbImageMime = (value: string): value is KbImageMime => (KB_IMAGE_MIMES as readonly string[]).includes(value);

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function startsWith(bytes: Uint8Array, prefix: readonly number[], at = 0): boolean {
  return bytes.length >= at + prefix.length && prefix.every((b, i) => bytes[at + i] === b);
}

function ascii(bytes: Uint8Array, at: number, text: string): boolean {
  return startsWith(bytes, [...text].map((c) => c.charCodeAt(0)), at);
}

/**
 * PNG: the 8-byte signature and an IHDR first chunk; JPEG: SOI followed by a marker; WebP: a
 * RIFF container of type WEBP whose declared size fits the bytes. Anything else (SVG, HTML,
 * GIF, truncated files) is null.
 */
export function sniffImageType(bytes: Uint8Array): KbImageMime | null {
  if (startsWith(bytes, PNG_SIGNATURE) && ascii(bytes, 12, 'IHDR')) return 'image/png';
  if (bytes.length >= 4 && startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (bytes.length >= 16 && ascii(bytes, 0, 'RIFF') && ascii(bytes, 8, 'WEBP')) {
    const riffSize = (bytes[4]! | (bytes[5]! << 8) | (bytes[6]! << 16) | (bytes[7]! << 24)) >>> 0;
    if (riffSize >= 8 && riffSize + 8 <= bytes.length) return 'image/webp';
  }
  return null;
}
