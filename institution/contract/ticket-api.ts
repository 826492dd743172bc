import { z } from 'zod';
import { OperatorId } from './ids.ts';
import { isCleanLabelText, LABEL_TEXT_MESSAGE, NameText } from './clean-text.ts';
import { isCleanArticleText } from './kb-api.ts';

/**
 * Tickets (工单) on the Institution API: ticket types defined by the institution as JSON
 * Schema 2020-12 + a UI schema (versioned; a ticket keeps the type version it was filed
 * under), tickets with idempotent create, comments, status transitions, assignment, the
 * complaint clock and audited reveal of sensitive fields. The envelope of a sensitive field
 * is defined (zod-free, for the renderer) in ticket-crypto.ts; field formats in ticket-formats.ts.
 */

export const BusinessLine = z.enum(['bank', 'broker', 'insurer']);
export type BusinessLine = z.infer<typeof BusinessLine>;

export const TicketTypeId = z.string().regex(/^[a-z][a-z0-9-]{1,47}$/);
export const TicketTypeVersionNumber = z.number().int().min(1).max(1_000_000);
export const TicketId = z.string().regex(/^T-[0-9A-HJKMNP-TV-Z]{26}$/);
export type TicketId = z.infer<typeof TicketId>;

export const TicketText = z.object({ 'zh-CN': z.string().min(1).max(200), 'en-US': z.string().min(1).max(200) }).strict();
export type TicketText = z.infer<typeof TicketText>;
/** A ticket type's name as an admin sends it: both languages clean names (clean-text.ts), trimmed. */
const TicketTypeName = z.object({ 'zh-CN': NameText(200), 'en-US': NameText(200) }).strict();

/** A JSON object of at most 64 KiB as JSON (schemas, UI schemas and ticket data). */
const JsonObject = z.record(z.string(), z.unknown());

export const TicketStatus = z.enum(['new', 'in_progress', 'resolved', 'closed']);
export type TicketStatus = z.infer<typeof TicketStatus>;

export const CreateTicketTypeRequest = z
  .object({
    id: TicketTypeId,
    businessLine: BusinessLine,
    name: TicketTypeName,
    /** Complaints carry the regulatory clock (answer due 15 days after filing) and recusal. */
    complaint: z.boolean(),
    /** JSON Schema 2020-12 of the ticket's `data` (checked: strict, closed objects). */
    schema: JsonObject,
    /** Layout, widgets and help texts for the form renderer (`ui:order`, `ui:widget`, `ui:help`…). */
    uiSchema: JsonObject,
  })
  .strict();
export type CreateTicketTypeRequest = z.infer<typeof CreateTicketTypeRequest>;

export const CreateTicketTypeVersionRequest = z.object({ schema: JsonObject, uiSchema: JsonObject, name: TicketTypeName.optional() }).strict();
export type CreateTicketTypeVersionRequest = z.infer<typeof CreateTicketTypeVersionRequest>;

export const TicketTypeVersion = z
  .object({
    typeId: TicketTypeId,
    version: TicketTypeVersionNumber,
    businessLine: BusinessLine,
    name: TicketText,
    complaint: z.boolean(),
    schema: JsonObject,
    uiSchema: JsonObject,
    createdAt: z.iso.datetime(),
    createdBy: OperatorId,
  })
  .strict();
export type TicketTypeVersion = z.infer<typeof TicketTypeVersion>;

export const TicketTypeSummary = z
  .object({ id: TicketTypeId, businessLine: BusinessLine, name: TicketText, complaint: z.boolean(), latestVersion: TicketTypeVersionNumber })
  .strict();
export const TicketTypesResponse = z.object({ types: z.array(TicketTypeSummary) }).strict();
export type TicketTypesResponse = z.infer<typeof TicketTypesResponse>;
export const TicketTypeVersionsResponse = z.object({ versions: z.array(TicketTypeVersion) }).strict();
export type TicketTypeVersionsResponse = z.infer<typeof TicketTypeVersionsResponse>;

/** What the desk attaches when the ticket comes from a call. */
export const TicketCallContext = z
  .object({
    callId: z.string().min(1).max(128),
    /** Masked as the screen pop showed it; never the full number. */
    callerMasked: z.string().max(64).optional(),
    startedAt: z.iso.datetime().optional(),
    endedAt: z.iso.datetime().optional(),
    /** Mean opinion score estimate 1–5 from the call's WebRTC stats. */
    mos: z.number().min(1).max(5).optional(),
  })
  .strict();

export const CreateTicketRequest = z
  .object({
    typeId: TicketTypeId,
    typeVersion: TicketTypeVersionNumber,
    /** Validated against the type version's schema; sensitive fields hold sealed envelopes. */
    data: JsonObject,
    /** When the agent filed it (the desk may deliver later, from its outbox). */
    createdAt: z.iso.datetime(),
    /**
     * The session the agent filed it in (GET /tickets/filing-session); absent: the delivering
     * session. Another session of the same workstation may deliver it after sign-out.
     */
    filedInSession: z.string().uuid().optional(),
    call: TicketCallContext.optional(),
    /** Complaints only: the staff member the complaint is about (they can never handle it). */
    aboutOperatorId: OperatorId.optional(),
  })
  .strict();
