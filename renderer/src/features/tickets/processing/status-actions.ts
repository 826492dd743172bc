import type { TicketStatus } from '../../../../../institution/contract/ticket-api.ts';

/**
 * The status changes a processor is offered, as the institution's transition table allows
 * them (institution/src/tickets/ticket-workflow.ts, which the renderer may not import):
 *
 *   new → in_progress → resolved → closed;  resolved | closed → in_progress (reopen)
 *
 * The institution still decides: a change another processor made meanwhile answers a
 * conflict, which the view shows, and the ticket is read again.
 */
export type StatusAction = 'start' | 'resolve' | 'close' | 'reopen';

const ACTIONS: Readonly<Record<TicketStatus, readonly StatusAction[]>> = {
  new: ['start'],
  in_progress: ['resolve'],
  resolved: ['close', 'reopen'],
  closed: ['reopen'],
};

export const ACTION_TARGET: Readonly<Record<StatusAction, TicketStatus>> = {
  start: 'in_progress',
  resolve: 'resolved',
  close: 'closed',
  reopen: 'in_progress',
};

export function statusActionsFor(status: TicketStatus): readonly StatusAction[] {
  return ACTIONS[status];
}

/** Operator ids as the institution writes them (institution/contract/ids.ts OperatorId). */
export const OPERATOR_ID = /^[A-Za-z0-9._-]{1,32}$/;
