import { z } from 'zod';
import { isCleanName, NAME_MESSAGE } from '../../institution/contract/clean-text.ts';
import { OperatorId } from '../../institution/contract/ids.ts';
import {
  ComplaintExtendRequest,
  Ticket,
  TicketCallContext as CallContextSchema,
  TicketComment,
  TicketCommentRequest,
  TicketFieldError,
  TicketId,
  TicketRevealRequest,
  TicketStatus,
  TicketTransitionRequest,
  TicketTypeId,
  TicketTypeVersion,
  TicketTypeVersionNumber,
  TICKET_CURSOR_PATTERN,
  TicketAssigneesResponse,
  TicketHistoryResponse,
} from '../../institution/contract/ticket-api.ts';
import { TICKET_DATA_MAX_BYTES, TICKET_DRAFT_MAX_BYTES, TICKET_LIST_MAX_LIMIT, TICKET_SEARCH_MAX } from './ticket-limits.ts';

/**
 * What the tickets' channels carry (`tickets.*` in channels.ts; docs/architecture.md
 * "Tickets (desk side: core)"). Core forwards reads and processing to the Institution API
 * (`/tickets/...`), whose schemas these reuse; filing goes through core's encrypted outbox
 * (a ticket is never lost: queued in one SQLite transaction before `tickets.submit`
 * answers, delivered exactly once with an Idempotency-Key). Drafts stay on this
 * workstation, sealed with its data key, per operator.
 *
 * Sensitive fields (`x-sensitive` in the type's schema) are sealed by the renderer as the
 * agent leaves the field (institution/contract/ticket-crypto.ts): drafts and submissions
 * carry only envelopes there, and core refuses plaintext in a sensitive field
 * (`ticket_not_sealed`). The renderer imports this module for its TYPES only (zod stays
 * off the page); run-time limits are in the zod-free ticket-limits.ts.
 */
export { Ticket, TicketComment, TicketFieldError, TicketId, TicketStatus, TicketTypeId, TicketTypeVersion, TicketTypeVersionNumber } from '../../institution/contract/ticket-api.ts';

/** What a ticket carries of the call it came from (call id, masked caller, times, MOS). */
export const TicketCallContext = CallContextSchema;
export type TicketCallContext = z.infer<typeof TicketCallContext>;

/**
 * A JSON object (ticket data, draft values). Its size is checked by core's handler, not
 * here, so that "too large" is its own error (`ticket_too_large`, TICKET_DATA_MAX_BYTES)
 * rather than a generic `bad_request`.
 */
const JsonObject = z.record(z.string().max(200), z.unknown());

// ---------------------------------------------------------------------------------------
// Types (forms) and the key sensitive fields are sealed to.
// ---------------------------------------------------------------------------------------

/**
 * `tickets.types` (tickets.create): the latest version of every ticket type the agent may
 * file — id, business line, version, zh-CN/en-US name, complaint flag, JSON Schema and UI
 * schema. Core keeps the answer in memory (and on disk, unsealed: forms are not personal)
 * so forms still open while the institution is unreachable.
 */
export const TicketTypes = z.object({ types: z.array(TicketTypeVersion).max(500) }).strict();
export type TicketTypes = z.infer<typeof TicketTypes>;

/** `tickets.type-version`: one version of a type (a ticket filed under an older one renders with it). */
export const TicketTypeVersionArgs = z.object({ typeId: TicketTypeId, typeVersion: TicketTypeVersionNumber }).strict();
export type TicketTypeVersionArgs = z.infer<typeof TicketTypeVersionArgs>;

/**
 * `tickets.key`: the institution's ticket public key from the signed site profile (SPKI DER,
 * base64url; `importTicketPublicKey` + `sealField` in ticket-crypto.ts). Null: the profile
 * names none, so no ticket with a sensitive field can be filed (the form says so).
 */
export const TicketKey = z.object({ keyId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/), publicKey: z.string().regex(/^[A-Za-z0-9_-]{80,400}$/) }).strict().nullable();
export type TicketKey = z.infer<typeof TicketKey>;

// ---------------------------------------------------------------------------------------
// Drafts: autosaved by the form, sealed at rest with the workstation's data key, per operator.
// ---------------------------------------------------------------------------------------

/** The renderer names its draft (crypto.randomUUID()) so an autosave before the first answer cannot fork it. */
export const TicketDraftId = z.uuid();
export type TicketDraftId = z.infer<typeof TicketDraftId>;

/**
 * One draft as the form keeps it. `values` is the form's data in wire form: plain values
 * for ordinary fields, sealed envelopes for `x-sensitive` ones (never their plaintext), and
 * it may be incomplete or invalid (it is a draft). `updatedAt` is the renderer's clock.
 * Larger than TICKET_DRAFT_MAX_BYTES as JSON: `ticket_too_large`.
 */
