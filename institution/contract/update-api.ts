import { z } from 'zod';
import { WorkstationId } from './ids.ts';
import { canonicalJson } from './canonical-json.ts';
import { isSemver } from './semver.ts';
import { SemVer, SignedUpdateManifest, UpdateChannelName, UpdatePlatform } from './update-manifest.ts';

/** The update server's wire contract (institution/openapi.yaml, "updates"). */

export const UpdateGroupName = z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/);

/** Who gets a release: a deterministic share of workstations (by id hash) and/or named groups. */
export const Rollout = z
  .object({
    percent: z.number().int().min(0).max(100),
    groups: z.array(UpdateGroupName).max(32),
  })
  .strict();
export type Rollout = z.infer<typeof Rollout>;

export const PublishReleaseRequest = z.object({ signed: SignedUpdateManifest, rollout: Rollout }).strict();
export type PublishReleaseRequest = z.infer<typeof PublishReleaseRequest>;

/** Change the rollout, halt or resume it; absent fields stay as they are. */
export const UpdateRolloutRequest = z
  .object({ percent: Rollout.shape.percent.optional(), groups: Rollout.shape.groups.optional(), halted: z.boolean().optional() })
  .strict()
  .refine((r) => Object.keys(r).length > 0, 'nothing to change');
export type UpdateRolloutRequest = z.infer<typeof UpdateRolloutRequest>;

export const SetGroupRequest = z.object({ workstationIds: z.array(WorkstationId).max(10_000) }).strict();

export const ReleaseSummary = z
  .object({
    version: SemVer,
    channel: UpdateChannelName,
    rollout: Rollout,
    halted: z.boolean(),
    publishedAt: z.iso.datetime(),
    publishedBy: z.string(),
    results: z.object({ installed: z.number().int(), refused: z.number().int(), failed: z.number().int() }).strict(),
  })
  .strict();
export type ReleaseSummary = z.infer<typeof ReleaseSummary>;
export const ReleaseList = z.object({ releases: z.array(ReleaseSummary) }).strict();

export const UpdateCheckQuery = z
  .object({ workstationId: WorkstationId, version: SemVer, platform: UpdatePlatform, channel: UpdateChannelName })
  .strict();
export type UpdateCheckQuery = z.infer<typeof UpdateCheckQuery>;

/** The per-workstation rollout decision for the newest release of the channel. */
export const UpdateCheckResponse = z.discriminatedUnion('status', [
  z.object({ status: z.literal('none') }).strict(),
  z.object({ status: z.literal('offered'), signed: SignedUpdateManifest }).strict(),
  z.object({ status: z.literal('staged-out'), version: SemVer }).strict(),
  z.object({ status: z.literal('halted'), version: SemVer }).strict(),
]);
export type UpdateCheckResponse = z.infer<typeof UpdateCheckResponse>;

/** Why a desk refused an offered update (the same codes go into its audit chain). */
export const UpdateRefusalReason = z.enum([
  'unsigned',
  'malformed',
  'unknown-key',
  'bad-signature',
  'invalid-content',
  'wrong-channel',
  'expired',
  'not-yet-valid',
  'downgrade',
  'no-artifact',
  'size-mismatch',
  'hash-mismatch',
]);
export type UpdateRefusalReason = z.infer<typeof UpdateRefusalReason>;

/** A refusal's reason, or why an accepted update did not complete. */
export const UpdateResultReason = z.enum([...UpdateRefusalReason.options, 'install-failed', 'download-failed']);
export type UpdateResultReason = z.infer<typeof UpdateResultReason>;

export const UpdateResultRequest = z
  .object({
    workstationId: WorkstationId,
    /** The offered version; `unknown` when the manifest could not be read (unsigned, mis-signed). */
    version: z
      .string()
      .max(64)
      .refine((v) => v === 'unknown' || isSemver(v), 'a semantic version or unknown'),
    outcome: z.enum(['scheduled', 'installed', 'refused', 'failed']),
    reason: UpdateResultReason.optional(),
    /** When the desk signed it (the server accepts 5 minutes either way). */
    at: z.iso.datetime(),
    /** Ed25519 by the workstation's enrolled key over updateResultSignedText(everything else), base64. */
    signature: z.string().max(200).regex(/^[A-Za-z0-9+/]+={0,2}$/),
  })
  .strict();
export type UpdateResultRequest = z.infer<typeof UpdateResultRequest>;
export type UnsignedUpdateResult = Omit<UpdateResultRequest, 'signature'>;

/**
 * The text a workstation signs for a result: a purpose tag (so no other signature of that
 * key can stand in for it) and the canonical JSON of the result without its signature.
 */
export function updateResultSignedText(result: UnsignedUpdateResult): string {
  return `channeldesk.update-result.v1\n${canonicalJson(result)}`;
}

export const ArtifactReceipt = z.object({ sha512: z.string().regex(/^[0-9a-f]{128}$/), size: z.number().int().min(1) }).strict();
export type ArtifactReceipt = z.infer<typeof ArtifactReceipt>;
