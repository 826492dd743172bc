import { z } from 'zod';
import { KB_IMAGE_MAX_BYTES, KbImageId, KbImageType, KbSpaceId } from '../../institution/contract/kb-api.ts';

/**
 * `kb.image`: an article image (`![alt](kb-image:<imageId>)`) as bytes, fetched by core from
 * the institution with the operator's token — the page never loads an image by URL. The
 * bytes cross as base64 (the browser test host's bridge is JSON; Electron's could carry a
 * Uint8Array, but one format keeps the two bridges identical). The renderer shows them as a
 * `data:` URL of the checked type (img-src already allows `data:`; the CSP is unchanged).
 */
export const KbImageArgs = z.object({ imageId: KbImageId }).strict();
export type KbImageArgs = z.infer<typeof KbImageArgs>;

/** Base64 of at most KB_IMAGE_MAX_BYTES bytes. */
const KB_IMAGE_MAX_BASE64 = Math.ceil(KB_IMAGE_MAX_BYTES / 3) * 4;

export const KbImageData = z
  .object({
    /** What the bytes are (core checked their magic numbers against the institution's content type). */
    mime: KbImageType,
    base64: z.string().min(4).max(KB_IMAGE_MAX_BASE64).regex(/^[A-Za-z0-9+/]+={0,2}$/),
  })
  .strict();
export type KbImageData = z.infer<typeof KbImageData>;

/**
 * `kb.upload-image` (kb.edit): an author's image into a space, as base64 of at most
 * KB_IMAGE_MAX_BYTES bytes. Core decodes it, checks the magic numbers against `mime` before
 * anything is sent, and posts the raw bytes; the answer is the id the Markdown names
 * (`![alt](kb-image:<imageId>)`).
 */
export const KbUploadImageArgs = z
  .object({
    spaceId: KbSpaceId,
    mime: KbImageType,
    base64: z.string().min(4).max(KB_IMAGE_MAX_BASE64).regex(/^[A-Za-z0-9+/]+={0,2}$/),
  })
  .strict();
export type KbUploadImageArgs = z.infer<typeof KbUploadImageArgs>;

export const KbUploadImageResult = z.object({ imageId: KbImageId }).strict();
export type KbUploadImageResult = z.infer<typeof KbUploadImageResult>;
