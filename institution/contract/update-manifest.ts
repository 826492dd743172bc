import { z } from 'zod';
import { isSemver } from './semver.ts';

/**
 * The release manifest of a desktop update, signed by the institution's IT with its update
 * key (Ed25519 over canonicalJson(manifest), a detached signature in the envelope). The
 * desktop reads nothing in it before that signature checks out against the key pinned in
 * the app (electron/core/updates/verify-manifest.ts); the update server only stores and
 * serves it, so a compromised server can withhold releases but never forge one.
 */
export const SemVer = z.string().max(64).refine(isSemver, 'a semantic version (1.2.3 or 1.2.3-rc.1)');

export const UpdatePlatform = z.enum(['win32-x64', 'win32-arm64', 'darwin-x64', 'darwin-arm64', 'linux-x64', 'linux-arm64']);
export type UpdatePlatform = z.infer<typeof UpdatePlatform>;

export const UpdateChannelName = z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/);
export const Sha512Hex = z.string().regex(/^[0-9a-f]{128}$/, 'sha512, lowercase hex');

/** Artifacts are served by the update server itself: a path, never another host. */
export const ARTIFACT_PATH_PREFIX = '/api/v1/updates/artifacts/';
export const ArtifactPath = z
  .string()
  .max(300)
  .regex(/^\/api\/v1\/updates\/artifacts\/[0-9a-f]{128}$/, 'the update server artifact path (by sha512)');

export const UpdateArtifact = z
  .object({
    platform: UpdatePlatform,
    /** The installer's file name (NSIS .exe, .AppImage/.deb, .dmg/.zip). */
    fileName: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/),
    url: ArtifactPath,
    size: z.number().int().min(1).max(2 * 1024 ** 3),
    sha512: Sha512Hex,
  })
  .strict();
export type UpdateArtifact = z.infer<typeof UpdateArtifact>;

export const UpdateManifest = z
  .object({
    format: z.literal(1),
    product: z.literal('channeldesk'),
    version: SemVer,
    /** The release channel (stable, pilot, …); a desk accepts only its own. */
    channel: UpdateChannelName,
    issuedAt: z.iso.datetime(),
    /** A manifest is a time-limited offer: a stale one replayed later is refused. */
    expiresAt: z.iso.datetime(),
    /**
     * The oldest version the institution still supports. Informational for the desk (the
     * rollback floor is the desk's own: the highest version it ever ran or installed).
     */
    minimumSupportedVersion: SemVer.optional(),
    artifacts: z.array(UpdateArtifact).min(1).max(8),
    /** sha256 of the build's signed provenance manifest (verify-build), when the release has one. */
    provenanceSha256: z.string().regex(/^[0-9a-f]{64}$/, 'sha256, lowercase hex').optional(),
  })
  .strict()
  .refine((m) => new Set(m.artifacts.map((a) => a.platform)).size === m.artifacts.length, 'one artifact per platform');
export type UpdateManifest = z.infer<typeof UpdateManifest>;

export const SignedUpdateManifest = z
  .object({
    /** Read only after the signature verifies. */
    manifest: z.unknown(),
    /** Which pinned update key signed (keys rotate). */
    keyId: z.string().min(1).max(64),
    /** Ed25519 over canonicalJson(manifest), base64. */
    signature: z.string().max(200).regex(/^[A-Za-z0-9+/]+={0,2}$/),
  })
  .strict();
export type SignedUpdateManifest = z.infer<typeof SignedUpdateManifest>;
