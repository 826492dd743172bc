import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
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
  TicketStatus,
  TicketTransitionRequest,
  TicketTypeId,
  type Ticket,
  type TicketBatchResponse,
  type TicketFieldError,
  type TicketReceipt,
  type TicketValidationError,
} from '../../../contract/ticket-api.ts';
import { createStaffActionLog } from '../../audit/staff-actions.ts';
import { isoTime } from '../../clock.ts';
import { ApiFailure } from '../../errors.ts';
import { createTicketActions, type TicketActor } from '../../tickets/ticket-actions.ts';
import { createTicketBatch } from '../../tickets/ticket-batch.ts';
import { checkFiling } from '../../tickets/ticket-filing.ts';
import { checkTicketBody, zodFieldErrors } from '../../tickets/ticket-intake.ts';
import { announceTicketChange } from '../../tickets/ticket-push.ts';
import { bodyHash, createTicketStore, toTicket, type TicketRow } from '../../tickets/ticket-store.ts';
import { createTicketTypes, TicketTypeRefused } from '../../tickets/ticket-types.ts';
import { isRecused } from '../../tickets/ticket-workflow.ts';
import type { AppContext, HttpsApp } from '../context.ts';
import { requireSession, sessionPermissions, type Caller } from '../guards.ts';
import { parseBody } from '../validate.ts';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{16,128}$/;
const TICKET_ID = /^T-[0-9A-HJKMNP-TV-Z]{26}$/;
const ListQuery = z.object({ status: TicketStatus.optional(), limit: z.coerce.number().int().min(1).max(200).optional() }).strict();

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
  const actions = createTicketActions({ db, now: ctx.now, store, keys: ctx.ticketKeys, staffActions, serverEvents: ctx.serverEvents });
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

  app.post(`${API_PREFIX}/tickets`, async (request, reply) => {
    const { who } = await caller(request, 'tickets.create');
    const key = request.headers['idempotency-key'];
    if (typeof key !== 'string' || !IDEMPOTENCY_KEY.test(key)) return fieldErrors(reply, [{ pointer: '/headers/idempotency-key', code: 'idempotency-key-required' }], 'Idempotency-Key is required');
    const workstationId = who.session.workstationId ?? '';
    const checked = await checkTicketBody(request.body, { types, keys: ctx.ticketKeys });
    if (!checked.ok) {
      // The same key with a different, invalid body is still a different body: 409 first.
      const replay = await store.replayOf(workstationId, key, 'no body hashes to this');
      if (replay !== null) throw new ApiFailure('conflict', 'this Idempotency-Key was used with a different body');
      return fieldErrors(reply, checked.fields);
    }
    const replay = await store.replayOf(workstationId, key, bodyHash(checked.request));
    if (replay !== null) return { id: replay.id, status: replay.status, receivedAt: isoTime(replay.received_at), replayed: true } as TicketReceipt;
    const filing = await checkFiling(db, {
      createdAt: Date.parse(checked.request.createdAt),
      filedInSession: checked.request.filedInSession,
      deliveringSessionId: who.session.sessionId,
      deliveringWorkstation: workstationId,
      now: ctx.now(),
    });
    if (!filing.ok) return fieldErrors(reply, [filing.error], 'the ticket was not filed in a valid session');
    const outcome = await store.create({ request: checked.request, idempotencyKey: key, filedBy: filing.filing.operatorId, filedSession: filing.filing.sessionId, workstationId, complaint: checked.complaint });
    if (outcome.kind === 'created') announceTicketChange(ctx.hub, outcome.row, 'created');
    const receipt: TicketReceipt = { id: outcome.row.id, status: outcome.row.status as TicketReceipt['status'], receivedAt: isoTime(outcome.row.received_at), replayed: outcome.kind === 'replayed' };
    return reply.code(outcome.kind === 'created' ? 201 : 200).send(receipt);
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

  app.get(`${API_PREFIX}/tickets`, async (request) => {
    const { actor } = await caller(request, 'tickets.create', 'tickets.process');
    const query = parseBody(ListQuery, request.query);
    const processor = actor.permissions.includes('tickets.process');
    const rows = await store.list({ ...(processor ? {} : { filedBy: actor.operatorId }), ...(query.status === undefined ? {} : { status: query.status }), limit: query.limit ?? 50 });
    const t = ctx.now();
    return { tickets: rows.filter((r) => r.filed_by === actor.operatorId || !isRecused(r, actor.operatorId)).map((r) => toTicket(r, t)) };
  });

  app.get(`${API_PREFIX}/tickets/:id`, async (request): Promise<Ticket> => {
    const { actor } = await caller(request);
    return toTicket(await visibleTicket(request, actor), ctx.now());
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
