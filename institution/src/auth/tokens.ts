import { createHash, randomBytes } from 'node:crypto';

/** 32 random bytes, base64url: the opaque access/refresh token handed to the client. */
export function newOpaqueToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Tokens are stored and looked up only by this hash, so a database leak yields no usable token. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
