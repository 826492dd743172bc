import { z } from 'zod';
import { AuditEvent } from './audit.ts';
import { Ed25519Signature, OperatorId, WorkstationId } from './ids.ts';

/**
 * Audit delivery, audit-head anchoring and the auditors' views of the Institution API
 * (re-exported by api.ts, checked against openapi.yaml with the rest of it).
 */
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
          /** `anchor-conflict`: another event than the one the workstation's anchored head commits to. */
          reason: z.enum(['bad-signature', 'bad-hash', 'broken-link', 'conflict', 'wrong-workstation', 'anchor-conflict']),
        })
        .strict(),
    ),
  })
  .strict();
export type AuditBatchResponse = z.infer<typeof AuditBatchResponse>;

/**
 * `POST /workstations/anchor`: the workstation's signed audit-chain head (heartbeat, no
 * session needed). `signature` = Ed25519 by the workstation key over auditHeadMessage().
 */
export const AnchorRequest = z
  .object({
    workstationId: WorkstationId,
    seq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
    hash: z.string().regex(/^[0-9a-f]{64}$/),
    /** The workstation's clock when it signed, epoch milliseconds. */
    at: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    signature: Ed25519Signature,
  })
  .strict();
export type AnchorRequest = z.infer<typeof AnchorRequest>;

export const AnchorResponse = z
  .object({
    /** Highest head the institution holds anchored for this workstation. */
    anchoredSeq: z.number().int().min(0),
    /** Highest contiguous seq delivered. */
    headSeq: z.number().int().min(0),
  })
  .strict();
export type AnchorResponse = z.infer<typeof AnchorResponse>;

/** Why the institution flagged part of a workstation's audit chain. */
export const AuditFlagReason = z.enum([
  'bad-signature',
  'bad-hash',
  'broken-link',
  'conflict',
  'wrong-workstation',
  'gap',
  /** A delivered event or a signed head disagrees with the hash the workstation anchored at that seq. */
  'anchor-conflict',
  /** The workstation signed a lower head after a higher one: its chain was cut back and rewritten. */
  'head-regression',
  /** Deliveries stopped short of the anchored head for longer than the policy allows. */
  'undelivered',
]);
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
    /** Highest head the workstation signed and anchored (0: none yet). */
    anchoredSeq: z.number().int().min(0),
    /** When the institution first received that head; null when none. */
    anchoredAt: z.iso.datetime().nullable(),
    flags: z.array(AuditFlag),
    /** Pass as `before` to get the older flags; null when there are none. */
    nextBefore: z.number().int().min(1).nullable(),
  })
  .strict();
export type AuditWorkstationStatus = z.infer<typeof AuditWorkstationStatus>;

/** What the institution itself saw of a workstation, to compare with the workstation's own chain. */
export const ServerEventType = z.enum([
  /** A login, refresh or re-authentication naming this workstation came without a valid proof. */
  'proof-refused',
  'login',
  'login-failed',
  'refresh',
  'refresh-refused',
  'reauthenticated',
  'reauthenticate-failed',
  'logout',
  'profile-outdated',
  /** SIP credentials were issued to the operator (detail: their expiry, unix seconds; never the password). */
  'sip-credentials-issued',
  /** The operator looked up a caller for the screen pop (detail: the masked number and found / unknown; never the number). */
  'caller-looked-up',
  /** The operator's readiness could not be pushed to an SBC's queue (detail: SBC, change, error); retried until delivered. */
  'sbc-readiness-failed',
  /** The pending readiness change reached the SBC after failures (detail: SBC, change, attempts). */
  'sbc-readiness-delivered',
  /** The desk asked for updates (detail: its version, the answer, the newest release). */
  'update-checked',
  /** The desk reported what it did with an offered update (detail: version, installed / refused / failed / scheduled, reason). */
  'update-result',
  /** Knowledge-base actions of a session at this workstation (detail: article, version, space; never content). The staff-action log has them all. */
  'kb-draft-created',
  'kb-published',
  'kb-retired',
  'kb-mandatory-changed',
  'kb-acknowledged',
  /** A knowledge-base space was created or its read roles changed (detail: the roles; subject kb-space:<id>). */
  'kb-space-created',
  'kb-space-roles-changed',
  /** A sensitive ticket field was revealed (detail: ticket, field pointer; never the value) or a reveal was refused. */
  'ticket-revealed',
  'ticket-reveal-refused',
]);
export type ServerEventType = z.infer<typeof ServerEventType>;

export const ServerEvent = z
  .object({
    /** 1, 2, 3… per workstation, in the order recorded. */
    n: z.number().int().min(1),
    type: ServerEventType,
    operatorId: OperatorId.nullable(),
    /** A short code (e.g. the error code of a refusal); never a secret. */
    detail: z.string().max(200),
    /** The caller's address as the server saw it. */
    source: z.string().max(64),
    at: z.iso.datetime(),
  })
  .strict();
export type ServerEvent = z.infer<typeof ServerEvent>;

/** `GET /admin/audit/workstations/:id/server-events[?limit=&before=]`: newest page first, oldest first within it. */
export const ServerEventPage = z
  .object({
    workstationId: WorkstationId,
    events: z.array(ServerEvent),
    nextBefore: z.number().int().min(1).nullable(),
  })
  .strict();
export type ServerEventPage = z.infer<typeof ServerEventPage>;

/**
 * What operators and institution staff did to records the institution holds, whatever the
 * session: a console session (an author at the institution) has no workstation and so no
 * server-event log. Append-only; the newest first by `n`.
 */
export const StaffActionType = z.enum(['kb-draft-created', 'kb-published', 'kb-retired', 'kb-mandatory-changed', 'kb-acknowledged', 'kb-space-created', 'kb-space-roles-changed', 'ticket-revealed', 'ticket-reveal-refused', 'update-artifact-uploaded', 'update-release-published', 'update-rollout-changed', 'update-group-set', 'ticket-type-created', 'ticket-type-version-added']);
export type StaffActionType = z.infer<typeof StaffActionType>;

export const StaffAction = z
  .object({
    /** 1, 2, 3… institution-wide, in the order recorded. */
    n: z.number().int().min(1),
    type: StaffActionType,
    operatorId: OperatorId,
    /** The session's workstation; null for a console session. */
    workstationId: WorkstationId.nullable(),
    /** What the action was about, e.g. `kb-article:12`. */
    subject: z.string().max(64),
    /** A short, non-secret summary (version, space, `mandatory false→true`); never content. */
    detail: z.string().max(200),
    /** The caller's address as the server saw it. */
    source: z.string().max(64),
    at: z.iso.datetime(),
  })
  .strict();
export type StaffAction = z.infer<typeof StaffAction>;

/** `GET /admin/audit/staff-actions[?limit=&before=&operatorId=]`: newest page first, oldest first within it. */
export const StaffActionPage = z
  .object({
    actions: z.array(StaffAction),
    nextBefore: z.number().int().min(1).nullable(),
  })
  .strict();
export type StaffActionPage = z.infer<typeof StaffActionPage>;
