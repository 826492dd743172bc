import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { API_PREFIX } from '../../../contract/api.ts';
import {
  TICKET_CURSOR_PATTERN,
  TicketStatus,
  TicketTypeId,
  type TicketAssigneesResponse,
  type TicketFieldError,
  type TicketHistoryResponse,
  type TicketsResponse,
  type TicketValidationError,
} from '../../../contract/ticket-api.ts';
import { ApiFailure } from '../../errors.ts';
import type { TicketActor } from '../../tickets/ticket-actions.ts';
import { toTicket, type TicketRow } from '../../tickets/ticket-store.ts';
import { normalizeTicketSearch, searchTag } from '../../tickets/ticket-search.ts';
import { decodeTicketCursor, eligibleAssignees, ticketHistory, ticketPage, withAssigneeNames } from '../../tickets/ticket-views.ts';
import { isRecused } from '../../tickets/ticket-workflow.ts';
import type { AppContext, HttpsApp } from '../context.ts';

/**
 * `GET /tickets?status=&type=&limit=&before=&q=`: strict — every parameter at most once, in its
 * shape (a repeated one arrives as an array and is refused), nothing else.
 */
const ListQuery = z
  .object({
    status: TicketStatus.optional(),
    type: TicketTypeId.optional(),
    limit: z
      .string()
      .regex(/^[1-9][0-9]{0,2}$/)
      .transform(Number)
      .pipe(z.number().int().min(1).max(200))
      .optional(),
    before: z.string().regex(TICKET_CURSOR_PATTERN).optional(),
    /** The search text (ticket-search.ts): checked for hidden characters and length after parsing. */
    q: z.string().max(256).optional(),
  })
  .strict();

const DEFAULT_LIMIT = 50;

/** What ticket-routes.ts shares: the session + permission check and the "may see this ticket" rule. */
export interface TicketViewDeps {
  caller(request: FastifyRequest, ...anyOf: string[]): Promise<{ actor: TicketActor }>;
  visibleTicket(request: FastifyRequest, actor: TicketActor): Promise<TicketRow>;
}

function queryErrors(reply: FastifyReply, fields: TicketFieldError[]): FastifyReply {
  const body: TicketValidationError = { error: { code: 'bad_request', message: 'the query is invalid', fields: fields.slice(0, 50) } };
  return reply.code(400).type('application/json; charset=utf-8').send(body);
}

/** Staff as the history sees them: a processor or revealer the ticket is not about. */
const isStaffFor = (row: TicketRow, actor: TicketActor): boolean =>
  (actor.permissions.includes('tickets.process') || actor.permissions.includes('tickets.reveal')) && !isRecused(row, actor.operatorId);

/**
 * The list (filters + cursor paging), a ticket's history and its eligible assignees
 * (docs/architecture.md "Tickets (institution side)"). Registered by ticket-routes.ts, whose
 * caller/visibleTicket decide who may ask, exactly as for GET /tickets/{id}.
 */
export function registerTicketViewRoutes(app: HttpsApp, ctx: AppContext, deps: TicketViewDeps): void {
  const db = ctx.handle.db;

  app.get(`${API_PREFIX}/tickets`, async (request, reply) => {
    const { actor } = await deps.caller(request, 'tickets.create', 'tickets.process');
    const parsed = ListQuery.safeParse(request.query ?? {});
    if (!parsed.success) {
      return queryErrors(
        reply,
        parsed.error.issues.map((issue) => {
          const keys = issue.code === 'unrecognized_keys' ? (issue as { keys?: string[] }).keys : undefined;
          const name = String(issue.path[0] ?? keys?.[0] ?? '').slice(0, 64);
          return { pointer: `/query/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`, code: issue.code };
        }),
      );
    }
    const query = parsed.data;
    const needle = query.q === undefined ? undefined : normalizeTicketSearch(query.q);
    if (needle === null) return queryErrors(reply, [{ pointer: '/query/q', code: 'search-invalid' }]);
    const search = needle === undefined ? undefined : { needle, tag: searchTag(needle) };
    const before = query.before === undefined ? undefined : decodeTicketCursor(query.before);
    if (before === null) return queryErrors(reply, [{ pointer: '/query/before', code: 'cursor-invalid' }]);
    // A cursor is a position in one result list: another search's (or no search's) position is refused.
    if (before !== undefined && before.searchTag !== search?.tag) return queryErrors(reply, [{ pointer: '/query/before', code: 'cursor-other-search' }]);
    const processor = actor.permissions.includes('tickets.process');
    const page = await ticketPage(db, {
      viewer: actor.operatorId,
      ...(processor ? {} : { filedBy: actor.operatorId }),
      ...(query.status === undefined ? {} : { status: query.status }),
      ...(query.type === undefined ? {} : { typeId: query.type }),
      ...(before === undefined ? {} : { before }),
      ...(search === undefined ? {} : { search }),
      limit: query.limit ?? DEFAULT_LIMIT,
    });
    const t = ctx.now();
    const body: TicketsResponse = { tickets: await withAssigneeNames(db, page.rows.map((r) => toTicket(r, t))), nextCursor: page.nextCursor };
    return body;
  });

  app.get(`${API_PREFIX}/tickets/:id/history`, async (request): Promise<TicketHistoryResponse> => {
    const { actor } = await deps.caller(request);
    const row = await deps.visibleTicket(request, actor);
    return ticketHistory(db, row.id, isStaffFor(row, actor));
  });

  app.get(`${API_PREFIX}/tickets/:id/assignees`, async (request): Promise<TicketAssigneesResponse> => {
    const { actor } = await deps.caller(request, 'tickets.process');
    const row = await deps.visibleTicket(request, actor);
    // The person a complaint is about may not handle it, so may not hand it out either.
    if (isRecused(row, actor.operatorId)) throw new ApiFailure('forbidden', 'recused: the complaint is about you');
    return { assignees: await eligibleAssignees(db, row) };
  });
}
