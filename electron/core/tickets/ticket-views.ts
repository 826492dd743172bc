import type { InvokeRequest, InvokeResponse } from '../../contract/channels.ts';
import type { InstitutionClient } from '../api/client.ts';
import type { SessionKeeper } from '../session/keeper.ts';
import { ticketCalls } from './ticket-institution.ts';

/**
 * `tickets.history` and `tickets.assignees`: read straight from the institution with the
 * operator's token, nothing kept here. The institution decides what each operator sees (a
 * filer gets no reveal entries; assignees need tickets.process and leave out the person a
 * complaint is about); its 404/403 become `ticket_not_found` / `permission_denied`.
 */
export interface TicketViewHandlers {
  'tickets.history': (p: InvokeRequest<'tickets.history'>) => Promise<InvokeResponse<'tickets.history'>>;
  'tickets.assignees': (p: InvokeRequest<'tickets.assignees'>) => Promise<InvokeResponse<'tickets.assignees'>>;
}

export function createTicketViewHandlers(o: { client: Pick<InstitutionClient, 'ticketHistory' | 'ticketAssignees'>; session: Pick<SessionKeeper, 'withAccessToken'> }): TicketViewHandlers {
  const withToken = ticketCalls(o.session);
  return {
    'tickets.history': ({ ticketId }) => withToken((t) => o.client.ticketHistory(t, ticketId)),
    'tickets.assignees': ({ ticketId }) => withToken((t) => o.client.ticketAssignees(t, ticketId)),
  };
}
