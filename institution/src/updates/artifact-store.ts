import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, type ReadStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';

/**
 * Update artifacts on disk, named by their sha512. An upload is streamed to a temporary
 * file while it is hashed; only a complete body whose hash is the one IT named is renamed
 * into place, so a half-written or substituted installer is never served.
 */
export class ArtifactRefused extends Error {
  readonly code: 'hash-mismatch' | 'too-large' | 'empty';
  constructor(code: 'hash-mismatch' | 'too-large' | 'empty') {
    super(`artifact refused: ${code}`);
    this.name = 'ArtifactRefused';
    this.code = code;
  }
}

export interface ByteRange {
  start: number;
  /** Inclusive. */
  end: number;
}

export function createArtifactStore(dataDir: string, maxBytes: number) {
  const dir = join(dataDir, 'updates', 'artifacts');
  const fileOf = (sha512: string) => join(dir, sha512);
  return {
    maxBytes,
    /** Streams `body` to disk; resolves with its size once its sha512 is `sha512`. */
    async save(sha512: string, body: Readable): Promise<number> {
      await mkdir(dir, { recursive: true });
      const temp = join(dir, `.upload-${randomBytes(8).toString('hex')}`);
      const hash = createHash('sha512');
      let size = 0;
      const meter = new Transform({
        transform(chunk: Buffer, _enc, done) {
          size += chunk.length;
          if (size > maxBytes) return done(new ArtifactRefused('too-large'));
          hash.update(chunk);
          done(null, chunk);
        },
      });
      try {
        await pipeline(body, meter, createWriteStream(temp, { flags: 'wx' }));
        if (size === 0) throw new ArtifactRefused('empty');
        if (hash.digest('hex') !== sha512) throw new ArtifactRefused('hash-mismatch');
        await rename(temp, fileOf(sha512));
        return size;
      } finally {
        await rm(temp, { force: true });
      }
    },
    async size(sha512: string): Promise<number | null> {
      try {
        return (await stat(fileOf(sha512))).size;
      } catch {
        return null;
      }
    },
    open(sha512: string, range?: ByteRange): ReadStream {
      return createReadStream(fileOf(sha512), range === undefined ? {} : { start: range.start, end: range.end });
    },
  };
}
export type ArtifactStore = ReturnType<typeof createArtifactStore>;

/**
 * One `bytes=` range of a file of `size` bytes (RFC 9110 §14.1.2): `a-b`, `a-`, `-n`.
 * Several ranges are answered with the whole file (null); an unsatisfiable one is 'invalid'.
 */
export function parseRange(header: string | undefined, size: number): ByteRange | null | 'invalid' {
  if (header === undefined) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (m === null) return header.includes(',') ? null : 'invalid';
  const [, a = '', b = ''] = m;
  if (a === '' && b === '') return 'invalid';
  if (a === '') {
    const n = Number(b);
    if (n === 0) return 'invalid';
    return { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(a);
  const end = b === '' ? size - 1 : Math.min(Number(b), size - 1);
  if (start >= size || end < start) return 'invalid';
  return { start, end };
}
