import { createHmac } from 'node:crypto';
import { z } from 'zod';
import type { SipCredentialsResponse } from '../../contract/api.ts';

/**
 * Ephemeral SIP credentials as Kamailio's auth_ephemeral checks them (username_format 1,
 * sha_algorithm 0): the SBC recomputes the password from the username with the secret it
 * shares with the institution, so nothing per operator is provisioned on the SBC and a
 * leaked password dies with its expiry. e2e/lab/credentials.ts is the reference this must
 * match (sip-credentials.test.ts compares the two).
 */
export interface SipConfig {
  /** Shared with the SBCs; the same alphabet and length the lab's Kamailio config accepts. */
  secret: string;
  /** The SIP domain of every operator's address of record. */
  domain: string;
  /** Lifetime of issued credentials. */
  ttlSeconds: number;
}

export const DEFAULT_SIP_TTL_SECONDS = 600;

export const SipConfigSchema = z
  .object({
    secret: z.string().regex(/^[A-Za-z0-9+/=_.~-]{16,256}$/, '16-256 characters of base64/base64url/hex'),
    domain: z.string().regex(/^(?=.{1,253}$)[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$/, 'a DNS name'),
    // Long enough to register and renew (the desk renews well before expiry); short, so a
    // leaked password is worth little. One day at most.
    ttlSeconds: z.number().int().min(60).max(86_400),
  })
  .strict();

export function mintSipCredentials(config: SipConfig, operatorId: string, nowMs: number): SipCredentialsResponse {
  const expiry = Math.floor(nowMs / 1000) + config.ttlSeconds;
  const username = `${expiry}:${operatorId}`;
  const password = createHmac('sha1', config.secret).update(username).digest('base64');
  return { username, password, expiresAt: expiry * 1000, uri: `sip:${operatorId}@${config.domain}` };
}
