import { z } from 'zod';
import { Policy } from './site-profile.ts';
import { AuditEvent } from './audit.ts';

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
]);
export type ApiErrorCode = z.infer<typeof ApiErrorCode>;

export const ApiError = z
  .object({
    error: z
      .object({
        code: ApiErrorCode,
        message: z.string(),
        /** Present on account_locked: when a new attempt is allowed. */
        retryAfterSeconds: z.number().int().min(0).optional(),
      })
      .strict(),
  })
  .strict();
export type ApiError = z.infer<typeof ApiError>;

export const OperatorId = z.string().regex(/^[A-Za-z0-9._-]{1,32}$/);
export const WorkstationId = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/);
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
  })
  .strict();
export type LoginRequest = z.infer<typeof LoginRequest>;

export const TokenPair = z
  .object({
    accessToken: z.string().min(16),
    refreshToken: z.string().min(16),
    /** Seconds until the access token expires. */
    expiresIn: z.number().int().min(1),
  })
  .strict();
export type TokenPair = z.infer<typeof TokenPair>;

export const LoginResponse = TokenPair.extend({ operator: Operator }).strict();
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

export const AuditBatchRequest = z.object({ events: z.array(AuditEvent).min(1).max(500) }).strict();
export type AuditBatchRequest = z.infer<typeof AuditBatchRequest>;

export const AuditBatchResponse = z
  .object({
    /** Sequence numbers stored now or earlier (re-sent events are acknowledged, not stored twice). */
    acknowledged: z.array(z.number().int().min(1)),
    /** Highest contiguous sequence number the institution holds for this workstation. */
    headSeq: z.number().int().min(0),
    /** Ranges missing before the events received (a removed event shows up here). */
    gaps: z.array(z.object({ fromSeq: z.number().int(), toSeq: z.number().int() }).strict()),
    /**
     * Events refused; the client must not resend them. Signed events are also flagged for the
     * institution's auditors; `bad-signature` ones are not (nothing proves who sent them).
     * `wrong-workstation` is no longer produced: a mixed batch is refused whole with 400.
     */
    rejected: z.array(
      z
        .object({
          seq: z.number().int(),
          reason: z.enum(['bad-signature', 'bad-hash', 'broken-link', 'conflict', 'wrong-workstation']),
        })
        .strict(),
    ),
  })
  .strict();
export type AuditBatchResponse = z.infer<typeof AuditBatchResponse>;

/** Server-push events on `GET /events` (Server-Sent Events; `id:` allows resume). */
export const PushEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('policy'), policy: Policy }).strict(),
  z.object({ type: z.literal('session-revoked'), reason: z.enum(['operator-disabled', 'logged-out-remotely']) }).strict(),
]);
export type PushEvent = z.infer<typeof PushEvent>;

export const CreateOperatorRequest = z
  .object({
    id: OperatorId,
    displayName: z.string().min(1).max(80),
    password: z.string().min(8).max(256),
    roles: z.array(Role).min(1),
    team: z.string().max(64).nullable(),
    /** The team's display name; omitted or null: the operator's team has no name. */
    teamName: z.string().min(1).max(80).nullable().optional(),
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

/** Why the institution flagged part of a workstation's audit chain. */
export const AuditFlagReason = z.enum(['bad-signature', 'bad-hash', 'broken-link', 'conflict', 'wrong-workstation', 'gap']);
export type AuditFlagReason = z.infer<typeof AuditFlagReason>;

export const AuditFlag = z
  .object({
    seq: z.number().int().min(1),
    reason: AuditFlagReason,
    /** e.g. `missing 3..3` for a gap. */
    detail: z.string(),
    at: z.iso.datetime(),
  })
  .strict();
export type AuditFlag = z.infer<typeof AuditFlag>;

/**
 * `GET /admin/audit/workstations/:id[?limit=&before=]`: the auditors' view of one
 * workstation's chain. Flags come a page at a time (default 100, at most 500): the newest
 * page first, oldest first within a page.
 */
export const AuditWorkstationStatus = z
  .object({
    workstationId: WorkstationId,
    headSeq: z.number().int().min(0),
    flags: z.array(AuditFlag),
    /** Pass as `before` to get the older flags; null when there are none. */
    nextBefore: z.number().int().min(1).nullable(),
  })
  .strict();
export type AuditWorkstationStatus = z.infer<typeof AuditWorkstationStatus>;
