import type { z } from 'zod';
import {
  FilingSessionResponse,
  Ticket,
  TicketComment,
  TicketBatchResponse,
  TicketCommentsResponse,
  TicketReceipt,
  TicketAssigneesResponse,
  TicketHistoryResponse,
  TicketRevealResponse,
  TicketsResponse,
  TicketTypesResponse,
  TicketTypeVersion,
  type CreateTicketRequest,
  type TicketStatus,
} from '../../../institution/contract/api.ts';
import { routes, type Route } from './routes.ts';

/**
 * The Institution API's ticket calls (`/tickets/...`), built on the client's own request
 * runner (client.ts passes its `json`), so they get the same pins, failover, retry rules and
 * typed failures. A 400 refusal of a ticket's body carries the institution's per-field
 * errors in `ApiFailure.fields` (response.ts).
 */
export interface TicketClient {
  ticketTypes(accessToken: string): Promise<z.infer<typeof TicketTypesResponse>>;
  ticketTypeVersion(accessToken: string, typeId: string, version: number): Promise<TicketTypeVersion>;
  ticketFilingSession(accessToken: string): Promise<{ sessionId: string }>;
  /** POST /tickets with the outbox row's Idempotency-Key: 201 created, 200 a replay of the same key and body. */
  createTicket(accessToken: string, idempotencyKey: string, request: CreateTicketRequest): Promise<TicketReceipt>;
  /** POST /tickets/batch (≤ 64 items): `results[i]` answers item i as createTicket would (status + receipt or code + errors). */
  createTickets(accessToken: string, items: { idempotencyKey: string; ticket: CreateTicketRequest }[]): Promise<z.infer<typeof TicketBatchResponse>>;
  /** A page of the list (newest first); `before` = the previous page's `nextCursor`. */
  ticketList(accessToken: string, query: { status?: TicketStatus; type?: string; limit?: number; before?: string; q?: string }): Promise<z.infer<typeof TicketsResponse>>;
  ticketGet(accessToken: string, ticketId: string): Promise<Ticket>;
  ticketComments(accessToken: string, ticketId: string): Promise<z.infer<typeof TicketCommentsResponse>>;
  ticketHistory(accessToken: string, ticketId: string): Promise<z.infer<typeof TicketHistoryResponse>>;
  ticketAssignees(accessToken: string, ticketId: string): Promise<z.infer<typeof TicketAssigneesResponse>>;
  ticketComment(accessToken: string, ticketId: string, body: string): Promise<TicketComment>;
  ticketTransition(accessToken: string, ticketId: string, request: { to: TicketStatus; note?: string }): Promise<Ticket>;
  ticketAssign(accessToken: string, ticketId: string, assignee: string | null): Promise<Ticket>;
  ticketExtend(accessToken: string, ticketId: string, request: { reason: string; approvedBy?: string }): Promise<Ticket>;
  ticketReveal(accessToken: string, ticketId: string, request: { pointer: string; reason: string }): Promise<{ pointer: string; value: string }>;
}

/** What client.ts hands over: one JSON call over its runner, and its path builder. */
export interface TicketCallRunner {
  json<S extends z.ZodType>(call: { route: Route; path?: string; token: string; body?: unknown; headers?: Record<string, string> }, schema: S): Promise<z.infer<S>>;
  pathOf(route: Route, params?: Record<string, string | number>, query?: Record<string, string | number | undefined>): string;
}

export function createTicketCalls({ json, pathOf }: TicketCallRunner): TicketClient {
  const at = (route: Route, id: string) => pathOf(route, { id });
  return {
    ticketTypes: (token) => json({ route: routes.ticketTypes, token }, TicketTypesResponse),
    ticketTypeVersion: (token, typeId, version) =>
      json({ route: routes.ticketTypeVersion, path: pathOf(routes.ticketTypeVersion, { typeId, version }), token }, TicketTypeVersion),
    ticketFilingSession: (token) => json({ route: routes.ticketFilingSession, token }, FilingSessionResponse),
    createTicket: (token, idempotencyKey, request) =>
      json({ route: routes.ticketCreate, token, body: request, headers: { 'idempotency-key': idempotencyKey } }, TicketReceipt),
    createTickets: (token, items) => json({ route: routes.ticketCreateBatch, token, body: { tickets: items } }, TicketBatchResponse),
    ticketList: (token, query) => json({ route: routes.ticketList, path: pathOf(routes.ticketList, {}, query), token }, TicketsResponse),
    ticketGet: (token, id) => json({ route: routes.ticketGet, path: at(routes.ticketGet, id), token }, Ticket),
    ticketComments: (token, id) => json({ route: routes.ticketComments, path: at(routes.ticketComments, id), token }, TicketCommentsResponse),
    ticketHistory: (token, id) => json({ route: routes.ticketHistory, path: at(routes.ticketHistory, id), token }, TicketHistoryResponse),
    ticketAssignees: (token, id) => json({ route: routes.ticketAssignees, path: at(routes.ticketAssignees, id), token }, TicketAssigneesResponse),
    ticketComment: (token, id, body) => json({ route: routes.ticketComment, path: at(routes.ticketComment, id), token, body: { body } }, TicketComment),
    ticketTransition: (token, id, request) => json({ route: routes.ticketTransition, path: at(routes.ticketTransition, id), token, body: request }, Ticket),
    ticketAssign: (token, id, assignee) => json({ route: routes.ticketAssign, path: at(routes.ticketAssign, id), token, body: { assignee } }, Ticket),
    ticketExtend: (token, id, request) => json({ route: routes.ticketExtend, path: at(routes.ticketExtend, id), token, body: request }, Ticket),
    ticketReveal: (token, id, request) => json({ route: routes.ticketReveal, path: at(routes.ticketReveal, id), token, body: request }, TicketRevealResponse),
  };
}
