import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/** scrypt cost parameters; stored with every hash so they can be raised without a reset. */
export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/** OWASP's scrypt row N=2^15, r=8, p=3 (≈ 32 MiB per hash). */
export const DEFAULT_SCRYPT_PARAMS: ScryptParams = { N: 2 ** 15, r: 8, p: 3 };

const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
// Bounds for params read back from storage, so a tampered row cannot ask for gigabytes.
const MAX_N = 2 ** 20;
const MAX_R = 32;
const MAX_P = 16;

function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const maxmem = 128 * params.N * params.r * 2 + 128 * params.r * params.p + 1024 * 1024;
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, { ...params, maxmem }, (error, key) => {
      if (error) reject(error);
      else resolve(key);
    });
  });
}

function checkParams(params: ScryptParams): void {
  const { N, r, p } = params;
  const powerOfTwo = Number.isInteger(N) && N > 1 && (N & (N - 1)) === 0;
  if (!powerOfTwo || N > MAX_N || !Number.isInteger(r) || r < 1 || r > MAX_R || !Number.isInteger(p) || p < 1 || p > MAX_P) {
    throw new RangeError('scrypt parameters out of range');
  }
}

/** Hashes with a fresh 16-byte salt; the result is `scrypt$N$r$p$salt$key` (base64). */
export async function hashPassword(password: string, params: ScryptParams = DEFAULT_SCRYPT_PARAMS): Promise<string> {
  checkParams(params);
  const salt = randomBytes(SALT_LENGTH);
  const key = await derive(password, salt, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64'), key.toString('base64')].join('$');
}

interface ParsedHash {
  params: ScryptParams;
  salt: Buffer;
  key: Buffer;
}

function parseHash(stored: string): ParsedHash | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [, n, r, p, salt, key] = parts as [string, string, string, string, string, string];
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  try {
    checkParams(params);
  } catch {
    return null;
  }
  const keyBytes = Buffer.from(key, 'base64');
  if (keyBytes.length !== KEY_LENGTH) return null;
  return { params, salt: Buffer.from(salt, 'base64'), key: keyBytes };
}

/** Constant-time check of `password` against a stored hash; a malformed hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (parsed === null) return false;
  const key = await derive(password, parsed.salt, parsed.params);
  return timingSafeEqual(key, parsed.key);
}

/**
 * Spends the same work as a real check. Used for unknown operator ids so response time
 * does not reveal which ids exist.
 */
export async function burnPasswordCheck(params: ScryptParams = DEFAULT_SCRYPT_PARAMS): Promise<void> {
  await derive('unused', randomBytes(SALT_LENGTH), params);
}
