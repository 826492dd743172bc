import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { CreateTicketRequest } from '../../../institution/contract/ticket-api.ts';
import { DeskFailure } from '../../contract/errors.ts';
import type { TicketDraft } from '../../contract/tickets.ts';
import type { OutboxStore } from '../outbox/store.ts';
import type { DraftStore } from './draft-store.ts';
import { ownTicketKind, TICKET_KIND, type TicketQueue } from './ticket-queue.ts';
import type { TicketSealer } from './ticket-sealing.ts';

/**
 * "重新填写" (`tickets.refill-undeliverable`): an undeliverable ticket — refused for good, its
 * request kept sealed in the outbox's dead letters — becomes a normal draft of this operator
 * with the same type version, values (sensitive fields stay the envelopes they were: they are
 * bound to type id + version + pointer, which is why the version is kept), call and complaint
 * subject. The draft remembers which ticket it refills (`ticket_refill`, keyed by owner tag and
 * draft id); filing that draft removes the undeliverable ticket from the operator's list IN
 * THE SAME TRANSACTION as the new ticket is queued (TicketQueue calls `filed`), so there is
 * never a moment, crash included, with both or neither in the list. The dead letter itself
 * stays for IT, as after "dismiss". Refilling the same ticket again reopens its draft.
 * A new draft is checked (`check`: its type version at hand, envelopes where the version wants
 * them) BEFORE anything is saved: a refill refused because the version is no longer available
 * leaves no draft behind, and the undeliverable ticket stays listed until a refill succeeds.
 */
export interface TicketRefills {
  /**
   * The refill draft of an undeliverable ticket (saved, sealed at rest) once `check` accepted it;
   * `ticket_not_found` when there is none to refill; whatever `check` throws, with nothing saved.
   */
  refill(operatorId: string, localId: string, check: (draft: TicketDraft) => Promise<void>): Promise<TicketDraft>;
  /** Inside the filing transaction: the refilled ticket (if `draftId` refilled one) leaves the list. */
  filed(operatorId: string, draftId: string): void;
  /** The draft was discarded: its link goes (the undeliverable ticket stays listed). */
  forget(operatorId: string, draftId: string): void;
}

export interface TicketRefillOptions {
  db: Database.Database;
  store: Pick<OutboxStore, 'deadLetterPayloads'>;
  drafts: DraftStore;
  sealer: TicketSealer;
  queue: () => Pick<TicketQueue, 'local' | 'dismiss'>;
  now: () => number;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS ticket_refill (
    owner TEXT NOT NULL,
    draft_id TEXT NOT NULL,
    local_id TEXT NOT NULL,
    PRIMARY KEY (owner, draft_id)
  );
  CREATE INDEX IF NOT EXISTS ticket_refill_local ON ticket_refill (owner, local_id);
`;

export function createTicketRefills(o: TicketRefillOptions): TicketRefills {
  const { db, sealer } = o;
  db.exec(SCHEMA);
  const insert = db.prepare('INSERT OR REPLACE INTO ticket_refill (owner, draft_id, local_id) VALUES (?, ?, ?)');
  const byLocal = db.prepare('SELECT draft_id FROM ticket_refill WHERE owner = ? AND local_id = ?');
  const byDraft = db.prepare('SELECT local_id FROM ticket_refill WHERE owner = ? AND draft_id = ?');
  const remove = db.prepare('DELETE FROM ticket_refill WHERE owner = ? AND draft_id = ?');

  /** The request the institution refused, from this operator's dead letters (either kind a ticket may have been queued under). */
  const refusedRequest = (operatorId: string, localId: string): CreateTicketRequest | null => {
    for (const kind of [TICKET_KIND, ownTicketKind(operatorId)]) {
      for (const { payload } of o.store.deadLetterPayloads(kind)) {
        const p = payload as { localId?: unknown; filedBy?: unknown; request?: unknown } | null;
        if (p === null || typeof p !== 'object' || p.localId !== localId || p.filedBy !== operatorId) continue;
        const request = CreateTicketRequest.safeParse(p.request);
        return request.success ? request.data : null;
      }
    }
    return null;
  };

  /**
   * The draft an earlier refill of `localId` made (links whose draft is gone are dropped), or
   * null; `ticket_not_found` unless the ticket is still in this operator's list as undeliverable
   * (not dismissed, not someone else's).
   */
  const earlierDraft = (operatorId: string, localId: string, owner: string): TicketDraft | null => {
    if (!o.queue().local(operatorId).some((l) => l.localId === localId && l.state === 'undeliverable')) throw new DeskFailure('ticket_not_found');
    for (const row of byLocal.all(owner, localId) as { draft_id: string }[]) {
      const draft = o.drafts.get(operatorId, row.draft_id);
      if (draft !== null) return draft;
      remove.run(owner, row.draft_id);
    }
    return null;
  };

  return {
    async refill(operatorId, localId, check) {
      const owner = sealer.ownerTag(operatorId);
      const earlier = earlierDraft(operatorId, localId, owner);
      if (earlier !== null) {
        await check(earlier);
        return earlier;
      }
      const request = refusedRequest(operatorId, localId);
      if (request === null) throw new DeskFailure('ticket_not_found');
      const draft: TicketDraft = {
        draftId: randomUUID(),
        typeId: request.typeId,
        typeVersion: request.typeVersion,
        values: request.data,
        ...(request.call === undefined ? {} : { call: request.call }),
        ...(request.aboutOperatorId === undefined ? {} : { aboutOperatorId: request.aboutOperatorId }),
        updatedAt: new Date(o.now()).toISOString(),
      };
      await check(draft);
      // While `check` waited, the ticket may have been dismissed, or another refill saved its draft.
      return db.transaction(() => {
        const meanwhile = earlierDraft(operatorId, localId, owner);
        if (meanwhile !== null) return meanwhile;
        o.drafts.save(operatorId, draft);
        insert.run(owner, draft.draftId, localId);
        return draft;
      })();
    },
    filed(operatorId, draftId) {
      const owner = sealer.ownerTag(operatorId);
      const row = byDraft.get(owner, draftId) as { local_id: string } | undefined;
      if (row === undefined) return;
      o.queue().dismiss(operatorId, row.local_id);
      remove.run(owner, draftId);
    },
    forget(operatorId, draftId) {
      remove.run(sealer.ownerTag(operatorId), draftId);
    },
  };
}
