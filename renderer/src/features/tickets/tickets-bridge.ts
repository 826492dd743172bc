import type { DeskApi } from '../../../../electron/contract/desk-api.ts';
import type { Ticket, TicketAssignees, TicketChanged, TicketComments, TicketHistory, TicketList, TicketOutboxCounts, TicketTypeVersion } from '../../../../electron/contract/tickets.ts';

/**
 * The desk's `tickets.*` calls the area uses (`desk.tickets` is one; electron/contract/tickets.ts).
 * Derived from the channel table (desk-api.ts), so it cannot drift from the real bridge.
 * Types only: the page never loads the zod schemas.
 */
export type TicketsBridge = Pick<
  DeskApi['tickets'],
  'list' | 'get' | 'types' | 'typeVersion' | 'comments' | 'history' | 'assignees' | 'comment' | 'transition' | 'assign' | 'extend' | 'reveal' | 'outbox' | 'dismissUndeliverable' | 'refillUndeliverable' | 'onChanged' | 'onOutboxChanged'
>;

export type { Ticket, TicketChanged, TicketList, TicketOutboxCounts, TicketTypeVersion };
export type LocalTicket = TicketList['local'][number];
export type TicketComment = TicketComments['comments'][number];
export type TicketHistoryEntry = TicketHistory['entries'][number];
export type TicketAssignee = TicketAssignees['assignees'][number];