export type CreateTicketRequest = z.infer<typeof CreateTicketRequest>;

/** A field-level problem: JSON pointer into the request body and a stable code (the desk localizes it). */
export const TicketFieldError = z.object({ pointer: z.string().max(300), code: z.string().max(64) }).strict();
export type TicketFieldError = z.infer<typeof TicketFieldError>;
export const TicketValidationError = z
  .object({ error: z.object({ code: z.literal('bad_request'), message: z.string(), fields: z.array(TicketFieldError).max(50) }).strict() })
  .strict();
export type TicketValidationError = z.infer<typeof TicketValidationError>;

export const ComplaintClock = z
  .object({
    /** Answer due (15 days after filing; 30 after the first extension; +30 after an approved second). */
    dueAt: z.iso.datetime(),
    extensions: z.number().int().min(0).max(2),
    /** The second extension needs an approver other than the requester. */
    approvedBy: OperatorId.nullable(),
    overdue: z.boolean(),
    aboutOperatorId: OperatorId.nullable(),
  })
  .strict();
export type ComplaintClock = z.infer<typeof ComplaintClock>;

export const Ticket = z
  .object({
    id: TicketId,
    typeId: TicketTypeId,
    typeVersion: TicketTypeVersionNumber,
    status: TicketStatus,
    data: JsonObject,
    createdAt: z.iso.datetime(),
    receivedAt: z.iso.datetime(),
    filedBy: OperatorId,
    filedInSession: z.string(),
    workstationId: z.string().nullable(),
    assignee: OperatorId.nullable(),
    /**
     * The assignee's display name when the institution still knows it (the list and
     * `GET /tickets/{id}` add it; other answers may not). Absent: show the id.
     */
    assigneeName: z.string().min(1).max(80).optional(),
    call: TicketCallContext.nullable(),
    complaint: ComplaintClock.nullable(),
    updatedAt: z.iso.datetime(),
  })
  .strict();
export type Ticket = z.infer<typeof Ticket>;

/** The create answer (and the replay of the same Idempotency-Key with the same body). */
export const TicketReceipt = z.object({ id: TicketId, status: TicketStatus, receivedAt: z.iso.datetime(), replayed: z.boolean() }).strict();
export type TicketReceipt = z.infer<typeof TicketReceipt>;

/**
 * `POST /tickets/batch`: up to 64 creates in one request, each with its own Idempotency-Key and
 * the body `POST /tickets` takes; each item is checked and answered as that route would (status +
 * receipt, or code + field errors), and the accepted ones are stored in one transaction.
 */
export const TICKET_BATCH_MAX_ITEMS = 64;
/** The batch request's byte limit (64 tickets of up to 64 KiB data each, with envelopes). */
export const TICKET_BATCH_MAX_BYTES = 4 * 1024 * 1024;
/** One item's `ticket` as JSON, UTF-8 bytes: the single route's default body limit. */
export const TICKET_BATCH_ITEM_MAX_BYTES = 256 * 1024;
export const TicketBatchRequest = z
  .object({
    tickets: z
      .array(z.object({ idempotencyKey: z.string().max(200), ticket: z.unknown() }).strict())
      .min(1)
      .max(TICKET_BATCH_MAX_ITEMS),
  })
  .strict();
export type TicketBatchRequest = z.infer<typeof TicketBatchRequest>;
export const TicketBatchItemResult = z
  .object({
    idempotencyKey: z.string().max(200),
    /** What `POST /tickets` would have answered: 201, 200 (replay), 400, 409, 413. */
    status: z.number().int().min(200).max(599),
    receipt: TicketReceipt.optional(),
    /** The error code of a refused item (`bad_request`, `conflict`, `payload_too_large`). */
    code: z.string().max(64).optional(),
    errors: z.array(TicketFieldError).max(50).optional(),
  })
  .strict();
export type TicketBatchItemResult = z.infer<typeof TicketBatchItemResult>;
/** `results[i]` answers `tickets[i]`. */
export const TicketBatchResponse = z.object({ results: z.array(TicketBatchItemResult).max(TICKET_BATCH_MAX_ITEMS) }).strict();
export type TicketBatchResponse = z.infer<typeof TicketBatchResponse>;

/**
 * `GET /tickets?before=`: an opaque cursor naming the last ticket of the page before —
 * (received_at, id), newest first. The desk passes back `nextCursor` as is; the institution
 * answers 400 with a field error for anything it did not issue in this shape.
 */
export const TICKET_CURSOR_PATTERN = /^[A-Za-z0-9_-]{8,96}$/;
export const TicketsResponse = z
  .object({
    tickets: z.array(Ticket),
    /** The cursor of the next (older) page; null when this page is the last. */
    nextCursor: z.string().regex(TICKET_CURSOR_PATTERN).nullable(),
  })
  .strict();
