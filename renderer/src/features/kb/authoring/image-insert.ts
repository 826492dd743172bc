import type { DeskErrorCode } from '../../../../../electron/contract/errors.ts';
import { settle, type AuthoringBridge } from './authoring-bridge.ts';
// Zod-free contract only: the renderer must not load zod at run time (docs/architecture.md, import walls).
import { isKbImageMime, KB_IMAGE_MAX_BYTES, KB_IMAGE_MIMES, sniffImageType, type KbImageMime } from '../../../../../institution/contract/kb-image-bytes.ts';

/**
 * Putting an image into an article: the checks the editor makes before anything is sent
 * (the same as core's and the institution's: PNG, JPEG or WebP whose bytes are what the file
 * says, at most KB_IMAGE_MAX_BYTES), and the Markdown that names the uploaded image.
 */
export const IMAGE_ACCEPT = KB_IMAGE_MIMES.join(',');

/** Why the editor will not send a file; the author is told which. */
export type ImageRefusal = 'wrong-type' | 'too-large' | 'unreadable';

/** What the editor says about the last image the author inserted. */
export type ImageStatus =
  | { kind: 'uploading'; name: string }
  | { kind: 'refused'; reason: ImageRefusal; name: string }
  | { kind: 'failed'; code: DeskErrorCode }
  | { kind: 'inserted' };

/** The part of a File the editor uses (a File is one; tests may hand anything alike). */
export interface ImageFile {
  name: string;
  type: string;
  size: number;
}

/** Refused from what the file says of itself, before its bytes are read. */
export function refusalBeforeReading(file: ImageFile): ImageRefusal | null {
  if (!isKbImageMime(file.type)) return 'wrong-type';
  if (file.size > KB_IMAGE_MAX_BYTES) return 'too-large';
  if (file.size === 0) return 'unreadable';
  return null;
}

/** Refused from the bytes: a renamed file (an SVG called .png) is not what it says. */
export function refusalOfBytes(file: ImageFile, bytes: Uint8Array): ImageRefusal | null {
  if (bytes.length > KB_IMAGE_MAX_BYTES) return 'too-large';
  return sniffImageType(bytes) === file.type ? null : 'wrong-type';
}

export function base64Of(bytes: Uint8Array): string {
  let text = '';
  // In slices: String.fromCharCode(...all) would overflow the call stack for a large image.
  for (let at = 0; at < bytes.length; at += 0x8000) text += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
  return btoa(text);
}

/** `![<name without extension>](kb-image:<id>)`; characters that would end the alt text early are dropped. */
export function imageMarkdown(fileName: string, imageId: string): string {
  const alt = fileName
    .replace(/\.[^.]*$/, '')
    .replace(/[[\]\\\r\n]/g, ' ')
    .trim();
  return `![${alt}](kb-image:${imageId})`;
}

/** `text` in place of body[start, end); where the caret goes after it. */
export function insertAt(body: string, start: number, end: number, text: string): { body: string; caret: number } {
  const from = Math.max(0, Math.min(start, body.length));
  const to = Math.max(from, Math.min(end, body.length));
  return { body: body.slice(0, from) + text + body.slice(to), caret: from + text.length };
}

/** The file's bytes (FileReader: what every page of ours supports, jsdom included). */
export function readBytes(file: Blob): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => (reader.result instanceof ArrayBuffer ? resolve(new Uint8Array(reader.result)) : reject(new Error('not read')));
    reader.onerror = () => reject(reader.error ?? new Error('not read'));
    reader.readAsArrayBuffer(file);
  });
}

/**
 * Checks `file` (what it says of itself, then its bytes) and uploads it into the space,
 * reporting each step through `report`; answers the image's id, or null when refused or
 * failed (the last report says why).
 */
export async function uploadImage(
  bridge: Pick<AuthoringBridge, 'uploadImage'>,
  spaceId: string,
  file: ImageFile,
  read: () => Promise<Uint8Array>,
  report: (status: ImageStatus) => void,
): Promise<string | null> {
  const refuse = (reason: ImageRefusal) => {
    report({ kind: 'refused', reason, name: file.name });
    return null;
  };
  const early = refusalBeforeReading(file);
  if (early !== null) return refuse(early);
  report({ kind: 'uploading', name: file.name });
  let bytes: Uint8Array;
  try {
    bytes = await read();
  } catch {
    return refuse('unreadable');
  }
  const late = refusalOfBytes(file, bytes);
  if (late !== null) return refuse(late);
  const result = await settle(() => bridge.uploadImage({ spaceId, mime: file.type as KbImageMime, base64: base64Of(bytes) }));
  if (!result.ok) {
    report({ kind: 'failed', code: result.error.code });
    return null;
  }
  return result.value.imageId;
}
