import { CreateTicketRequest } from '../../../institution/contract/ticket-api.ts';
import type { InstitutionClient } from '../api/client.ts';
import { ApiFailure } from '../api/failure.ts';
import type { Deliverer, DeliveryOutcome } from '../outbox/delivery.ts';
import type { OutboxItem, Rejection } from '../outbox/store.ts';
import type { SessionKeeper } from '../session/keeper.ts';
import { ownTicketKind, TICKET_KIND, type QueuedTicket, type TicketQueue, type TicketSettlement } from './ticket-queue.ts';

/**
 * The outbox deliverers of filed tickets (ticket-queue.ts explains the kinds), run by the
 * generic delivery loop (outbox/delivery.ts) after audit events and call records.
 *
 * Each item is `POST /tickets` with its stored Idempotency-Key:
 * - 201 (created) or 200 (`replayed: true`: an earlier attempt arrived) → delivered;
 * - 400 with per-field errors, 409 (the key with another body), 413, 404 → refused for good:
 *   marked undeliverable in the local index (shown with its field errors), audited as
 *   `tickets.undeliverable` (local id, type, reason, field codes — never content), and moved
 *   to the outbox's dead letters. Never dropped silently;
 * - no answer, 5xx, 401/403 (the session or its permission changed), 408, 429 → the batch
 *   stops and the loop backs off and retries (the same key: at most once at the institution).
 *
 * **Throughput**: a batch is BATCH_SIZE rows sent CONCURRENCY at a time over the client's
 * pooled keep-alive connections; the loop settles each batch in one transaction, so a
 * backlog of 10k costs 10k POSTs but only 10k/BATCH_SIZE fsyncs per table. Two in flight
 * keep a single-threaded institution busy (one request travels while the other is opened
 * and stored — its per-ticket cost is the sealed fields' ECDH and one fsync'd insert) and
 * match the pooled agent's two kept-alive free sockets (api/pinned-agent.ts): with more,
 * sockets beyond those two are closed after each answer and every further request pays a
 * new TLS handshake + pin check. Nobody signed in (or no tickets.create): the deliverer's
 * kind names no queue, so nothing is tried. Both are options (DeskCoreOptions.tickets.delivery).
 */
export const TICKET_BATCH_SIZE = 64;
export const TICKET_CONCURRENCY = 2;

/** No queue has this name: what the deliverer reads while it has no session to deliver with. */
const NOBODY = 'ticket-own: ';

export interface TicketDeliveryOptions {
  queue: Pick<TicketQueue, 'settle'>;
  client: Pick<InstitutionClient, 'createTicket'>;
  session: Pick<SessionKeeper, 'withAccessToken' | 'state'>;
  /** Audits an undeliverable ticket (ids and codes only). */
  reportUndeliverable(s: Extract<TicketSettlement, { outcome: 'undeliverable' }>, typeId: string): void;
  batchSize?: number;
  concurrency?: number;
}

const transient = (e: unknown): boolean =>
  !(e instanceof ApiFailure) || e.kind !== 'http' || e.status === null || e.status >= 500 || [401, 403, 408, 429].includes(e.status);

type ItemResult = { kind: 'settled'; settlement: TicketSettlement; key: string; typeId: string } | { kind: 'retry' };

function queuedOf(item: OutboxItem): QueuedTicket | null {
  const p = item.payload as Partial<QueuedTicket> | null;
  if (p === null || typeof p !== 'object' || typeof p.localId !== 'string' || typeof p.filedBy !== 'string') return null;
  const request = CreateTicketRequest.safeParse(p.request);
  return request.success ? { localId: p.localId, filedBy: p.filedBy, request: request.data } : null;
}

export function createTicketDeliverers(o: TicketDeliveryOptions): Deliverer[] {
  const batchSize = o.batchSize ?? TICKET_BATCH_SIZE;
  const concurrency = o.concurrency ?? TICKET_CONCURRENCY;
  const whileLocked = { whileLocked: true } as const;
  /** The signed-in operator who may file, or null. */
  const filer = (): string | null => {
    const s = o.session.state();
    return s.status !== 'logged-out' && s.operator.permissions.includes('tickets.create') ? s.operator.id : null;
  };

  const deliverOne = async (item: OutboxItem): Promise<ItemResult> => {
    const queued = queuedOf(item);
    if (queued === null) return { kind: 'settled', key: item.idempotencyKey, typeId: 'unknown', settlement: { localId: 'unknown', filedBy: '', outcome: 'undeliverable', reason: 'malformed', fields: [] } };
    const { localId, filedBy, request } = queued;
    // Without a filing session the institution attributes the ticket to the delivering
    // session: only its filer may send it (the operator may have changed since the batch began).
    if (request.filedInSession === undefined && filedBy !== filer()) return { kind: 'retry' };
    try {
      const receipt = await o.session.withAccessToken((token) => o.client.createTicket(token, item.idempotencyKey, request), whileLocked);
      return { kind: 'settled', key: item.idempotencyKey, typeId: request.typeId, settlement: { localId, filedBy, outcome: 'delivered', ticketId: receipt.id } };
    } catch (e) {
      if (transient(e)) return { kind: 'retry' };
      const failure = e as ApiFailure;
      const reason = failure.code ?? `http-${failure.status ?? 'unknown'}`;
      return { kind: 'settled', key: item.idempotencyKey, typeId: request.typeId, settlement: { localId, filedBy, outcome: 'undeliverable', reason, fields: [...(failure.fields ?? [])] } };
    }
  };

  const deliver = async (items: OutboxItem[]): Promise<DeliveryOutcome> => {
    if (filer() === null) return { delivered: [], rejected: [], retryable: true };
    const results: ItemResult[] = new Array<ItemResult>(items.length);
    let next = 0;
    let stop = false;
    const worker = async () => {
      while (!stop && next < items.length) {
        const index = next++;
        const result = await deliverOne(items[index] as OutboxItem);
        results[index] = result;
        // An outage: the others in flight finish, nothing new is started.
        if (result.kind === 'retry') stop = true;
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
    const settled = results.filter((r): r is Extract<ItemResult, { kind: 'settled' }> => r !== undefined && r.kind === 'settled');
    o.queue.settle(settled.map((r) => r.settlement));
    const rejected: Rejection[] = [];
    const delivered: string[] = [];
    for (const r of settled) {
      if (r.settlement.outcome === 'delivered') delivered.push(r.key);
      else {
        rejected.push({ key: r.key, reason: r.settlement.reason });
        o.reportUndeliverable(r.settlement, r.typeId);
      }
    }
    return { delivered, rejected, retryable: stop || settled.length < items.length };
  };

  return [
    // Tickets with their filing session: any filer's session delivers them.
    {
      get kind() {
        return filer() === null ? NOBODY : TICKET_KIND;
      },
      batchSize,
      deliver,
    },
    // Tickets filed without a known filing session: only their filer's own session.
    {
      get kind() {
        const id = filer();
        return id === null ? NOBODY : ownTicketKind(id);
      },
      batchSize,
      deliver,
    },
  ];
}
