import type { ComplaintClock, TicketStatus } from '../../contract/ticket-api.ts';
import { isoTime } from '../clock.ts';
import type { Database } from '../db/schema.ts';

/**
 * The rules of a ticket's life, as data: which status may follow which, and the complaint
 * clock. Kept free of I/O so the transitions table is tested exhaustively.
 *
 *   new → in_progress → resolved → closed
 *   resolved → in_progress, closed → in_progress   (reopen)
 */
export const TRANSITIONS: Readonly<Record<TicketStatus, readonly TicketStatus[]>> = {
  new: ['in_progress'],
  in_progress: ['resolved'],
  resolved: ['closed', 'in_progress'],
  closed: ['in_progress'],
};

export function canTransition(from: TicketStatus, to: TicketStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

const DAY = 86_400_000;

/**
 * Complaint clock (投诉处理时限): an answer is due 15 days after filing; one extension moves it
 * to 30 days after filing; a second extension adds 30 more and needs an approver (another
 * processor, not the requester, not the person the complaint is about). No third.
 */
export const COMPLAINT_DAYS = { initial: 15, firstExtension: 30, secondExtension: 60 } as const;

export function initialDueAt(filedAt: number): number {
  return filedAt + COMPLAINT_DAYS.initial * DAY;
}

/** The due date after `extensions` extensions (1 or 2) of a complaint filed at `filedAt`. */
export function extendedDueAt(filedAt: number, extensions: 1 | 2): number {
  return filedAt + (extensions === 1 ? COMPLAINT_DAYS.firstExtension : COMPLAINT_DAYS.secondExtension) * DAY;
}

/** Overdue: still open (not resolved or closed) after the due moment. */
export function isOverdue(status: TicketStatus, dueAt: number, now: number): boolean {
  return status !== 'resolved' && status !== 'closed' && now > dueAt;
}

export function complaintClockOf(row: Pick<Database['tickets'], 'due_at' | 'extensions' | 'approved_by' | 'status' | 'about_operator'>, now: number): ComplaintClock | null {
  if (row.due_at === null) return null;
  return {
    dueAt: isoTime(row.due_at),
    extensions: row.extensions,
    approvedBy: row.approved_by,
    overdue: isOverdue(row.status as TicketStatus, row.due_at, now),
    aboutOperatorId: row.about_operator,
  };
}

/** Recusal: the person a complaint is about never handles it (assign, process, reveal, extend, approve). */
export function isRecused(row: Pick<Database['tickets'], 'about_operator'>, operatorId: string): boolean {
  return row.about_operator !== null && row.about_operator === operatorId;
}
