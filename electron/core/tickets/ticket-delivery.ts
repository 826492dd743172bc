import { jsonBytes } from '../../contract/ticket-limits.ts';
import { CreateTicketRequest, TICKET_BATCH_MAX_ITEMS, type TicketBatchItemResult } from '../../../institution/contract/ticket-api.ts';
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
 * Rows go out as `POST /tickets/batch` (≤ 64 rows per request, each with its stored
 * Idempotency-Key); each row's answer inside the batch is mapped as the single `POST /tickets`
 * status was (an institution that refuses the batch as a whole, e.g. one without the route,
 * gets each row as its own `POST /tickets`):
 * - 201 (created) or 200 (`replayed: true`: an earlier attempt arrived) → delivered;
 * - 400 with per-field errors, 409 (the key with another body), 413, 404 → refused for good:
 *   marked undeliverable in the local index (shown with its field errors), audited as
 *   `tickets.undeliverable` (local id, type, reason, field codes — never content), and moved
 *   to the outbox's dead letters. Never dropped silently;
 * - no answer, 5xx, 401/403 (the session or its permission changed), 408, 429 (for the request
 *   or an item) → the batch stops and the loop backs off and retries (the same keys: at most
 *   once at the institution).
 *
 * **Throughput**: the loop peeks BATCH_SIZE rows, split into CONCURRENCY requests sent at once
 * over the client's pooled keep-alive connections, and settles them in one transaction. The
 * institution stores each request's accepted tickets in one transaction, so a backlog of 10k
 * costs ~160 requests and ~160 fsyncs there instead of 10k (its per-ticket cost is then the
 * sealed fields' ECDH). Two in flight keep a single-threaded institution busy (one request
 * travels while the other is opened and stored) and match the pooled agent's two kept-alive
 * free sockets (api/pinned-agent.ts): with more, sockets beyond those two are closed after
 * each answer and every further request pays a new TLS handshake + pin check. Nobody signed in
 * (or no tickets.create): the deliverer's kind names no queue, so nothing is tried. Both are
 * options (DeskCoreOptions.tickets.delivery).
 */
export const TICKET_BATCH_SIZE = 2 * TICKET_BATCH_MAX_ITEMS;
export const TICKET_CONCURRENCY = 2;
/** A request's rows as JSON, well under the institution's 4 MiB batch limit. */
const REQUEST_MAX_BYTES = 1024 * 1024;

/** No queue has this name: what the deliverer reads while it has no session to deliver with. */
const NOBODY = 'ticket-own: ';

export interface TicketDeliveryOptions {
  queue: Pick<TicketQueue, 'settle'>;
  client: Pick<InstitutionClient, 'createTicket' | 'createTickets'>;
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

  const refused = (item: OutboxItem, { localId, filedBy, request }: QueuedTicket, reason: string, fields: readonly { pointer: string; code: string }[]): ItemResult => ({
    kind: 'settled',
    key: item.idempotencyKey,
    typeId: request.typeId,
    settlement: { localId, filedBy, outcome: 'undeliverable', reason, fields: [...fields] },
  });
  const delivered = (item: OutboxItem, { localId, filedBy, request }: QueuedTicket, ticketId: string): ItemResult => ({
    kind: 'settled',
    key: item.idempotencyKey,
    typeId: request.typeId,
    settlement: { localId, filedBy, outcome: 'delivered', ticketId },
  });

  /** `POST /tickets` for one item (the fallback when the institution refuses the batch as a whole). */
  const deliverOne = async (item: OutboxItem, queued: QueuedTicket): Promise<ItemResult> => {
    try {
      const receipt = await o.session.withAccessToken((token) => o.client.createTicket(token, item.idempotencyKey, queued.request), whileLocked);
      return delivered(item, queued, receipt.id);
    } catch (e) {
      if (transient(e)) return { kind: 'retry' };
      const failure = e as ApiFailure;
      return refused(item, queued, failure.code ?? `http-${failure.status ?? 'unknown'}`, failure.fields ?? []);
    }
  };

