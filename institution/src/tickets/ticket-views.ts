import type { Kysely } from 'kysely';
import { OperatorId } from '../../contract/ids.ts';
import {
  TICKET_ASSIGNEES_MAX,
  TICKET_CURSOR_PATTERN,
  TICKET_HISTORY_MAX,
  type Ticket,
  type TicketAssignee,
  type TicketHistoryEntry,
  type TicketHistoryResponse,
  type TicketStatus,
} from '../../contract/ticket-api.ts';
import { isoTime } from '../clock.ts';
import type { Database } from '../db/schema.ts';
import { operatorNames } from '../operators/operator-names.ts';
import { toOperator } from '../operators/operator-store.ts';
import { createTicketMatcher } from './ticket-search.ts';
import type { TicketRow } from './ticket-store.ts';
import { isRecused } from './ticket-workflow.ts';

/**
 * Read views of tickets that need more than one row: a page of the list (filters + cursor),
 * a ticket's history in words the desk can label, and who may be assigned a ticket. The
 * routes (http/routes/ticket-view-routes.ts) decide who may ask; these decide what they see.
 */

/** History kinds a filer who is not staff never sees: who opened a sealed field, and why, is staff business. */
export const STAFF_ONLY_HISTORY = ['ticket-revealed', 'ticket-reveal-refused'] as const;

const CURSOR_TEXT = /^([0-9]{1,15})\.(T-[0-9A-HJKMNP-TV-Z]{26})(?:\.([A-Za-z0-9_-]{11}))?$/;

export interface TicketCursor {
  receivedAt: number;
  id: string;
  /** The search's tag (ticket-search.ts searchTag) when the cursor was issued for a `q`. */
  searchTag?: string;
}

/** The cursor naming the row after which (older) the next page starts; bound to the search, if any. */
export function encodeTicketCursor(row: Pick<TicketRow, 'received_at' | 'id'>, searchTag?: string): string {
  return Buffer.from(`${row.received_at}.${row.id}${searchTag === undefined ? '' : `.${searchTag}`}`, 'latin1').toString('base64url');
}

/** The position a cursor names, or null when it is not one we issue (canonical base64url of that text only). */
export function decodeTicketCursor(cursor: string): TicketCursor | null {
  if (!TICKET_CURSOR_PATTERN.test(cursor)) return null;
  const text = Buffer.from(cursor, 'base64url').toString('latin1');
  const match = CURSOR_TEXT.exec(text);
  if (match === null || Buffer.from(text, 'latin1').toString('base64url') !== cursor) return null;
  return { receivedAt: Number(match[1]), id: match[2] as string, ...(match[3] === undefined ? {} : { searchTag: match[3] }) };
}

export interface TicketPageQuery {
  /** Only this operator's tickets (a filer without tickets.process). */
  filedBy?: string;
  /** A processor: every ticket but complaints about them (unless they filed it). */
  viewer: string;
  status?: TicketStatus;
  typeId?: string;
  before?: TicketCursor;
  /** Only tickets matching this search (normalized text + its cursor tag; ticket-search.ts). */
  search?: { needle: string; tag: string };
  limit: number;
}

/** Rows read per round while a search filters (the matching happens outside SQL). */
const SEARCH_BATCH = 200;

