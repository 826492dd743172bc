import { z } from 'zod';
import { isCleanName, NAME_MESSAGE, NameText } from './clean-text.ts';
import { ChallengeNonce, OperatorId, WorkstationId } from './ids.ts';
import { KbArticleId, KbSpaceId, KbVersionNumber } from './kb-api.ts';
import { TicketChangedEvent } from './ticket-api.ts';
import { Policy } from './site-profile.ts';

export { ChallengeNonce, Ed25519Signature, OperatorId, WorkstationId } from './ids.ts';
// Audit delivery, anchoring and the auditors' views: their own module, part of this contract.
export * from './audit-api.ts';
// The softphone's endpoints (SIP credentials, agent states, code lists).
export * from './phone-api.ts';
export * from './caller-api.ts';
// The knowledge base (spaces, articles, versions, search, mandatory reads).
export * from './kb-api.ts';
export * from './update-manifest.ts';
export * from './update-api.ts';
// Tickets (types and versions, tickets, comments, transitions, reveal, complaint clock).
export * from './ticket-api.ts';

/**
 * Request and response bodies of the Institution API (`/api/v1`). openapi.yaml is the
 * published contract; `institution/contract/openapi.test.ts` checks these schemas
 * against it so the two cannot drift.
 */
export const API_PREFIX = '/api/v1';

export const ApiErrorCode = z.enum([
  'bad_request',
  'invalid_credentials',
  'totp_required',
  'totp_invalid',
  'account_locked',
  'account_disabled',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'payload_too_large',
  'unsupported_media_type',
  'rate_limited',
  'internal',
  /** Login or re-authentication from a workstation the institution has not enrolled (403). */
  'workstation_not_enrolled',
  /** Login, refresh or re-authentication without the workstation's signed proof (401). */
  'workstation_proof_required',
  /** The proof does not verify, its challenge is unknown, used or expired, or it names another workstation (401). */
  'workstation_proof_invalid',
  /** The workstation runs a site profile older than the institution's minimum serial (403). */
  'profile_outdated',
  /** An agent-state report of `ready` while the operator has unacknowledged mandatory knowledge-base reads (409). */
  'kb_mandatory_pending',
  /** A ticket change lost a race: the ticket was changed by someone else after this request read it (409). */
  'ticket_changed',
]);
export type ApiErrorCode = z.infer<typeof ApiErrorCode>;

export const ApiError = z
  .object({
    error: z
      .object({
        code: ApiErrorCode,
        message: z.string(),
        /** Present on account_locked and rate_limited: when a new attempt is allowed. */
        retryAfterSeconds: z.number().int().min(0).optional(),
      })
      .strict(),
  })
  .strict();
export type ApiError = z.infer<typeof ApiError>;

export const Role = z.enum(['agent', 'supervisor', 'admin', 'qa']);
export type Role = z.infer<typeof Role>;
export const Permission = z.enum([
  'calls.handle',
  'kb.read',
  'kb.edit',
  'tickets.create',
  'tickets.process',
  'supervision.monitor',
  'reports.read',
  'operators.manage',
  'audit.read',
  'policy.manage',
  /** IT: upload update artifacts, publish signed releases, steer and halt their rollout. */
  'updates.publish',
  /** Define ticket types and their versions. */
  'tickets.admin',
  /** Reveal a sensitive ticket field (with a reason; every reveal and refusal is audited). */
  'tickets.reveal',
]);
export type Permission = z.infer<typeof Permission>;

export const Operator = z
  .object({
    id: OperatorId,
    displayName: z.string().min(1).max(80),
    roles: z.array(Role).min(1),
    permissions: z.array(Permission),
    team: z.string().max(64).nullable(),
    /**
     * The team's name as the institution shows it to people (`team` is its id). Null when the
     * operator has no team or the team has no name; absent from institutions older than this field.
     */
    teamName: z.string().min(1).max(80).nullable().optional(),
    totpEnabled: z.boolean(),
    disabled: z.boolean(),
  })
  .strict();
export type Operator = z.infer<typeof Operator>;

export const LoginRequest = z
  .object({
    operatorId: OperatorId,
    password: z.string().min(1).max(256),
    totp: z.string().regex(/^\d{6}$/).optional(),
    workstationId: WorkstationId,
    /** Serial of the signed site profile the workstation runs (refused below the institution's minimum). */
    profileSerial: z.number().int().min(1),
  })
  .strict();
export type LoginRequest = z.infer<typeof LoginRequest>;

/**
 * `POST /auth/console-login`: institution staff at the institution's own tools, not at an
 * outsourcer's workstation. Only for accounts whose every role is a console role (admin);
 * the session has no workstation and never carries an agent role's permissions.
 */
export const ConsoleLoginRequest = z
  .object({
    operatorId: OperatorId,
    password: z.string().min(1).max(256),
    totp: z.string().regex(/^\d{6}$/).optional(),
  })
  .strict();
export type ConsoleLoginRequest = z.infer<typeof ConsoleLoginRequest>;

/** `POST /auth/challenge`: a single-use nonce for the next login, refresh or re-authentication proof. */
export const ChallengeRequest = z.object({ workstationId: WorkstationId }).strict();
export type ChallengeRequest = z.infer<typeof ChallengeRequest>;

export const ChallengeResponse = z
  .object({
    nonce: ChallengeNonce,
    /** The nonce is refused after this (60 s by default). */
    expiresAt: z.iso.datetime(),
  })
  .strict();