  /** One item's answer inside a batch, mapped as the single POST's status would be. */
  const fromBatch = (item: OutboxItem, queued: QueuedTicket, r: TicketBatchItemResult | undefined): ItemResult => {
    if (r === undefined || r.idempotencyKey !== item.idempotencyKey) return { kind: 'retry' };
    if ((r.status === 200 || r.status === 201) && r.receipt !== undefined) return delivered(item, queued, r.receipt.id);
    if ([400, 404, 409, 413].includes(r.status)) return refused(item, queued, r.code ?? `http-${r.status}`, r.errors ?? []);
    return { kind: 'retry' };
  };

  /** One request for a chunk of rows: `POST /tickets/batch`; answers per row (undefined: not tried). */
  const deliverChunk = async (chunk: OutboxItem[]): Promise<(ItemResult | undefined)[]> => {
    const out = new Array<ItemResult | undefined>(chunk.length);
    const send: { index: number; item: OutboxItem; queued: QueuedTicket }[] = [];
    for (const [index, item] of chunk.entries()) {
      const queued = queuedOf(item);
      if (queued === null) out[index] = { kind: 'settled', key: item.idempotencyKey, typeId: 'unknown', settlement: { localId: 'unknown', filedBy: '', outcome: 'undeliverable', reason: 'malformed', fields: [] } };
      // Without a filing session the institution attributes the ticket to the delivering
      // session: only its filer may send it (the operator may have changed since the batch began).
      else if (queued.request.filedInSession === undefined && queued.filedBy !== filer()) out[index] = { kind: 'retry' };
      else send.push({ index, item, queued });
    }
    if (send.length === 0) return out;
    try {
      const items = send.map((x) => ({ idempotencyKey: x.item.idempotencyKey, ticket: x.queued.request }));
      const { results } = await o.session.withAccessToken((token) => o.client.createTickets(token, items), whileLocked);
      for (const [i, x] of send.entries()) out[x.index] = fromBatch(x.item, x.queued, results[i]);
    } catch (e) {
      if (transient(e)) {
        for (const x of send) out[x.index] = { kind: 'retry' };
        return out;
      }
      // Refused as a whole (an institution without /tickets/batch answers 404): each row on its
      // own as before, so each gets its own verdict and none is marked undeliverable for the batch.
      for (const x of send) {
        const result = await deliverOne(x.item, x.queued);
        out[x.index] = result;
        if (result.kind === 'retry') break;
      }
    }
    return out;
  };

  /** Rows → requests: spread over the requests in flight, ≤ 64 rows and ≤ REQUEST_MAX_BYTES each. */
  const chunksOf = (items: OutboxItem[]): OutboxItem[][] => {
    const perRequest = Math.min(TICKET_BATCH_MAX_ITEMS, Math.max(1, Math.ceil(items.length / concurrency)));
    const chunks: OutboxItem[][] = [];
    let current: OutboxItem[] = [];
    let bytes = 0;
    for (const item of items) {
      const size = jsonBytes(item.payload);
      if (current.length > 0 && (current.length >= perRequest || bytes + size > REQUEST_MAX_BYTES)) {
        chunks.push(current);
        current = [];
        bytes = 0;
      }
      current.push(item);
      bytes += size;
    }
    if (current.length > 0) chunks.push(current);
    return chunks;
  };

  const deliver = async (items: OutboxItem[]): Promise<DeliveryOutcome> => {
    if (filer() === null) return { delivered: [], rejected: [], retryable: true };
    const chunks = chunksOf(items);
    const results: (ItemResult | undefined)[] = [];
    let next = 0;
    let stop = false;
    const worker = async () => {
      while (!stop && next < chunks.length) {
        const chunk = chunks[next++] as OutboxItem[];
        const answered = await deliverChunk(chunk);
        results.push(...answered);
        // An outage: the others in flight finish, nothing new is started.
        if (answered.some((r) => r === undefined || r.kind === 'retry')) stop = true;
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, chunks.length) }, worker));
    const settled = results.filter((r): r is Extract<ItemResult, { kind: 'settled' }> => r !== undefined && r.kind === 'settled');
    o.queue.settle(settled.map((r) => r.settlement));
    const rejected: Rejection[] = [];
    const deliveredKeys: string[] = [];
    for (const r of settled) {
      if (r.settlement.outcome === 'delivered') deliveredKeys.push(r.key);
      else {
        rejected.push({ key: r.key, reason: r.settlement.reason });
        o.reportUndeliverable(r.settlement, r.typeId);
      }
    }
    return { delivered: deliveredKeys, rejected, retryable: stop || settled.length < items.length };
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
