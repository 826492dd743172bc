import { createHash, sign } from 'node:crypto';
import { canonicalJson } from '../../contract/canonical-json.ts';
import { SiteProfile } from '../../contract/site-profile.ts';
import type { SignedSiteProfile } from '../../contract/site-profile.ts';
import { isoTime } from '../clock.ts';
import type { Clock } from '../clock.ts';
import type { SettingsStore } from '../settings/settings-store.ts';
import type { ProfileSigningKey } from './profile-keys.ts';

export interface SiteProfileConfig {
  baseUrls: string[];
  sipWss: { url: string; weight: number }[];
  turn?: { urls: string[] }[];
  /** STUN servers the desks' WebRTC may use; none by default. */
  stun?: { urls: string[] }[];
  /** SPKI pins of the SBCs' WSS certificates (desktops accept an SBC's TLS only with one of these). */
  sipPins?: string[];
  pins: string[];
  /** The ticket key's id and public key (SPKI, base64url) desks seal sensitive ticket fields to. */
  ticketKey?: { keyId: string; publicKey: string };
}

const VALIDITY_MS = 30 * 86_400_000;

/** Ed25519 over canonicalJson(profile), base64. */
export function signProfile(profile: SiteProfile, key: ProfileSigningKey): SignedSiteProfile {
  const signature = sign(null, Buffer.from(canonicalJson(profile), 'utf8'), key.privateKey).toString('base64');
  return { profile, keyId: key.keyId, signature };
}

/**
 * Builds the signed site profile from config plus the stored policy. The serial is bumped
 * whenever the content (everything but serial and dates) differs from the last profile.
 */
export function createSiteProfileService(deps: { settings: SettingsStore; config: SiteProfileConfig; key: ProfileSigningKey; now: Clock }) {
  const { settings, config, key, now } = deps;
  return {
    async current(): Promise<SignedSiteProfile> {
      const { identity, policy } = await settings.read();
      const content = {
        format: 1 as const,
        institutionId: identity.id,
        institutionName: identity.name,
        api: { baseUrls: config.baseUrls },
        sip: { wss: config.sipWss, ...(config.sipPins === undefined || config.sipPins.length === 0 ? {} : { pins: config.sipPins }) },
        turn: config.turn ?? [],
        ...(config.stun === undefined || config.stun.length === 0 ? {} : { stun: config.stun }),
        pins: config.pins,
        ...(config.ticketKey === undefined ? {} : { tickets: config.ticketKey }),
        policy,
      };
      // The signing key counts as config: a rotation also yields a newer serial.
      const fingerprint = createHash('sha256').update(canonicalJson({ content, keyId: key.keyId })).digest('hex');
      const serial = await settings.serialFor(fingerprint);
      const t = now();
      // Parse so a bad config (e.g. a non-https base URL) fails loudly here, not on a desktop.
      const profile = SiteProfile.parse({ ...content, serial, issuedAt: isoTime(t), expiresAt: isoTime(t + VALIDITY_MS) });
      return signProfile(profile, key);
    },
  };
}

export type SiteProfileService = ReturnType<typeof createSiteProfileService>;
