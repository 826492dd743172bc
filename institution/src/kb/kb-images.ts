import { createHash, randomBytes } from 'node:crypto';
import type { Kysely, Migration } from 'kysely';
import { sniffImageType } from '../../contract/kb-image-bytes.ts';
import { KB_IMAGE_MAX_BYTES, type KbImageType, type KbImageUploadResponse } from '../../contract/kb-api.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/schema.ts';

/**
 * Article images: bytes in SQLite, one row per (space, content). The type is what the
 * bytes are, read from their magic numbers — never what the uploader says or the file is
 * called — and only PNG, JPEG and WebP exist here (no SVG: it can carry script and links).
 */

export interface KbImagesTable {
  /** 16 random bytes, base64url (KbImageId): not guessable, so ids do not enumerate. */
  id: string;
  space_id: string;
  mime: string;
  size: number;
  /** hex SHA-256 of the bytes: the same image uploaded again into the space is the same row. */
  sha256: string;
  data: Uint8Array;
  uploaded_by: string;
  created_at: number;
}

export const kbImagesMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('kb_images')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('space_id', 'text', (c) => c.notNull().references('kb_spaces.id'))
      .addColumn('mime', 'text', (c) => c.notNull())
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('data', 'blob', (c) => c.notNull())
      .addColumn('uploaded_by', 'text', (c) => c.notNull().references('operators.id'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('kb_images_space_content', ['space_id', 'sha256'])
      .execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('kb_images').execute();
  },
};

export type KbImageUpload = { ok: true; created: boolean; image: KbImageUploadResponse } | { ok: false; reason: 'empty' | 'too-large' | 'not-an-image' | 'type-mismatch' };

export interface StoredKbImage {
  spaceId: string;
  mime: KbImageType;
  data: Buffer;
}

export function createKbImageStore(deps: { db: Kysely<Database>; now: Clock; randomId?: () => string }) {
  const { db } = deps;
  const randomId = deps.randomId ?? (() => randomBytes(16).toString('base64url'));
  return {
    /**
     * Stores `bytes` in `spaceId` (which the caller checked exists). `declared` is the request's
     * content type: it must agree with what the bytes are, so a mislabelled file is refused
     * rather than quietly served under another type.
     */
    async upload(authorId: string, spaceId: string, bytes: Uint8Array, declared: string): Promise<KbImageUpload> {
      if (bytes.length === 0) return { ok: false, reason: 'empty' };
      if (bytes.length > KB_IMAGE_MAX_BYTES) return { ok: false, reason: 'too-large' };
      const mime = sniffImageType(bytes);
      if (mime === null) return { ok: false, reason: 'not-an-image' };
      if (mime !== declared) return { ok: false, reason: 'type-mismatch' };
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const image = (id: string): KbImageUploadResponse => ({ imageId: id, spaceId, type: mime, bytes: bytes.length });
      const existing = await db.selectFrom('kb_images').select('id').where('space_id', '=', spaceId).where('sha256', '=', sha256).executeTakeFirst();
      if (existing !== undefined) return { ok: true, created: false, image: image(existing.id) };
      const id = randomId();
      await db
        .insertInto('kb_images')
        .values({ id, space_id: spaceId, mime, size: bytes.length, sha256, data: Buffer.from(bytes), uploaded_by: authorId, created_at: deps.now() })
        .execute();
      return { ok: true, created: true, image: image(id) };
    },

    /** The image and the space it belongs to (the caller decides whether its reader may see it). */
    async get(imageId: string): Promise<StoredKbImage | undefined> {
      const row = await db.selectFrom('kb_images').select(['space_id', 'mime', 'data']).where('id', '=', imageId).executeTakeFirst();
      if (row === undefined) return undefined;
      // Re-checked on the way out: what leaves is what the bytes are, whatever the row says.
      const data = Buffer.from(row.data);
      const mime = sniffImageType(data);
      if (mime === null || mime !== row.mime) return undefined;
      return { spaceId: row.space_id, mime, data };
    },
  };
}

export type KbImageStore = ReturnType<typeof createKbImageStore>;
