import type { FastifyReply, FastifyRequest } from 'fastify';
import { API_PREFIX } from '../../../contract/api.ts';
import {
  ComplaintExtendRequest,
  CreateTicketTypeRequest,
  CreateTicketTypeVersionRequest,
  TICKET_BATCH_MAX_BYTES,
  TicketAssignRequest,
  TicketBatchRequest,
  TicketCommentRequest,
  TicketRevealRequest,
  TicketTransitionRequest,
  TicketTypeId,
  type Ticket,
  type TicketBatchResponse,
  type TicketFieldError,
  type TicketValidationError,
} from '../../../contract/ticket-api.ts';
import { createStaffActionLog } from '../../audit/staff-actions.ts';
import { ApiFailure } from '../../errors.ts';
import { createTicketActions, type TicketActor } from '../../tickets/ticket-actions.ts';
import { createTicketBatch, IDEMPOTENCY_KEY } from '../../tickets/ticket-batch.ts';
import { zodFieldErrors } from '../../tickets/ticket-intake.ts';
import { announceTicketChange } from '../../tickets/ticket-push.ts';
import { createTicketStore, toTicket, type TicketRow } from '../../tickets/ticket-store.ts';
import { createTicketTypes, TicketTypeRefused } from '../../tickets/ticket-types.ts';
import { isRecused } from '../../tickets/ticket-workflow.ts';
import { withAssigneeNames } from '../../tickets/ticket-views.ts';
import type { AppContext, HttpsApp } from '../context.ts';
import { requireSession, sessionPermissions, type Caller } from '../guards.ts';
import { parseBody } from '../validate.ts';
import { registerTicketViewRoutes } from './ticket-view-routes.ts';

/** Field codes of ticket-filing.ts: the ticket was not filed in a valid session. */
const FILING_CODES = new Set(['filing-session-unknown', 'outside-filing-session', 'created-in-future']);
const TICKET_ID = /^T-[0-9A-HJKMNP-TV-Z]{26}$/;

function fieldErrors(reply: FastifyReply, fields: TicketFieldError[], message = 'the ticket is invalid'): FastifyReply {
  const body: TicketValidationError = { error: { code: 'bad_request', message, fields: fields.slice(0, 50) } };
  return reply.code(400).type('application/json; charset=utf-8').send(body);
}

/**
 * Tickets over HTTPS (docs/architecture.md "Tickets (institution side)"). Types: tickets.admin
 * defines them, anyone who files or processes reads them. Tickets: tickets.create files (one
 * Idempotency-Key per delivery: the same body again answers the first receipt, another body
 * 409), the filer sees their own, tickets.process sees and handles all but complaints about
 * themselves (recusal), tickets.reveal opens a sealed field with a reason (audited either way).
 * Invalid bodies answer 400 with field-level errors (pointer + code), never a 5xx.
 */