export const TicketDraft = z
  .object({
    draftId: TicketDraftId,
    typeId: TicketTypeId,
    typeVersion: TicketTypeVersionNumber,
    values: JsonObject,
    call: TicketCallContext.optional(),
    /** Complaints only: the staff member the complaint is about. */
    aboutOperatorId: OperatorId.optional(),
    updatedAt: z.iso.datetime(),
  })
  .strict();
export type TicketDraft = z.infer<typeof TicketDraft>;

/** `tickets.draft-save` answers when the draft is on disk (sealed, fsync'd). */
export const TicketDraftSaved = z.object({ draftId: TicketDraftId, updatedAt: z.iso.datetime() }).strict();
export type TicketDraftSaved = z.infer<typeof TicketDraftSaved>;

/** `tickets.drafts`: the signed-in operator's drafts, newest first (another operator's are never listed). */
export const TicketDrafts = z.object({ drafts: z.array(TicketDraft).max(100) }).strict();
export type TicketDrafts = z.infer<typeof TicketDrafts>;

/** `tickets.draft-delete`: the form was discarded (deleting a missing draft is fine). */
export const TicketDraftRef = z.object({ draftId: TicketDraftId }).strict();
export type TicketDraftRef = z.infer<typeof TicketDraftRef>;

// ---------------------------------------------------------------------------------------
// Filing: into the encrypted outbox, then delivered exactly once.
// ---------------------------------------------------------------------------------------

/**
 * `tickets.submit`: file a ticket. Core checks the shape (sizes; every `x-sensitive` field of
 * the type version is absent or a well-formed envelope), stamps `createdAt` and the filing
 * session, and in ONE SQLite transaction queues it in the outbox (a fresh Idempotency-Key)
 * and deletes the draft `draftId`. It answers only after that commit: from then on the
 * ticket survives a crash, a restart and an outage, and is delivered exactly once.
 * Schema validity is the institution's to judge (the form checks as the agent types); a
 * refusal shows up as undeliverable (`tickets.outbox`) with per-field errors.
 */
export const TicketSubmitArgs = z
  .object({
    draftId: TicketDraftId.optional(),
    typeId: TicketTypeId,
    typeVersion: TicketTypeVersionNumber,
    data: JsonObject,
    call: TicketCallContext.optional(),
    aboutOperatorId: OperatorId.optional(),
  })
  .strict();
export type TicketSubmitArgs = z.infer<typeof TicketSubmitArgs>;

/** Core's own id of a filed ticket until the institution gives it a `T-…` id. */
export const TicketLocalId = z.uuid();
export type TicketLocalId = z.infer<typeof TicketLocalId>;

export const TicketSubmitted = z.object({ localId: TicketLocalId, state: z.literal('queued'), createdAt: z.iso.datetime() }).strict();
export type TicketSubmitted = z.infer<typeof TicketSubmitted>;

/**
 * A ticket this operator filed here that the institution does not hold: `queued` (waiting
 * for the institution, retried with backoff) or `undeliverable` (refused for good: `reason`
 * is the institution's code, `fields` its per-field errors — pointers into the request body,
 * e.g. `/data/card/number` — for the form to show). Delivered ones leave this list; the
 * institution's list has them.
 */
export const LocalTicket = z
  .object({
    localId: TicketLocalId,
    typeId: TicketTypeId,
    typeVersion: TicketTypeVersionNumber,
    createdAt: z.iso.datetime(),
    state: z.enum(['queued', 'undeliverable']),
    reason: z.string().max(64).optional(),
    fields: z.array(TicketFieldError).max(50).optional(),
    rejectedAt: z.iso.datetime().optional(),
  })
  .strict();
export type LocalTicket = z.infer<typeof LocalTicket>;

// ---------------------------------------------------------------------------------------
// Reading and processing (the institution decides who sees what: filers their own,
// tickets.process holders all but complaints about themselves).
// ---------------------------------------------------------------------------------------

/**
 * `tickets.list`: the caller's view (agents: their own; processors: all they may handle),
 * optionally of one status and/or one type; `before` is the `nextCursor` of the page before
 * (opaque; the institution refuses one it did not issue, or issued for another `q`: `bad_request`).
 * `q`: a search the institution applies (id prefix, type name, filer/handler, plain fields —
 * never sealed ones): one line of visible text, 1–64 characters once trimmed.
 */
export const TicketListArgs = z
  .object({
    status: TicketStatus.optional(),
    type: TicketTypeId.optional(),
    limit: z.number().int().min(1).max(TICKET_LIST_MAX_LIMIT).optional(),
    before: z.string().regex(TICKET_CURSOR_PATTERN).optional(),
    q: z.string().refine(isCleanName, NAME_MESSAGE).trim().min(1).max(TICKET_SEARCH_MAX).optional(),
  })
  .strict();
export type TicketListArgs = z.infer<typeof TicketListArgs>;

/**
 * `local`: this operator's tickets still on this workstation (queued first, oldest first;
 * then undeliverable). `tickets`: the institution's answer, newest first, or null when it
 * could not be reached (the list then shows the local ones and says so). `nextCursor`: the
 * next (older) page's cursor, null when there is none or the institution was unreachable.
 */
