import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { canonicalJson } from '../../../institution/contract/canonical-json.ts';
import { compareSemver } from '../../../institution/contract/semver.ts';
import type { UpdateCheckResponse, UpdateRefusalReason } from '../../../institution/contract/update-api.ts';
import { SignedUpdateManifest, UpdateManifest, type UpdateArtifact, type UpdatePlatform } from '../../../institution/contract/update-manifest.ts';

/**
 * The desk's decision about what the update server offered. The signature is checked
 * FIRST, against the update keys pinned in the app; nothing in the manifest (version,
 * dates, artifacts) is read before that. Then: the channel, the validity window, the
 * rollback floor (the highest version this data directory ever ran or installed) and an
 * artifact for this platform. Pure: no I/O, the clock and the floor are inputs.
 */
export type UpdateDecision =
  | { action: 'install'; manifest: UpdateManifest; artifact: UpdateArtifact }
  | { action: 'none'; reason: 'no-release' | 'same-version' | 'staged-out' | 'halted'; version?: string }
  | { action: 'refuse'; reason: UpdateRefusalReason; version?: string };

export interface UpdateTrust {
  /** keyId → Ed25519 public key (SPKI PEM), from resources/keys/update-keys.json. */
  keys: Record<string, string>;
}

export interface OfferContext {
  now: number;
  /** max(running version, highest version ever installed): nothing at or below it is installed. */
  floor: string;
  platform: UpdatePlatform;
  channel: string;
}

/** Same tolerance as the site profile: a manifest issued moments ago must still load. */
export const MANIFEST_CLOCK_SKEW_MS = 5 * 60 * 1000;
const ED25519_SIGNATURE_BYTES = 64;

function trustedKey(trust: UpdateTrust, keyId: string): KeyObject | null {
  if (!Object.hasOwn(trust.keys, keyId)) return null;
  try {
    const key = createPublicKey(trust.keys[keyId] ?? '');
    return key.asymmetricKeyType === 'ed25519' ? key : null;
  } catch {
    return null;
  }
}

function signatureValid(manifest: unknown, signature: string, key: KeyObject): boolean {
  const bytes = Buffer.from(signature, 'base64');
  // One spelling per signature: re-encoding must give back the same text.
  if (bytes.length !== ED25519_SIGNATURE_BYTES || bytes.toString('base64') !== signature) return false;
  try {
    return verify(null, Buffer.from(canonicalJson(manifest), 'utf8'), key, bytes);
  } catch {
    return false;
  }
}

/** Verifies a signed manifest and decides; never throws. */
export function decideSignedManifest(signed: unknown, trust: UpdateTrust, ctx: OfferContext): UpdateDecision {
  if (signed !== null && typeof signed === 'object' && !Array.isArray(signed)) {
    const signature = (signed as Record<string, unknown>)['signature'];
    if (signature === undefined || signature === null || signature === '') return { action: 'refuse', reason: 'unsigned' };
  }
  const envelope = SignedUpdateManifest.safeParse(signed);
  if (!envelope.success || envelope.data.manifest === undefined) return { action: 'refuse', reason: 'malformed' };
  const key = trustedKey(trust, envelope.data.keyId);
  if (key === null) return { action: 'refuse', reason: 'unknown-key' };
  if (!signatureValid(envelope.data.manifest, envelope.data.signature, key)) return { action: 'refuse', reason: 'bad-signature' };

  // Only now is the content trusted enough to be read.
  const content = UpdateManifest.safeParse(envelope.data.manifest);
  if (!content.success) return { action: 'refuse', reason: 'invalid-content' };
  const manifest = content.data;
  const version = manifest.version;
  if (manifest.channel !== ctx.channel) return { action: 'refuse', reason: 'wrong-channel', version };
  const issuedAt = Date.parse(manifest.issuedAt);
  const expiresAt = Date.parse(manifest.expiresAt);
  if (!(expiresAt > issuedAt)) return { action: 'refuse', reason: 'invalid-content', version };
  if (issuedAt > ctx.now + MANIFEST_CLOCK_SKEW_MS) return { action: 'refuse', reason: 'not-yet-valid', version };
  if (ctx.now >= expiresAt) return { action: 'refuse', reason: 'expired', version };
  const order = compareSemver(version, ctx.floor);
  if (order < 0) return { action: 'refuse', reason: 'downgrade', version };
  if (order === 0) return { action: 'none', reason: 'same-version', version };
  const artifact = manifest.artifacts.find((a) => a.platform === ctx.platform);
  if (artifact === undefined) return { action: 'refuse', reason: 'no-artifact', version };
  return { action: 'install', manifest, artifact };
}

/** The server's answer to a check: its rollout decision first, then the manifest it offers. */
export function decideOffer(offer: UpdateCheckResponse, trust: UpdateTrust, ctx: OfferContext): UpdateDecision {
  switch (offer.status) {
    case 'none':
      return { action: 'none', reason: 'no-release' };
    case 'staged-out':
      return { action: 'none', reason: 'staged-out', version: offer.version };
    case 'halted':
      return { action: 'none', reason: 'halted', version: offer.version };
    case 'offered':
      return decideSignedManifest(offer.signed, trust, ctx);
  }
}
