import type { PushEvent } from '../../contract/api.ts';
import type { TicketStatus } from '../../contract/ticket-api.ts';
import type { Audience, PushHub } from '../push/push-hub.ts';

export type TicketChange = 'created' | 'status' | 'assigned' | 'commented' | 'extended';

/** The filing operator's streams and every processor's (tickets.process); nobody else. */
export function ticketAudience(filedBy: string): Audience {
  return (access, operatorId) => operatorId === filedBy || access.permissions.includes('tickets.process');
}

/** Pushes `ticket-changed` (ids and status only, never field values); returns how many streams got it. */
export function announceTicketChange(hub: Pick<PushHub, 'broadcast'>, ticket: { id: string; type_id: string; status: string; filed_by: string }, change: TicketChange): number {
  const event: PushEvent = { type: 'ticket-changed', ticketId: ticket.id, typeId: ticket.type_id, status: ticket.status as TicketStatus, change };
  return hub.broadcast(event, ticketAudience(ticket.filed_by));
}