export function registerTicketRoutes(app: HttpsApp, ctx: AppContext): void {
  const db = ctx.handle.db;
  const types = createTicketTypes({ db, now: ctx.now });
  const store = createTicketStore({ db, now: ctx.now });
  const staffActions = createStaffActionLog({ db, now: ctx.now });
  const fileBatch = createTicketBatch({ db, types, keys: ctx.ticketKeys, store, now: ctx.now });
  const actions = createTicketActions({ db, now: ctx.now, store, keys: ctx.ticketKeys, staffActions, serverEvents: ctx.serverEvents, ...(ctx.beforeTicketWrite === undefined ? {} : { beforeWrite: ctx.beforeTicketWrite }) });
  /** A form definition every desk will render: who made it is in the staff-action log. */
  const recordTypeAction = (actor: TicketActor, type: 'ticket-type-created' | 'ticket-type-version-added', defined: { typeId: string; version: number; businessLine: string }) =>
    staffActions.record({ type, operatorId: actor.operatorId, workstationId: actor.workstationId, subject: `ticket-type:${defined.typeId}`, detail: `v${defined.version} ${defined.businessLine}`, source: actor.source });

  async function caller(request: FastifyRequest, ...anyOf: string[]): Promise<{ who: Caller; actor: TicketActor }> {
    const who = await requireSession(ctx, request);
    const permissions = sessionPermissions(who);
    if (anyOf.length > 0 && !anyOf.some((p) => (permissions as string[]).includes(p))) throw new ApiFailure('forbidden', `permission ${anyOf.join(' or ')} is required`);
    return { who, actor: { operatorId: who.operator.id, permissions, workstationId: who.session.workstationId, source: request.ip } };
  }

  /** The ticket if the caller may see it: its filer, or staff (process / reveal) it is not about (else 404, like a missing one). */
  async function visibleTicket(request: FastifyRequest, actor: TicketActor): Promise<TicketRow> {
    const raw = (request.params as { id?: unknown }).id;
    if (typeof raw !== 'string' || !TICKET_ID.test(raw)) throw new ApiFailure('not_found', 'no such ticket');
    const row = await store.get(raw);
    const staff = (actor.permissions.includes('tickets.process') || actor.permissions.includes('tickets.reveal')) && !isRecused(row, actor.operatorId);
    if (row.filed_by !== actor.operatorId && !staff) throw new ApiFailure('not_found', 'no such ticket');
    return row;
  }

  const typeIdOf = (request: FastifyRequest): string => {
    const parsed = TicketTypeId.safeParse((request.params as { typeId?: unknown }).typeId);
    if (!parsed.success) throw new ApiFailure('not_found', 'no such ticket type');
    return parsed.data;
  };
  const readers = ['tickets.create', 'tickets.process', 'tickets.admin'];

  app.post(`${API_PREFIX}/tickets/types`, async (request, reply) => {
    const { actor } = await caller(request, 'tickets.admin');
    const parsed = CreateTicketTypeRequest.safeParse(request.body);
    if (!parsed.success) return fieldErrors(reply, zodFieldErrors(parsed.error), 'the ticket type is refused');
    const body = parsed.data;
    try {
      const created = await types.create(body, actor.operatorId);
      await recordTypeAction(actor, 'ticket-type-created', created);
      return await reply.code(201).send(created);
    } catch (error) {
      if (error instanceof TicketTypeRefused) return fieldErrors(reply, error.fields, 'the ticket type is refused');
      throw error;
    }
  });

  app.post(`${API_PREFIX}/tickets/types/:typeId/versions`, async (request, reply) => {
    const { actor } = await caller(request, 'tickets.admin');
    const typeId = typeIdOf(request);
    const parsed = CreateTicketTypeVersionRequest.safeParse(request.body);
    if (!parsed.success) return fieldErrors(reply, zodFieldErrors(parsed.error), 'the ticket type is refused');
    const body = parsed.data;
    try {
      const added = await types.addVersion(typeId, body, actor.operatorId);
      await recordTypeAction(actor, 'ticket-type-version-added', added);
      return await reply.code(201).send(added);
    } catch (error) {
      if (error instanceof TicketTypeRefused) return fieldErrors(reply, error.fields, 'the ticket type is refused');
      throw error;
    }
  });

  app.get(`${API_PREFIX}/tickets/types`, async (request) => {
    await caller(request, ...readers);
    return { types: await types.list() };
  });

  app.get(`${API_PREFIX}/tickets/types/:typeId/versions`, async (request) => {
    await caller(request, ...readers);
    return { versions: await types.versions(typeIdOf(request)) };
  });

  app.get(`${API_PREFIX}/tickets/types/:typeId/versions/:version`, async (request) => {
    await caller(request, ...readers);
    const raw = (request.params as { version?: unknown }).version;
    const version = typeof raw === 'string' && /^[1-9][0-9]{0,6}$/.test(raw) ? Number(raw) : NaN;
    if (Number.isNaN(version)) throw new ApiFailure('not_found', 'no such ticket type version');
    return types.version(typeIdOf(request), version);
  });

  app.get(`${API_PREFIX}/tickets/filing-session`, async (request): Promise<{ sessionId: string }> => {
    const { who } = await caller(request, 'tickets.create');
    return { sessionId: who.session.sessionId };
  });

  // One create: a batch of one (ticket-batch.ts), answered with the item's own status.
  app.post(`${API_PREFIX}/tickets`, async (request, reply) => {
    const { who } = await caller(request, 'tickets.create');
    const key = request.headers['idempotency-key'];
    if (typeof key !== 'string' || !IDEMPOTENCY_KEY.test(key)) return fieldErrors(reply, [{ pointer: '/headers/idempotency-key', code: 'idempotency-key-required' }], 'Idempotency-Key is required');
    const { results, created } = await fileBatch({ sessionId: who.session.sessionId, workstationId: who.session.workstationId ?? '' }, [{ idempotencyKey: key, ticket: request.body as TicketBatchRequest['tickets'][number]['ticket'] }]);
    for (const row of created) announceTicketChange(ctx.hub, row, 'created');
    const result = results[0];
    if (result?.receipt !== undefined) return reply.code(result.status).send(result.receipt);
    if (result?.status === 409) throw new ApiFailure('conflict', 'this Idempotency-Key was used with a different body');
    if (result?.status === 413) throw new ApiFailure('payload_too_large', 'the ticket is too large');
    const fields = result?.errors ?? [];
    return fieldErrors(reply, fields, fields.some((f) => FILING_CODES.has(f.code)) ? 'the ticket was not filed in a valid session' : undefined);
  });

  // Up to 64 creates, each answered as POST /tickets would answer it, stored in one transaction (ticket-batch.ts).
  app.post(`${API_PREFIX}/tickets/batch`, { bodyLimit: TICKET_BATCH_MAX_BYTES }, async (request, reply) => {
    const { who } = await caller(request, 'tickets.create');
    const parsed = TicketBatchRequest.safeParse(request.body);
    if (!parsed.success) return fieldErrors(reply, zodFieldErrors(parsed.error), 'the batch is invalid');
    const { results, created } = await fileBatch({ sessionId: who.session.sessionId, workstationId: who.session.workstationId ?? '' }, parsed.data.tickets);
    for (const row of created) announceTicketChange(ctx.hub, row, 'created');
    const body: TicketBatchResponse = { results };
    return reply.code(200).send(body);
  });

  // GET /tickets (filters, cursor paging), /tickets/{id}/history and /assignees: ticket-view-routes.ts.
  registerTicketViewRoutes(app, ctx, { caller, visibleTicket });

  app.get(`${API_PREFIX}/tickets/:id`, async (request): Promise<Ticket> => {
    const { actor } = await caller(request);
    // With the assignee's name, as in the list: the desk replaces a pushed row with this answer.
    const [ticket] = await withAssigneeNames(db, [toTicket(await visibleTicket(request, actor), ctx.now())]);
    return ticket as Ticket;
  });

  app.get(`${API_PREFIX}/tickets/:id/comments`, async (request) => {
    const { actor } = await caller(request);
    const row = await visibleTicket(request, actor);
    return { comments: await store.comments(row.id) };
  });

  app.post(`${API_PREFIX}/tickets/:id/comments`, async (request, reply) => {
    const { actor } = await caller(request);
    const row = await visibleTicket(request, actor);
    const { body } = parseBody(TicketCommentRequest, request.body);
    const comment = await store.comment(row.id, actor.operatorId, body);
    announceTicketChange(ctx.hub, row, 'commented');
    return reply.code(201).send(comment);
  });

  app.post(`${API_PREFIX}/tickets/:id/transition`, async (request): Promise<Ticket> => {
    const { actor } = await caller(request);
    const row = await visibleTicket(request, actor);
    const body = parseBody(TicketTransitionRequest, request.body);
    const updated = await actions.transition(row, actor, body.to, body.note);
    announceTicketChange(ctx.hub, updated, 'status');
    return toTicket(updated, ctx.now());
  });

  app.post(`${API_PREFIX}/tickets/:id/assign`, async (request): Promise<Ticket> => {
    const { actor } = await caller(request);
    const row = await visibleTicket(request, actor);
    const { assignee } = parseBody(TicketAssignRequest, request.body);
    const updated = await actions.assign(row, actor, assignee);
    announceTicketChange(ctx.hub, updated, 'assigned');
    return toTicket(updated, ctx.now());
  });

  app.post(`${API_PREFIX}/tickets/:id/extend`, async (request): Promise<Ticket> => {
    const { actor } = await caller(request);
    const row = await visibleTicket(request, actor);
    const body = parseBody(ComplaintExtendRequest, request.body);
    const updated = await actions.extend(row, actor, body.reason, body.approvedBy);
    announceTicketChange(ctx.hub, updated, 'extended');
    return toTicket(updated, ctx.now());
  });

  app.post(`${API_PREFIX}/tickets/:id/reveal`, async (request) => {
    const { actor } = await caller(request);
    const raw = (request.params as { id?: unknown }).id;
    if (typeof raw !== 'string' || !TICKET_ID.test(raw)) throw new ApiFailure('not_found', 'no such ticket');
    const row = await store.get(raw);
    const body = parseBody(TicketRevealRequest, request.body);
    return { pointer: body.pointer, value: await actions.reveal(row, actor, body.pointer, body.reason) };
  });
}
