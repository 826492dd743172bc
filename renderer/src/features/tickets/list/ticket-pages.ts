import type { Ticket } from '../tickets-bridge.ts';

/** The list's filter: one status and/or one type and/or a search; nothing set = every ticket the operator may see. */
export interface TicketFilter {
  status?: Ticket['status'];
  type?: string;
  /** A search the institution applies (GET /tickets?q=); trimmed, never empty. */
  q?: string;
}

/** The institution's order, newest first: received later, then the larger id. */
export function isOlder(a: Pick<Ticket, 'receivedAt' | 'id'>, b: Pick<Ticket, 'receivedAt' | 'id'>): boolean {
  return a.receivedAt === b.receivedAt ? a.id < b.id : a.receivedAt < b.receivedAt;
}

/**
 * The list after a re-read of the first page while older pages ("加载更多") are shown: the
 * fresh first page, then the older rows still older than its last one and not on it — so a
 * ticket never shows twice (a new ticket pushes the first page's last row into the older
 * part) and the rows the operator loaded stay put.
 */
export function mergeFirstPage(first: readonly Ticket[], older: readonly Ticket[]): Ticket[] {
  const last = first.at(-1);
  const onFirst = new Set(first.map((t) => t.id));
  return [...first, ...older.filter((t) => !onFirst.has(t.id) && (last === undefined || isOlder(t, last)))];
}

/**
 * Does a ticket (re-read after a change) still belong in the filtered list? The search is the
 * institution's (it sees names this page may not): a re-read ticket stays until the next read of the list.
 */
export function matchesFilter(ticket: Ticket, filter: TicketFilter): boolean {
  return (filter.status === undefined || ticket.status === filter.status) && (filter.type === undefined || ticket.typeId === filter.type);
}
