import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from '../../../institution/contract/canonical-json.ts';
import { SignedSiteProfile, SiteProfile } from '../../../institution/contract/site-profile.ts';

/**
 * Site-profile verification. The profile decides which hosts the workstation may reach
 * and which TLS keys it trusts, so nothing in it is read before the institution's
 * Ed25519 signature over its canonical JSON checks out.
 */
export type ProfileErrorCode =
  | 'malformed'
  | 'unknown-key'
  | 'bad-signature'
  | 'expired'
  | 'not-yet-valid'
  | 'rollback'
  | 'invalid-content';

export class ProfileError extends Error {
  readonly code: ProfileErrorCode;
  constructor(code: ProfileErrorCode, message: string) {
    super(message);
    this.name = 'ProfileError';
    this.code = code;
  }
}

export interface ProfileTrust {
  /** keyId → Ed25519 public key (SPKI PEM). Several entries allow key rotation. */
  keys: Record<string, string>;
}

export interface VerifyOptions {
  /** Current time, ms since epoch (injected so tests and callers control the clock). */
  now: number;
  /** Serial of the newest profile this workstation has accepted; older ones are a rollback. */
  minSerial?: number;
}

/** Workstation clocks drift; a profile issued moments ago on the institution side must still load. */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;
const ED25519_SIGNATURE_BYTES = 64;
const MAX_PROFILE_TEXT = 256 * 1024;

function parseInput(signed: unknown): unknown {
  if (typeof signed !== 'string' && !Buffer.isBuffer(signed)) return signed;
  const text = typeof signed === 'string' ? signed : signed.toString('utf8');
  if (text.length > MAX_PROFILE_TEXT) throw new ProfileError('malformed', 'site profile is too large');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ProfileError('malformed', 'site profile is not valid JSON');
  }
}

function trustedKey(trust: ProfileTrust, keyId: string): KeyObject {
  if (!Object.hasOwn(trust.keys, keyId)) {
    throw new ProfileError('unknown-key', `site profile is signed by key "${keyId}", which this workstation does not trust`);
  }
  const pem = trust.keys[keyId];
  let key: KeyObject;
  try {
    key = createPublicKey(pem ?? '');
  } catch {
    throw new ProfileError('unknown-key', `trusted key "${keyId}" is not a usable public key`);
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new ProfileError('unknown-key', `trusted key "${keyId}" is not an Ed25519 key`);
  }
  return key;
}

function decodeSignature(signature: string): Buffer {
  const bytes = Buffer.from(signature, 'base64');
  // Re-encoding must give back the same text: otherwise spare bits or padding could be
  // altered and the same signature would verify under several spellings.
  if (bytes.length !== ED25519_SIGNATURE_BYTES || bytes.toString('base64') !== signature) {
    throw new ProfileError('bad-signature', 'site profile signature is not a well-formed Ed25519 signature');
  }
  return bytes;
}

function signedBytes(profile: unknown): Buffer {
  try {
    return Buffer.from(canonicalJson(profile), 'utf8');
  } catch {
    throw new ProfileError('malformed', 'site profile contains values that cannot be canonicalized');
  }
}

function parseTime(value: string): number {
  return Date.parse(value);
}

/**
 * Verifies a signed site profile (object, JSON text or bytes) and returns the profile.
 * Throws ProfileError, never anything else; messages carry no profile content beyond the keyId.
 */
export function verifySiteProfile(signed: unknown, trust: ProfileTrust, options: VerifyOptions): SiteProfile {
  const raw = parseInput(signed);
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
    const signature = (raw as Record<string, unknown>)['signature'];
    if (signature === undefined || signature === null || signature === '') {
      throw new ProfileError('bad-signature', 'site profile is not signed');
    }
  }
  const envelope = SignedSiteProfile.safeParse(raw);
  if (!envelope.success) {
    throw new ProfileError('malformed', `signed site profile envelope is malformed: ${z.prettifyError(envelope.error)}`);
  }
  const { profile, keyId, signature } = envelope.data;
  if (profile === undefined) throw new ProfileError('malformed', 'signed site profile has no profile');

  const key = trustedKey(trust, keyId);
  const sig = decodeSignature(signature);
  let valid: boolean;
  try {
    valid = verify(null, signedBytes(profile), key, sig);
  } catch (error) {
    if (error instanceof ProfileError) throw error;
    valid = false;
  }
  if (!valid) throw new ProfileError('bad-signature', 'site profile signature does not verify');

  // Only now is the content trusted enough to be read.
  const content = SiteProfile.safeParse(profile);
  if (!content.success) {
    throw new ProfileError('invalid-content', `site profile content is invalid: ${z.prettifyError(content.error)}`);
  }
  const result = content.data;
  const issuedAt = parseTime(result.issuedAt);
  const expiresAt = parseTime(result.expiresAt);
  if (!(expiresAt > issuedAt)) throw new ProfileError('invalid-content', 'site profile expires before it is issued');
  if (issuedAt > options.now + CLOCK_SKEW_MS) {
    throw new ProfileError('not-yet-valid', `site profile is issued in the future (${result.issuedAt})`);
  }
  if (options.now >= expiresAt) throw new ProfileError('expired', `site profile expired at ${result.expiresAt}`);
  if (options.minSerial !== undefined && result.serial < options.minSerial) {
    throw new ProfileError('rollback', `site profile serial ${result.serial} is older than the accepted serial ${options.minSerial}`);
  }
  return result;
}
