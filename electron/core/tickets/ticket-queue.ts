import { randomBytes, randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { CreateTicketRequest, TicketFieldError } from '../../../institution/contract/ticket-api.ts';
import { LocalTicket, type TicketOutbox, type TicketOutboxCounts, type TicketSubmitArgs, type TicketSubmitted } from '../../contract/tickets.ts';
import type { OutboxStore } from '../outbox/store.ts';
import type { DraftStore } from './draft-store.ts';
import type { TicketSealer } from './ticket-sealing.ts';

/**
 * Filed tickets on this workstation until the institution holds them.
 *
 * **Outbox rows.** A ticket is an outbox item (sealed with the data key, synchronous=FULL)
 * whose payload is `QueuedTicket`: the local id, the filing operator and the exact
 * `POST /tickets` body — `createdAt` and `filedInSession` included, stamped at filing — and
 * whose idempotency key is the `Idempotency-Key` every delivery attempt sends, so the
 * institution stores it once however often it is sent. Kinds:
 * - `ticket` — filed with a known filing session: any later session of this workstation
 *   that holds tickets.create may deliver it (the institution attributes it to the filing
 *   session's operator; ticket-filing.ts), so it goes out even after its filer signed out;
 * - `ticket-own:<operatorId>` — filed before core could learn the filing session (the
 *   institution was unreachable since sign-in): only that operator's own later session may
 *   deliver it (the institution then attributes it to the delivering session).
 *
 * **Local index** (`ticket_local`): per owner tag, the local id, state (`queued` /
 * `undeliverable`) and a sealed summary (type, version, createdAt, refusal reason and
 * per-field errors) — what `tickets.list`/`tickets.outbox` show without opening outbox rows.
 * Filing writes outbox row + index row and deletes the draft in ONE transaction; delivery
 * deletes the index row (delivered) or marks it undeliverable before the outbox settles
 * the batch, so a crash in between only means the row is sent again (and answered as a replay).
 */
export const TICKET_KIND = 'ticket';
export const OWN_TICKET_KIND_PREFIX = 'ticket-own:';
export const ownTicketKind = (operatorId: string) => `${OWN_TICKET_KIND_PREFIX}${operatorId}`;

/** The outbox payload of a ticket. */
export interface QueuedTicket {
  localId: string;
  filedBy: string;
  request: CreateTicketRequest;
}

/** How a delivery pass ended for one ticket (ticket-delivery.ts). */
export type TicketSettlement =
  | { localId: string; filedBy: string; outcome: 'delivered'; ticketId: string }
  | { localId: string; filedBy: string; outcome: 'undeliverable'; reason: string; fields: TicketFieldError[] };

export interface TicketQueue {
  /** Files a ticket: returns once outbox row, index row and draft deletion are committed. */
  submit(operatorId: string, args: TicketSubmitArgs, filedInSession: string | null): TicketSubmitted;
  /** The operator's tickets still here: queued (oldest first), then undeliverable. */
  local(operatorId: string): LocalTicket[];
  outbox(operatorId: string): TicketOutbox;
  counts(operatorId: string): TicketOutboxCounts;
  /** The operator saw an undeliverable ticket: it leaves their list (its outbox dead letter stays for IT). */
  dismiss(operatorId: string, localId: string): void;
  /** Records a delivery batch's outcomes in one transaction. */
  settle(settlements: readonly TicketSettlement[]): void;
}

export interface TicketQueueOptions {
  db: Database.Database;
  store: Pick<OutboxStore, 'enqueue'>;
  drafts: DraftStore;
  sealer: TicketSealer;
  now: () => number;
  /** Runs inside the filing transaction when the ticket came from a draft (ticket-refill.ts: a refill's undeliverable ticket leaves the list). */
  draftFiled?: (operatorId: string, draftId: string) => void;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS ticket_local (
    local_id TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    state TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    sealed BLOB NOT NULL
  );
  CREATE INDEX IF NOT EXISTS ticket_local_owner ON ticket_local (owner, state, created_at);
`;

const aadOf = (owner: string, localId: string) => `ticket-local\0${owner}\0${localId}`;
/** 32 base64url characters (the institution takes 16–128 of [A-Za-z0-9_-]). */
const newIdempotencyKey = () => randomBytes(24).toString('base64url');

export function createTicketQueue(o: TicketQueueOptions): TicketQueue {
  const { db, sealer } = o;
  db.exec(SCHEMA);
  const insert = db.prepare('INSERT INTO ticket_local (local_id, owner, state, created_at, sealed) VALUES (?, ?, ?, ?, ?)');
  const selectOwner = db.prepare("SELECT local_id, state, sealed FROM ticket_local WHERE owner = ? ORDER BY CASE state WHEN 'queued' THEN 0 ELSE 1 END, created_at, rowid");
  const selectUndeliverable = db.prepare("SELECT local_id, sealed FROM ticket_local WHERE owner = ? AND state = 'undeliverable' ORDER BY created_at, rowid");
  const countStates = db.prepare('SELECT state, COUNT(*) AS n FROM ticket_local WHERE owner = ? GROUP BY state');
  const selectOne = db.prepare('SELECT owner FROM ticket_local WHERE local_id = ?');
  const update = db.prepare("UPDATE ticket_local SET state = 'undeliverable', sealed = ? WHERE local_id = ? AND owner = ?");
  const remove = db.prepare('DELETE FROM ticket_local WHERE local_id = ? AND owner = ?');
  const removeUndeliverable = db.prepare("DELETE FROM ticket_local WHERE local_id = ? AND owner = ? AND state = 'undeliverable'");
  const selectSealed = db.prepare('SELECT sealed FROM ticket_local WHERE local_id = ? AND owner = ?');

  const open = (owner: string, localId: string, sealed: Buffer): LocalTicket | null => {
    try {
      const parsed = LocalTicket.safeParse(sealer.unsealJson(aadOf(owner, localId), sealed));
      return parsed.success && parsed.data.localId === localId ? parsed.data : null;
    } catch {
      return null;
    }
  };

  const submit = db.transaction((operatorId: string, args: TicketSubmitArgs, filedInSession: string | null): TicketSubmitted => {
    const localId = randomUUID();
    const createdAt = new Date(o.now()).toISOString();
    const request: CreateTicketRequest = {
      typeId: args.typeId,
      typeVersion: args.typeVersion,
      data: args.data,
      createdAt,
      ...(filedInSession === null ? {} : { filedInSession }),
      ...(args.call === undefined ? {} : { call: args.call }),
      ...(args.aboutOperatorId === undefined ? {} : { aboutOperatorId: args.aboutOperatorId }),
    };
    const queued: QueuedTicket = { localId, filedBy: operatorId, request };
    o.store.enqueue(filedInSession === null ? ownTicketKind(operatorId) : TICKET_KIND, newIdempotencyKey(), queued);
    const owner = sealer.ownerTag(operatorId);
    const summary: LocalTicket = { localId, typeId: args.typeId, typeVersion: args.typeVersion, createdAt, state: 'queued' };
    insert.run(localId, owner, 'queued', Date.parse(createdAt), sealer.sealJson(aadOf(owner, localId), summary));
    if (args.draftId !== undefined) {
      o.drafts.delete(operatorId, args.draftId);
      o.draftFiled?.(operatorId, args.draftId);
    }
    return { localId, state: 'queued', createdAt };
  });

  const settle = db.transaction((settlements: readonly TicketSettlement[]) => {
    for (const s of settlements) {
      const owner = sealer.ownerTag(s.filedBy);
      if (s.outcome === 'delivered') {
        remove.run(s.localId, owner);
        continue;
      }
      const row = selectSealed.get(s.localId, owner) as { sealed: Buffer } | undefined;
      const before = row === undefined ? null : open(owner, s.localId, row.sealed);
      if (before === null) continue;
      const after: LocalTicket = { ...before, state: 'undeliverable', reason: s.reason.slice(0, 64), fields: s.fields.slice(0, 50), rejectedAt: new Date(o.now()).toISOString() };
      update.run(sealer.sealJson(aadOf(owner, s.localId), after), s.localId, owner);
    }
  });

  const local = (operatorId: string): LocalTicket[] => {
    const owner = sealer.ownerTag(operatorId);
    const rows = selectOwner.all(owner) as { local_id: string; state: string; sealed: Buffer }[];
    return rows.flatMap((r) => open(owner, r.local_id, r.sealed) ?? []);
  };

  const counts = (operatorId: string): TicketOutboxCounts => {
    const rows = countStates.all(sealer.ownerTag(operatorId)) as { state: string; n: number }[];
    const of = (state: string) => rows.find((r) => r.state === state)?.n ?? 0;
    return { waiting: of('queued'), undeliverable: of('undeliverable') };
  };

  return {
    submit: (operatorId, args, filedInSession) => submit(operatorId, args, filedInSession),
    local,
    counts,
    outbox(operatorId) {
      const owner = sealer.ownerTag(operatorId);
      const rows = selectUndeliverable.all(owner) as { local_id: string; sealed: Buffer }[];
      const undeliverable = rows.flatMap((r) => {
        const t = open(owner, r.local_id, r.sealed);
        return t === null || t.reason === undefined || t.rejectedAt === undefined ? [] : [{ ...t, reason: t.reason, rejectedAt: t.rejectedAt }];
      });
      return { waiting: counts(operatorId).waiting, undeliverable };
    },
    dismiss(operatorId, localId) {
      const owner = sealer.ownerTag(operatorId);
      if (selectOne.get(localId) === undefined) return;
      removeUndeliverable.run(localId, owner);
    },
    settle: (settlements) => settle(settlements),
  };
}
