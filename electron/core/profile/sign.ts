import { createPrivateKey, sign, type KeyObject } from 'node:crypto';
import { canonicalJson } from '../../../institution/contract/canonical-json.ts';
import type { SignedSiteProfile } from '../../../institution/contract/site-profile.ts';

/**
 * The signing half of verify.ts, for tests, fixtures and the demo provisioning script.
 * Production profiles are signed by the institution with its own tooling; this must
 * produce exactly the bytes that tooling signs (Ed25519 over canonicalJson(profile)).
 */
export function signSiteProfile(profile: unknown, keyId: string, privateKey: KeyObject | string): SignedSiteProfile {
  const key = typeof privateKey === 'string' ? createPrivateKey(privateKey) : privateKey;
  if (key.asymmetricKeyType !== 'ed25519') throw new TypeError('signSiteProfile: an Ed25519 private key is required');
  const signature = sign(null, Buffer.from(canonicalJson(profile), 'utf8'), key).toString('base64');
  return { profile, keyId, signature };
}
