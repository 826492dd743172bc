import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** RFC 4648 base32 (the alphabet authenticator apps use for TOTP secrets). */
const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32Encode(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32_ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32_ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/** Decodes base32, ignoring case, spaces and `=` padding; throws on any other character. */
export function base32Decode(text: string): Buffer {
  const clean = text.replace(/[\s=]/g, '').toUpperCase();
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const char of clean) {
    const index = BASE32_ALPHABET.indexOf(char);
    if (index < 0) throw new RangeError('invalid base32 character');
    value = ((value << 5) | index) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

export type TotpAlgorithm = 'sha1' | 'sha256' | 'sha512';

export interface TotpOptions {
  /** Step length in seconds (RFC 6238 X). */
  stepSeconds: number;
  digits: number;
  algorithm: TotpAlgorithm;
}

export const DEFAULT_TOTP: TotpOptions = { stepSeconds: 30, digits: 6, algorithm: 'sha1' };

/** RFC 4226 HOTP with dynamic truncation. */
export function hotp(key: Uint8Array, counter: bigint, digits: number, algorithm: TotpAlgorithm): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(counter);
  const mac = createHmac(algorithm, key).update(message).digest();
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

export function totpStep(timeMs: number, stepSeconds = DEFAULT_TOTP.stepSeconds): number {
  return Math.floor(timeMs / 1000 / stepSeconds);
}

/** The TOTP code for `timeMs` (RFC 6238, T0 = 0). */
export function totpCode(key: Uint8Array, timeMs: number, options: TotpOptions = DEFAULT_TOTP): string {
  return hotp(key, BigInt(totpStep(timeMs, options.stepSeconds)), options.digits, options.algorithm);
}

export function totpCodeForSecret(secretBase32: string, timeMs: number): string {
  return totpCode(base32Decode(secretBase32), timeMs);
}

function sameCode(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Checks `code` within ±`window` steps of `timeMs`. Returns the matching step, or null.
 * Steps at or before `lastUsedStep` are refused so an observed code cannot be replayed.
 */
export function verifyTotp(
  secretBase32: string,
  code: string,
  timeMs: number,
  lastUsedStep: number | null,
  window = 1,
): number | null {
  const key = base32Decode(secretBase32);
  const current = totpStep(timeMs);
  let matched: number | null = null;
  // Check every step (no early exit) so timing does not reveal which step matched.
  for (let step = current - window; step <= current + window; step += 1) {
    const expected = hotp(key, BigInt(step), DEFAULT_TOTP.digits, DEFAULT_TOTP.algorithm);
    if (sameCode(expected, code) && (lastUsedStep === null || step > lastUsedStep) && matched === null) {
      matched = step;
    }
  }
  return matched;
}

/** A fresh 160-bit secret (RFC 4226 recommends ≥ 128 bits), base32. */
export function generateTotpSecret(): string {
  return base32Encode(randomBytes(20));
}

export function otpauthUri(secretBase32: string, account: string, issuer: string): string {
  const label = encodeURIComponent(`${issuer}:${account}`);
  return `otpauth://totp/${label}?secret=${secretBase32}&issuer=${encodeURIComponent(issuer)}&algorithm=SHA1&digits=6&period=30`;
}