export const TicketList = z.object({ local: z.array(LocalTicket), tickets: z.array(Ticket).nullable(), nextCursor: z.string().regex(TICKET_CURSOR_PATTERN).nullable() }).strict();
export type TicketList = z.infer<typeof TicketList>;

/**
 * `tickets.history`: the ticket's history as the institution tells it to this operator,
 * oldest first (staff see every entry; a filer who is not staff sees no reveal entries).
 */
export const TicketHistory = TicketHistoryResponse;
export type TicketHistory = z.infer<typeof TicketHistory>;
export type { TicketHistoryEntry } from '../../institution/contract/ticket-api.ts';

/** `tickets.assignees` (tickets.process): who may be assigned this ticket (the institution enforces the same rule on assign). */
export const TicketAssignees = TicketAssigneesResponse;
export type TicketAssignees = z.infer<typeof TicketAssignees>;

/** A ticket of the institution's (`T-` + ULID). */
export const TicketRef = z.object({ ticketId: TicketId }).strict();
export type TicketRef = z.infer<typeof TicketRef>;

export const TicketComments = z.object({ comments: z.array(TicketComment) }).strict();
export type TicketComments = z.infer<typeof TicketComments>;

/** `tickets.comment`: the filer on their own ticket, processors on any they may see. */
export const TicketCommentArgs = TicketCommentRequest.extend({ ticketId: TicketId }).strict();
export type TicketCommentArgs = z.infer<typeof TicketCommentArgs>;

/** `tickets.transition` (tickets.process): new → in_progress → resolved → closed, reopen; anything else `ticket_conflict`. */
export const TicketTransitionArgs = TicketTransitionRequest.extend({ ticketId: TicketId }).strict();
export type TicketTransitionArgs = z.infer<typeof TicketTransitionArgs>;

/** `tickets.assign` (tickets.process): to someone who may process it (not the complaint's subject), or nobody. */
export const TicketAssignArgs = z.object({ ticketId: TicketId, assignee: OperatorId.nullable() }).strict();
export type TicketAssignArgs = z.infer<typeof TicketAssignArgs>;

/** `tickets.extend` (tickets.process): a complaint's clock; the second extension needs `approvedBy`. */
export const TicketExtendArgs = ComplaintExtendRequest.extend({ ticketId: TicketId }).strict();
export type TicketExtendArgs = z.infer<typeof TicketExtendArgs>;

/**
 * `tickets.reveal` (tickets.reveal): one sealed field's plaintext, opened by the institution
 * for a reason (audited there, refused attempts too). The value goes to the page only:
 * core neither logs nor stores it.
 */
export const TicketRevealArgs = TicketRevealRequest.extend({ ticketId: TicketId }).strict();
export type TicketRevealArgs = z.infer<typeof TicketRevealArgs>;
export const TicketRevealed = z.object({ pointer: z.string().max(300), value: z.string().max(4000) }).strict();
export type TicketRevealed = z.infer<typeof TicketRevealed>;

// ---------------------------------------------------------------------------------------
// The outbox as the status bar and the list see it, and events.
// ---------------------------------------------------------------------------------------

/** `tickets.outbox`: how many of this operator's tickets wait here, and which were refused for good. */
export const TicketOutbox = z
  .object({
    waiting: z.number().int().min(0),
    undeliverable: z.array(LocalTicket.required({ reason: true, rejectedAt: true })),
  })
  .strict();
export type TicketOutbox = z.infer<typeof TicketOutbox>;

/**
 * `tickets.dismiss-undeliverable`: the operator has seen it (it stays in the outbox's dead letters for IT).
 * `tickets.refill-undeliverable` ("重新填写"): answers a saved draft (TicketDraft) of the refused
 * ticket — same type version, values and sealed envelopes, call and complaint subject; filing that
 * draft removes the undeliverable ticket from the list in the same transaction (`ticket_not_found`:
 * no undeliverable ticket of this operator has that id).
 */
export const TicketLocalRef = z.object({ localId: TicketLocalId }).strict();
export type TicketLocalRef = z.infer<typeof TicketLocalRef>;

/** Event `tickets.outbox-changed`: counts only (the page asks `tickets.outbox` / `tickets.list` for more). */
export const TicketOutboxCounts = z.object({ waiting: z.number().int().min(0), undeliverable: z.number().int().min(0) }).strict();
export type TicketOutboxCounts = z.infer<typeof TicketOutboxCounts>;

/** Event `tickets.changed` (the institution's `ticket-changed` push): ids and status only; the page fetches the rest. */
export const TicketChanged = z
  .object({ ticketId: TicketId, typeId: TicketTypeId, status: TicketStatus, change: z.enum(['created', 'status', 'assigned', 'commented', 'extended']) })
  .strict();
export type TicketChanged = z.infer<typeof TicketChanged>;

/** Sizes the submit/draft schemas enforce (re-exported for core's own checks). */
export { TICKET_DATA_MAX_BYTES, TICKET_DRAFT_MAX_BYTES };
