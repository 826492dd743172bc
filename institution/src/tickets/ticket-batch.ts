import type { Kysely } from 'kysely';
import { TICKET_BATCH_ITEM_MAX_BYTES, type TicketBatchItemResult, type TicketBatchRequest, type TicketFieldError, type TicketReceipt } from '../../contract/ticket-api.ts';
import { isoTime, type Clock } from '../clock.ts';
import type { Database } from '../db/schema.ts';
import { ApiFailure } from '../errors.ts';
import { checkFiling } from './ticket-filing.ts';
import { createGroupCommit } from './ticket-group-commit.ts';
import { checkTicketBody, type IntakeResult } from './ticket-intake.ts';
import type { TicketKeyRing } from './ticket-key.ts';
import { bodyHash, type NewTicket, type TicketRow, type TicketStore } from './ticket-store.ts';
import type { TicketTypes } from './ticket-types.ts';

/** The same rule as the `Idempotency-Key` header of `POST /tickets`. */
export const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{16,128}$/;

/** Nothing hashes to this: asks "is this key used?" and answers 409 if it is (an invalid body is another body). */
const NO_BODY = 'no body hashes to this';

export interface BatchCaller {
  sessionId: string;
  /** '' for a console session. */
  workstationId: string;
}

type Item = TicketBatchRequest['tickets'][number];
type Pending = { index: number; input: NewTicket; hash: string };

const receiptOf = (row: TicketRow, replayed: boolean): TicketReceipt => ({ id: row.id, status: row.status as TicketReceipt['status'], receivedAt: isoTime(row.received_at), replayed });

const jsonSize = (value: unknown): number => {
  const text = JSON.stringify(value) as string | undefined;
  return text === undefined ? 0 : Buffer.byteLength(text, 'utf8');
};

/**
 * `POST /tickets/batch` (docs/architecture.md "Tickets (institution side)"): each item is
 * checked exactly as `POST /tickets` checks its body (ticket-intake.ts, the key's earlier use
 * per workstation, the filing session) and answered on its own — an invalid item never fails
 * the others. The accepted items are inserted in one transaction: one commit (one fsync with
 * synchronous=FULL) for up to 64 tickets instead of one each, which is what bounded the drain
 * of a desk's outbox. A key used twice in one batch: the same body is answered as a replay of
 * the first, another body 409 — as two requests in a row would be. `POST /tickets` is a batch of
 * one, and batches finishing in the same event-loop turn share a commit (ticket-group-commit.ts).
 */
export function createTicketBatch(deps: { db: Kysely<Database>; types: TicketTypes; keys: TicketKeyRing; store: TicketStore; now: Clock }) {
  const insert = createGroupCommit((inputs) => deps.store.createMany(inputs));
  const refused = (key: string, status: number, code: string, errors?: TicketFieldError[]): TicketBatchItemResult => ({
    idempotencyKey: key.slice(0, 200),
    status,
    code,
    ...(errors === undefined ? {} : { errors: errors.slice(0, 50) }),
  });

  /** One item up to the insert: its final answer, or what to insert. */
  async function checkItem(caller: BatchCaller, item: Item, index: number, body: IntakeResult | null, inBatch: Map<string, Pending>): Promise<TicketBatchItemResult | Pending | { mirror: number }> {
    const key = item.idempotencyKey;
    if (!IDEMPOTENCY_KEY.test(key)) return refused(key, 400, 'bad_request', [{ pointer: '/idempotencyKey', code: 'idempotency-key-required' }]);
    if (body === null) return refused(key, 413, 'payload_too_large');
    const checked = body;
    const hash = checked.ok ? bodyHash(checked.request) : NO_BODY;
    const earlier = inBatch.get(key);
    if (earlier !== undefined) return earlier.hash === hash ? { mirror: earlier.index } : refused(key, 409, 'conflict');
    let replay: TicketRow | null;
    try {
      replay = await deps.store.replayOf(caller.workstationId, key, hash);
    } catch (error) {
      if (error instanceof ApiFailure && error.code === 'conflict') return refused(key, 409, 'conflict');
      throw error;
    }
    if (!checked.ok) return refused(key, 400, 'bad_request', checked.fields);
    if (replay !== null) return { idempotencyKey: key, status: 200, receipt: receiptOf(replay, true) };
    const filing = await checkFiling(deps.db, {
      createdAt: Date.parse(checked.request.createdAt),
      filedInSession: checked.request.filedInSession,
      deliveringSessionId: caller.sessionId,
      deliveringWorkstation: caller.workstationId,
      now: deps.now(),
    });
    if (!filing.ok) return refused(key, 400, 'bad_request', [filing.error]);
    const input: NewTicket = { request: checked.request, idempotencyKey: key, filedBy: filing.filing.operatorId, filedSession: filing.filing.sessionId, workstationId: caller.workstationId, complaint: checked.complaint };
    return { index, input, hash };
  }

  /** Answers `results[i]` for `items[i]`; `created` are the new rows (for the push). */
  return async function fileBatch(caller: BatchCaller, items: Item[]): Promise<{ results: TicketBatchItemResult[]; created: TicketRow[] }> {
    const answers: (TicketBatchItemResult | Pending | { mirror: number })[] = [];
    const inBatch = new Map<string, Pending>();
    // The bodies first (their type versions are looked up asynchronously); what depends on the
    // order — the keys' earlier use, duplicates in the batch — one by one after.
    const bodies = await Promise.all(
      items.map((item) => (IDEMPOTENCY_KEY.test(item.idempotencyKey) && jsonSize(item.ticket) <= TICKET_BATCH_ITEM_MAX_BYTES ? checkTicketBody(item.ticket, { types: deps.types, keys: deps.keys }) : null)),
    );
    for (const [index, item] of items.entries()) {
      const answer = await checkItem(caller, item, index, bodies[index] ?? null, inBatch);
      if ('input' in answer) inBatch.set(answer.input.idempotencyKey, answer);
      answers.push(answer);
    }
    const pending = [...inBatch.values()];
    const outcomes = await insert(pending.map((p) => p.input));
    const stored = new Map<number, TicketBatchItemResult>();
    const created: TicketRow[] = [];
    for (const [i, p] of pending.entries()) {
      const outcome = outcomes[i];
      if (outcome === undefined || outcome.kind === 'conflict') stored.set(p.index, refused(p.input.idempotencyKey, 409, 'conflict'));
      else {
        if (outcome.kind === 'created') created.push(outcome.row);
        stored.set(p.index, { idempotencyKey: p.input.idempotencyKey, status: outcome.kind === 'created' ? 201 : 200, receipt: receiptOf(outcome.row, outcome.kind === 'replayed') });
      }
    }
    const results = answers.map((answer, index): TicketBatchItemResult => {
      if ('input' in answer) return stored.get(index) as TicketBatchItemResult;
      if ('mirror' in answer) {
        const first = stored.get(answer.mirror) as TicketBatchItemResult;
        return first.receipt === undefined ? first : { ...first, status: 200, receipt: { ...first.receipt, replayed: true } };
      }
      return answer;
    });
    return { results, created };
  };
}

export type TicketBatch = ReturnType<typeof createTicketBatch>;
