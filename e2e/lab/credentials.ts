/**
 * Ephemeral SIP credentials as Kamailio's auth_ephemeral checks them (username_format 1,
 * sha_algorithm 0): username "<expiry unix seconds>:<operatorId>", password
 * base64(HMAC-SHA1(secret, username)). This is the REFERENCE the institution's issuance must
 * match; the lab and its tests use it to mint credentials without an institution.
 */
import { createHmac } from 'node:crypto';

export interface SipCredentials {
  /** "<expiry>:<operatorId>" — the digest username. */
  username: string;
  password: string;
  /** Unix seconds after which Kamailio refuses the credentials. */
  expiresAt: number;
}

// The institution's OperatorId shape (institution/contract/api.ts); a ':' would make the
// username ambiguous for auth_ephemeral.
const OPERATOR_ID = /^[A-Za-z0-9._-]{1,32}$/;

export function mintSipCredentials(secret: string, operatorId: string, ttlSeconds: number, nowMs: number = Date.now()): SipCredentials {
  if (!OPERATOR_ID.test(operatorId)) throw new Error('operatorId must match [A-Za-z0-9._-]{1,32}');
  if (!Number.isInteger(ttlSeconds)) throw new Error('ttlSeconds must be an integer');
  const expiresAt = Math.floor(nowMs / 1000) + ttlSeconds;
  const username = `${expiresAt}:${operatorId}`;
  const password = createHmac('sha1', secret).update(username).digest('base64');
  return { username, password, expiresAt };
}