export type TicketsResponse = z.infer<typeof TicketsResponse>;

/**
 * One entry of a ticket's history (`GET /tickets/{id}/history`), oldest first. `kind` says what
 * happened; the other fields are those the kind has: `created` (typeVersion), `status` (from,
 * to, note), `assigned` (assignee or null = unassigned), `extended` (extension 1 or 2, reason),
 * `revealed` / `reveal-refused` (pointer, reason — staff only: a filer who is not staff never
 * gets reveal entries), `other` (a kind this version does not describe). Names are the
 * operators' display names when the institution still has them.
 */
export const TicketHistoryKind = z.enum(['created', 'status', 'assigned', 'extended', 'revealed', 'reveal-refused', 'other']);
export type TicketHistoryKind = z.infer<typeof TicketHistoryKind>;
export const TicketHistoryEntry = z
  .object({
    n: z.number().int().min(0),
    at: z.iso.datetime(),
    kind: TicketHistoryKind,
    operatorId: z.string().max(64),
    operatorName: z.string().min(1).max(80).optional(),
    typeVersion: TicketTypeVersionNumber.optional(),
    from: TicketStatus.optional(),
    to: TicketStatus.optional(),
    note: z.string().max(1000).optional(),
    assignee: OperatorId.nullable().optional(),
    assigneeName: z.string().min(1).max(80).optional(),
    extension: z.number().int().min(1).max(2).optional(),
    reason: z.string().max(1000).optional(),
    pointer: z.string().max(300).optional(),
  })
  .strict();
export type TicketHistoryEntry = z.infer<typeof TicketHistoryEntry>;
/** At most TICKET_HISTORY_MAX entries (the newest; `truncated` says older ones were left out). */
export const TICKET_HISTORY_MAX = 500;
export const TicketHistoryResponse = z.object({ entries: z.array(TicketHistoryEntry).max(TICKET_HISTORY_MAX), truncated: z.boolean() }).strict();
export type TicketHistoryResponse = z.infer<typeof TicketHistoryResponse>;

/** `GET /tickets/{id}/assignees` (tickets.process): who may be assigned this ticket — active operators holding tickets.process, not the person a complaint is about. */
export const TicketAssignee = z.object({ operatorId: OperatorId, displayName: z.string().min(1).max(80) }).strict();
export type TicketAssignee = z.infer<typeof TicketAssignee>;
export const TICKET_ASSIGNEES_MAX = 1000;
export const TicketAssigneesResponse = z.object({ assignees: z.array(TicketAssignee).max(TICKET_ASSIGNEES_MAX) }).strict();
export type TicketAssigneesResponse = z.infer<typeof TicketAssigneesResponse>;

/**
 * Free text staff write on a ticket (comments, notes, reasons): well-formed, no NUL or other
 * control characters (tab and line breaks are fine), as KB articles — and no bidi-override or
 * invisible characters, because reasons and notes are copied into the audit trail.
 */
const StaffText = (min: number, max: number) =>
  z.string().min(min).max(max).refine(isCleanArticleText, 'must be well-formed text without NUL or other control characters').refine(isCleanLabelText, LABEL_TEXT_MESSAGE);
export const TicketCommentRequest = z.object({ body: StaffText(1, 4000) }).strict();
export const TicketComment = z.object({ id: z.number().int(), ticketId: TicketId, author: OperatorId, body: z.string(), createdAt: z.iso.datetime() }).strict();
export type TicketComment = z.infer<typeof TicketComment>;
export const TicketCommentsResponse = z.object({ comments: z.array(TicketComment) }).strict();

export const TicketTransitionRequest = z.object({ to: TicketStatus, note: StaffText(0, 1000).optional() }).strict();
export type TicketTransitionRequest = z.infer<typeof TicketTransitionRequest>;
export const TicketAssignRequest = z.object({ assignee: OperatorId.nullable() }).strict();
export const ComplaintExtendRequest = z.object({ reason: StaffText(1, 1000), approvedBy: OperatorId.optional() }).strict();

export const TicketRevealRequest = z.object({ pointer: z.string().regex(/^(\/[^/~]*(~[01][^/~]*)*)+$/).max(300), reason: StaffText(2, 500) }).strict();
export type TicketRevealRequest = z.infer<typeof TicketRevealRequest>;
export const TicketRevealResponse = z.object({ pointer: z.string(), value: z.string() }).strict();

export const FilingSessionResponse = z.object({ sessionId: z.string() }).strict();

/** Push `ticket-changed`: ids and status only, to the filing operator and processors. */
export const TicketChangedEvent = z
  .object({ type: z.literal('ticket-changed'), ticketId: TicketId, typeId: TicketTypeId, status: TicketStatus, change: z.enum(['created', 'status', 'assigned', 'commented', 'extended']) })
  .strict();