export type ChallengeResponse = z.infer<typeof ChallengeResponse>;

export const TokenPair = z
  .object({
    accessToken: z.string().min(16),
    refreshToken: z.string().min(16),
    /** Seconds until the access token expires. */
    expiresIn: z.number().int().min(1),
  })
  .strict();
export type TokenPair = z.infer<typeof TokenPair>;

export const LoginResponse = TokenPair.extend({
  operator: Operator,
  /** The lowest site-profile serial the institution accepts at login now (0: no minimum). */
  minProfileSerial: z.number().int().min(0),
}).strict();
export type LoginResponse = z.infer<typeof LoginResponse>;

export const RefreshRequest = z.object({ refreshToken: z.string().min(16).max(512) }).strict();
export type RefreshRequest = z.infer<typeof RefreshRequest>;

export const ReauthenticateRequest = z.object({ password: z.string().min(1).max(256) }).strict();
export type ReauthenticateRequest = z.infer<typeof ReauthenticateRequest>;

export const MeResponse = z.object({ operator: Operator, policy: Policy }).strict();
export type MeResponse = z.infer<typeof MeResponse>;

export const HealthResponse = z
  .object({ status: z.literal('ok'), institutionId: z.string(), time: z.iso.datetime() })
  .strict();
export type HealthResponse = z.infer<typeof HealthResponse>;

/**
 * A one-time enrollment code: 128 random bits, RFC 4648 base32 without padding (26
 * characters). Shown once when IT registers a workstation; the institution keeps only its sha256.
 */
export const EnrollmentCode = z.string().regex(/^[A-Z2-7]{26}$/);

/** `POST /admin/workstations`: IT pre-registers a workstation before it is installed. */
export const RegisterWorkstationRequest = z.object({ workstationId: WorkstationId }).strict();
export type RegisterWorkstationRequest = z.infer<typeof RegisterWorkstationRequest>;

export const RegisterWorkstationResponse = z
  .object({
    workstationId: WorkstationId,
    /** Shown this once; goes into the workstation's configuration. */
    enrollmentCode: EnrollmentCode,
    /** The code is refused after this (72 h after registration). */
    expiresAt: z.iso.datetime(),
  })
  .strict();
export type RegisterWorkstationResponse = z.infer<typeof RegisterWorkstationResponse>;

export const EnrollWorkstationRequest = z
  .object({
    workstationId: WorkstationId,
    /** Ed25519 public key, SPKI DER, base64. */
    publicKey: z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/).max(200),
    /**
     * The code from the workstation's registration. Needed to enroll; a workstation that is
     * already enrolled with this same key is answered 200 without one.
     */
    enrollmentCode: EnrollmentCode.optional(),
  })
  .strict();
export type EnrollWorkstationRequest = z.infer<typeof EnrollWorkstationRequest>;

/** Server-push events on `GET /events` (Server-Sent Events; `id:` allows resume). */
export const PushEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('policy'), policy: Policy }).strict(),
  z.object({ type: z.literal('session-revoked'), reason: z.enum(['operator-disabled', 'logged-out-remotely']) }).strict(),
  /** Sent on a stream the institution closes because the session opened too many; the session itself stays valid. */
  z.object({ type: z.literal('stream-closed'), reason: z.literal('stream-limit') }).strict(),
  /** A knowledge-base article was published or retired: ids and the version only, never content (the desk fetches it). */
  z
    .object({ type: z.literal('kb-changed'), change: z.enum(['published', 'retired']), articleId: KbArticleId, spaceId: KbSpaceId, version: KbVersionNumber, mandatory: z.boolean() })
    .strict(),
  /**
   * A knowledge-base space's read roles changed (`PUT /kb/spaces/{id}/read-roles`): the space id and the kind of
   * change only. Sent to every stream that could read the space before or after, so a desk that lost access
   * closes what it shows and one that gained it lists the space; the desk asks again with its own token.
   */
  z.object({ type: z.literal('kb-space-changed'), change: z.literal('read-roles'), spaceId: KbSpaceId }).strict(),
  /** A ticket was filed or changed: ids and status only (to the filing operator and processors); the desk fetches the rest. */
  TicketChangedEvent,
]);
export type PushEvent = z.infer<typeof PushEvent>;

export const CreateOperatorRequest = z
  .object({
    id: OperatorId,
    /** Shown in lists, pickers and audit trails: no control, bidi-override or invisible characters (clean-text.ts). */
    displayName: NameText(80),
    password: z.string().min(8).max(256),
    roles: z.array(Role).min(1),
    team: z.string().max(64).refine(isCleanName, NAME_MESSAGE).nullable(),
    /** The team's display name; omitted or null: the operator's team has no name. */
    teamName: NameText(80).nullable().optional(),
  })
  .strict();
export type CreateOperatorRequest = z.infer<typeof CreateOperatorRequest>;

export const UpdateOperatorRequest = z.object({ disabled: z.boolean() }).strict();
export type UpdateOperatorRequest = z.infer<typeof UpdateOperatorRequest>;

export const UpdatePolicyRequest = Policy.partial().strict();
export type UpdatePolicyRequest = z.infer<typeof UpdatePolicyRequest>;

export const EnrollWorkstationResponse = z
  .object({
    workstationId: WorkstationId,
    /** When the key was enrolled (with the registration's one-time code). */
    enrolledAt: z.iso.datetime(),
  })
  .strict();
export type EnrollWorkstationResponse = z.infer<typeof EnrollWorkstationResponse>;
