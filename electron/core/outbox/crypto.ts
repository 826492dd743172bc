import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Envelope encryption for the outbox. Rows are sealed with a random 256-bit data key;
 * the data key is stored only WRAPPED by a KeyProvider (Electron's safeStorage in main,
 * i.e. the OS keystore), so copying the data directory to another machine or user
 * yields ciphertext only.
 */
export interface KeyProvider {
  wrap(key: Buffer): Promise<Buffer>;
  unwrap(blob: Buffer): Promise<Buffer>;
}

export const DATA_KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** First byte of every sealed blob, so a future format change can be told apart. */
const FORMAT_V1 = 1;

/** AES-256-GCM; `aad` binds the ciphertext to where it is stored (row kind + key), so rows cannot be swapped. */
export function seal(key: Buffer, plaintext: Buffer, aad: string): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([Buffer.from([FORMAT_V1]), iv, cipher.getAuthTag(), body]);
}

/** Throws on any tampering, wrong key or wrong aad (GCM authentication). */
export function unseal(key: Buffer, blob: Buffer, aad: string): Buffer {
  if (blob.length < 1 + IV_BYTES + TAG_BYTES || blob[0] !== FORMAT_V1) {
    throw new Error('sealed blob: unknown format');
  }
  const iv = blob.subarray(1, 1 + IV_BYTES);
  const tag = blob.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(blob.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]);
}

export function newDataKey(): Buffer {
  return randomBytes(DATA_KEY_BYTES);
}

const STATIC_WRAP_AAD = 'channeldesk/static-key-provider/v1';

/**
 * FOR TESTS AND THE DEMO/BROWSER TEST HOST ONLY. Wraps the data key with an AES key
 * derived from a constant secret, which gives no protection against someone who can
 * read that secret (it sits in an env variable or test source). Production main uses
 * Electron safeStorage, which binds the wrap to the OS user's keystore.
 */
export function createStaticKeyProvider(secret: string): KeyProvider {
  if (secret.length < 8) throw new TypeError('createStaticKeyProvider: secret must be at least 8 characters');
  const kek = createHash('sha256').update('channeldesk static kek\0').update(secret, 'utf8').digest();
  return {
    wrap: (key) => Promise.resolve(seal(kek, key, STATIC_WRAP_AAD)),
    unwrap: (blob) => Promise.resolve().then(() => unseal(kek, blob, STATIC_WRAP_AAD)),
  };
}
