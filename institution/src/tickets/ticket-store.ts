import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { canonicalJson } from '../../contract/canonical-json.ts';
import type { CreateTicketRequest, Ticket, TicketComment, TicketStatus } from '../../contract/ticket-api.ts';
import { isoTime } from '../clock.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/schema.ts';
import { ApiFailure } from '../errors.ts';
import { complaintClockOf, initialDueAt } from './ticket-workflow.ts';

/** Crockford base32 (no I, L, O, U). */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** `T-` + a ULID: 10 characters of milliseconds, 16 of randomness; sorts by creation. */
export function newTicketId(at: number): string {
  let time = '';
  let t = at;
  for (let i = 0; i < 10; i += 1) {
    time = CROCKFORD[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const random = [...randomBytes(16)].map((b) => CROCKFORD[b % 32]).join('');
  return `T-${time}${random}`;
}

/** sha256 of the body in canonical JSON: the same body in another key order is the same body. */
export function bodyHash(body: CreateTicketRequest): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

export type TicketRow = Database['tickets'];

/** What processing may change on a ticket (and so what compare-and-set compares). */
const MUTABLE_FIELDS = ['status', 'assignee', 'due_at', 'extensions', 'approved_by'] as const;
type MutableField = (typeof MUTABLE_FIELDS)[number];

export function toTicket(row: TicketRow, now: number): Ticket {
  return {
    id: row.id,
    typeId: row.type_id,
    typeVersion: row.type_version,
    status: row.status as TicketStatus,
    data: JSON.parse(row.data) as Record<string, unknown>,
    createdAt: isoTime(row.created_at),
    receivedAt: isoTime(row.received_at),
    filedBy: row.filed_by,
    filedInSession: row.filed_session,
    workstationId: row.workstation_id === '' ? null : row.workstation_id,
    assignee: row.assignee,
    call: row.call === null ? null : (JSON.parse(row.call) as Ticket['call']),
    complaint: complaintClockOf(row, now),
    updatedAt: isoTime(row.updated_at),
  };
}

export interface NewTicket {
  request: CreateTicketRequest;
  idempotencyKey: string;
  filedBy: string;
  filedSession: string;
  /** '' for a console session. */
  workstationId: string;
  complaint: boolean;
}

export type CreateOutcome = { kind: 'created'; row: TicketRow } | { kind: 'replayed'; row: TicketRow };

/** Tickets, comments and their history in SQLite. */
export function createTicketStore(deps: { db: Kysely<Database>; now: Clock }) {
  const { db, now } = deps;

  async function byKey(workstationId: string, key: string): Promise<TicketRow | undefined> {
    return db.selectFrom('tickets').selectAll().where('workstation_id', '=', workstationId).where('idempotency_key', '=', key).executeTakeFirst();
  }

  /** The row of a checked ticket received at `t`. */
  function rowOf(input: NewTicket, t: number): TicketRow {
    const hash = bodyHash(input.request);
    const createdAt = Date.parse(input.request.createdAt);
    return {
      id: newTicketId(t),
      type_id: input.request.typeId,
      type_version: input.request.typeVersion,
      status: 'new',
      data: JSON.stringify(input.request.data),
      created_at: createdAt,
      received_at: t,
      updated_at: t,
      filed_by: input.filedBy,
      filed_session: input.filedSession,
      workstation_id: input.workstationId,
      assignee: null,
      call: input.request.call === undefined ? null : JSON.stringify(input.request.call),
      idempotency_key: input.idempotencyKey,
      body_hash: hash,
      about_operator: input.request.aboutOperatorId ?? null,
      due_at: input.complaint ? initialDueAt(createdAt) : null,
      extensions: 0,
      approved_by: null,
    };
  }

  const store = {
    /** The stored ticket of this key, compared by body hash: same → replay, other → 409. */
    async replayOf(workstationId: string, key: string, hash: string): Promise<TicketRow | null> {
      const row = await byKey(workstationId, key);
      if (row === undefined) return null;
      if (row.body_hash !== hash) throw new ApiFailure('conflict', 'this Idempotency-Key was used with a different body');
      return row;
    },

    async create(input: NewTicket): Promise<CreateOutcome> {
      const t = now();
      const row = rowOf(input, t);
      const hash = row.body_hash;
      try {
        await db.transaction().execute(async (trx) => {
          await trx.insertInto('tickets').values(row).execute();
          await trx.insertInto('ticket_history').values({ ticket_id: row.id, operator_id: input.filedBy, kind: 'created', detail: `${row.type_id}@${row.type_version}`, at: t }).execute();
        });
        return { kind: 'created', row };
      } catch (error) {
        // Two deliveries of one key at the same moment: the loser answers like a replay.
        const winner = await store.replayOf(input.workstationId, input.idempotencyKey, hash);
        if (winner !== null) return { kind: 'replayed', row: winner };
        throw error;
      }
    },

    /**
     * Many checked tickets (distinct keys) in ONE transaction: one commit, one fsync. If it fails
     * (a key stored meanwhile by a racing delivery), each is created on its own, which answers
     * the raced ones as replays, or `conflict` when the racer's body was another.
     */
    async createMany(inputs: NewTicket[]): Promise<(CreateOutcome | { kind: 'conflict' })[]> {
      if (inputs.length === 0) return [];
      const t = now();
      const rows = inputs.map((input) => rowOf(input, t));
      try {
        await db.transaction().execute(async (trx) => {
          await trx.insertInto('tickets').values(rows).execute();
          await trx
            .insertInto('ticket_history')
            .values(rows.map((row) => ({ ticket_id: row.id, operator_id: row.filed_by, kind: 'created', detail: `${row.type_id}@${row.type_version}`, at: t })))
            .execute();
        });
        return rows.map((row) => ({ kind: 'created', row }));
      } catch {
        const outcomes: (CreateOutcome | { kind: 'conflict' })[] = [];
        for (const input of inputs) {
          try {
            outcomes.push(await store.create(input));
          } catch (error) {
            if (!(error instanceof ApiFailure && error.code === 'conflict')) throw error;
            outcomes.push({ kind: 'conflict' });
          }
        }
        return outcomes;
      }
    },

    async get(id: string): Promise<TicketRow> {
      const row = await db.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirst();
      if (row === undefined) throw new ApiFailure('not_found', 'no such ticket');
      return row;
    },

    /**
     * Applies a change to one ticket row and records it in the history, in one transaction —
     * only if the row still holds what the caller checked the change against (`read`):
     * compare-and-set on every field a change can set. Otherwise nothing is written and the
     * answer is 409 `ticket_changed`, so two staff acting at once cannot both "win". The
     * fields are compared, not updated_at: a comment in between changes nothing a change was
     * checked against, and two writes within one millisecond would share an updated_at.
     */
    async update(read: TicketRow, change: Partial<Pick<TicketRow, MutableField>>, history: { operatorId: string; kind: string; detail: string }): Promise<TicketRow> {
      const t = now();
      await db.transaction().execute(async (trx) => {
        let query = trx.updateTable('tickets').set({ ...change, updated_at: t }).where('id', '=', read.id);
        for (const field of MUTABLE_FIELDS) {
          const value = read[field];
          query = value === null ? query.where(field, 'is', null) : query.where(field, '=', value);
        }
        const result = await query.executeTakeFirst();
        if (result.numUpdatedRows !== 1n) throw new ApiFailure('ticket_changed', 'the ticket was changed by someone else since it was read; read it again and retry');
        await trx.insertInto('ticket_history').values({ ticket_id: read.id, operator_id: history.operatorId, kind: history.kind, detail: history.detail.slice(0, 500), at: t }).execute();
      });
      return store.get(read.id);
    },

    async record(id: string, history: { operatorId: string; kind: string; detail: string }): Promise<void> {
      await db.insertInto('ticket_history').values({ ticket_id: id, operator_id: history.operatorId, kind: history.kind, detail: history.detail.slice(0, 500), at: now() }).execute();
    },

    async history(id: string): Promise<{ operatorId: string; kind: string; detail: string; at: number }[]> {
      const rows = await db.selectFrom('ticket_history').selectAll().where('ticket_id', '=', id).orderBy('n').execute();
      return rows.map((r) => ({ operatorId: r.operator_id, kind: r.kind, detail: r.detail, at: r.at }));
    },

    async comment(ticketId: string, author: string, body: string): Promise<TicketComment> {
      const t = now();
      const inserted = await db.transaction().execute(async (trx) => {
        const result = await trx.insertInto('ticket_comments').values({ ticket_id: ticketId, author, body, created_at: t }).executeTakeFirstOrThrow();
        await trx.updateTable('tickets').set({ updated_at: t }).where('id', '=', ticketId).execute();
        return Number(result.insertId);
      });
      return { id: inserted, ticketId, author, body, createdAt: isoTime(t) };
    },

    async comments(ticketId: string): Promise<TicketComment[]> {
      const rows = await db.selectFrom('ticket_comments').selectAll().where('ticket_id', '=', ticketId).orderBy('id').execute();
      return rows.map((r) => ({ id: r.id, ticketId: r.ticket_id, author: r.author, body: r.body, createdAt: isoTime(r.created_at) }));
    },
  };
  return store;
}

export type TicketStore = ReturnType<typeof createTicketStore>;