/** One page, newest first (received_at, id), and the cursor of the next one (null: none). */
export async function ticketPage(db: Kysely<Database>, q: TicketPageQuery): Promise<{ rows: TicketRow[]; nextCursor: string | null }> {
  const listed = (before: TicketCursor | undefined, limit: number): Promise<TicketRow[]> => {
    let query = db.selectFrom('tickets').selectAll();
    if (q.filedBy !== undefined) query = query.where('filed_by', '=', q.filedBy);
    // Recusal in the query, so a page is full-sized even with complaints about the viewer.
    else query = query.where((eb) => eb.or([eb('about_operator', 'is', null), eb('about_operator', '!=', q.viewer), eb('filed_by', '=', q.viewer)]));
    if (q.status !== undefined) query = query.where('status', '=', q.status);
    if (q.typeId !== undefined) query = query.where('type_id', '=', q.typeId);
    if (before !== undefined) {
      query = query.where((eb) => eb.or([eb('received_at', '<', before.receivedAt), eb.and([eb('received_at', '=', before.receivedAt), eb('id', '<', before.id)])]));
    }
    return query.orderBy('received_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  };
  let rows: TicketRow[];
  if (q.search === undefined) {
    rows = await listed(q.before, q.limit + 1);
  } else {
    // The same visible rows as the list, narrowed batch by batch until a page (+1) matched or none are left.
    const matcher = await createTicketMatcher(db, q.search.needle);
    rows = [];
    let position = q.before;
    for (;;) {
      const batch = await listed(position, SEARCH_BATCH);
      rows.push(...(await matcher.matches(batch)));
      const last = batch.at(-1);
      if (rows.length > q.limit || batch.length < SEARCH_BATCH || last === undefined) break;
      position = { receivedAt: last.received_at, id: last.id };
    }
  }
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return { rows: page, nextCursor: rows.length > q.limit && last !== undefined ? encodeTicketCursor(last, q.search?.tag) : null };
}

const STATUS_CHANGE = /^(new|in_progress|resolved|closed)→(new|in_progress|resolved|closed)(?: ([\s\S]*))?$/;
const EXTENSION = /^([12]) ([\s\S]*)$/;
const POINTER_AND_REASON = /^(\/\S*) ([\s\S]*)$/;
const CREATED = /@([1-9][0-9]{0,6})$/;

type Described = Omit<TicketHistoryEntry, 'n' | 'at' | 'operatorId' | 'operatorName' | 'assigneeName'>;

/** A stored history row (kind + free-text detail, as ticket-actions.ts writes it) as fields the desk can label. */
export function describeHistory(kind: string, detail: string): Described {
  switch (kind) {
    case 'created': {
      const version = CREATED.exec(detail)?.[1];
      return version === undefined ? { kind: 'created' } : { kind: 'created', typeVersion: Number(version) };
    }
    case 'status': {
      const m = STATUS_CHANGE.exec(detail);
      if (m === null) return { kind: 'other' };
      return { kind: 'status', from: m[1] as TicketStatus, to: m[2] as TicketStatus, ...(m[3] === undefined || m[3] === '' ? {} : { note: m[3].slice(0, 1000) }) };
    }
    case 'assigned':
      if (detail === '-') return { kind: 'assigned', assignee: null };
      return OperatorId.safeParse(detail).success ? { kind: 'assigned', assignee: detail } : { kind: 'other' };
    case 'extended': {
      const m = EXTENSION.exec(detail);
      return m === null ? { kind: 'other' } : { kind: 'extended', extension: Number(m[1]), reason: (m[2] as string).slice(0, 1000) };
    }
    case 'ticket-revealed':
    case 'ticket-reveal-refused': {
      const m = POINTER_AND_REASON.exec(detail);
      const described = kind === 'ticket-revealed' ? 'revealed' : 'reveal-refused';
      return m === null ? { kind: described } : { kind: described, pointer: (m[1] as string).slice(0, 300), reason: (m[2] as string).slice(0, 1000) };
    }
    default:
      return { kind: 'other' };
  }
}

/** Display names of the operators the institution still has, as the history's contract allows them (1–80 characters). */
async function displayNames(db: Kysely<Database>, ids: Iterable<string>): Promise<Map<string, string>> {
  const names = await operatorNames(db, ids);
  return new Map([...names].filter(([, name]) => name.length > 0 && name.length <= 80));
}

/**
 * The tickets with their assignee's display name where the institution knows it (one query
 * for the whole page, the same lookup as the history's); an unknown name is left out and the
 * desk shows the id.
 */
export async function withAssigneeNames(db: Kysely<Database>, tickets: readonly Ticket[]): Promise<Ticket[]> {
  const names = await displayNames(db, tickets.flatMap((t) => (t.assignee === null ? [] : [t.assignee])));
  return tickets.map((t) => {
    const assigneeName = t.assignee === null ? undefined : names.get(t.assignee);
    return assigneeName === undefined ? t : { ...t, assigneeName };
  });
}

/**
 * A ticket's history, oldest first, the newest TICKET_HISTORY_MAX entries. `staff` (a
 * processor or revealer the ticket is not about) sees every entry; the filer otherwise sees
 * its life — filed, status changes, assignment, extensions — but no reveal entries.
 */
export async function ticketHistory(db: Kysely<Database>, ticketId: string, staff: boolean): Promise<TicketHistoryResponse> {
  let query = db.selectFrom('ticket_history').select(['n', 'operator_id', 'kind', 'detail', 'at']).where('ticket_id', '=', ticketId);
  if (!staff) query = query.where('kind', 'not in', [...STAFF_ONLY_HISTORY]);
  const rows = (await query.orderBy('n', 'desc').limit(TICKET_HISTORY_MAX + 1).execute()).reverse();
  const truncated = rows.length > TICKET_HISTORY_MAX;
  const kept = truncated ? rows.slice(1) : rows;
  const described = kept.map((r) => ({ row: r, what: describeHistory(r.kind, r.detail) }));
  const names = await displayNames(db, [...kept.map((r) => r.operator_id), ...described.flatMap((d) => (typeof d.what.assignee === 'string' ? [d.what.assignee] : []))]);
  const entries = described.map(({ row, what }): TicketHistoryEntry => {
    const operatorName = names.get(row.operator_id);
    const assigneeName = typeof what.assignee === 'string' ? names.get(what.assignee) : undefined;
    return {
      n: row.n,
      at: isoTime(row.at),
      operatorId: row.operator_id.slice(0, 64),
      ...(operatorName === undefined ? {} : { operatorName }),
      ...what,
      ...(assigneeName === undefined ? {} : { assigneeName }),
    };
  });
  return { entries, truncated };
}

/**
 * Who may be assigned this ticket: active operators whose roles grant tickets.process, minus
 * the person a complaint is about (recusal) — the rule POST /tickets/{id}/assign enforces.
 * Ordered by id; at most TICKET_ASSIGNEES_MAX.
 */
export async function eligibleAssignees(db: Kysely<Database>, ticket: Pick<TicketRow, 'about_operator'>): Promise<TicketAssignee[]> {
  const rows = await db.selectFrom('operators').selectAll().where('disabled', '=', 0).orderBy('id').execute();
  return rows
    .map(toOperator)
    .filter((o) => o.permissions.includes('tickets.process') && !isRecused(ticket, o.id) && OperatorId.safeParse(o.id).success && o.displayName.length > 0 && o.displayName.length <= 80)
    .slice(0, TICKET_ASSIGNEES_MAX)
    .map((o) => ({ operatorId: o.id, displayName: o.displayName }));
}
