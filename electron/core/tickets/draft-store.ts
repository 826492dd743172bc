import type Database from 'better-sqlite3';
import { TicketDraft } from '../../contract/tickets.ts';
import { DeskFailure } from '../../contract/errors.ts';
import { jsonBytes, TICKET_DRAFT_MAX_BYTES, TICKET_DRAFTS_MAX_PER_OPERATOR } from '../../contract/ticket-limits.ts';
import type { TicketSealer } from './ticket-sealing.ts';

/**
 * Ticket drafts at rest (`tickets.draft-save`, `tickets.drafts`, `tickets.draft-delete`):
 * one sealed row per operator and draft id in the outbox database (synchronous=FULL, so a
 * saved draft survives a crash of the renderer, of the app or of the machine). Rows are
 * keyed by the owner tag and sealed with the tickets' key (ticket-sealing.ts); the AAD
 * binds owner and id, so one operator can neither read nor overwrite another's draft —
 * the same draft id from someone else is simply a different row.
 *
 * Draft values hold envelopes for sensitive fields (checked by the caller against the type
 * version when it is known); the size is checked here (`ticket_too_large`), and so is the
 * number of drafts per operator (`ticket_drafts_full`).
 */
export interface DraftStore {
  save(operatorId: string, draft: TicketDraft): void;
  list(operatorId: string): TicketDraft[];
  get(operatorId: string, draftId: string): TicketDraft | null;
  /** Deletes a draft (no error when it is not there); runs inside a caller's transaction too. */
  delete(operatorId: string, draftId: string): void;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS ticket_drafts (
    owner TEXT NOT NULL,
    draft_id TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    sealed BLOB NOT NULL,
    PRIMARY KEY (owner, draft_id)
  );
`;

const aadOf = (owner: string, draftId: string) => `ticket-draft\0${owner}\0${draftId}`;

export function createDraftStore(db: Database.Database, sealer: TicketSealer, log: (m: string) => void = () => undefined): DraftStore {
  db.exec(SCHEMA);
  const upsert = db.prepare('INSERT INTO ticket_drafts (owner, draft_id, updated_at, sealed) VALUES (?, ?, ?, ?) ON CONFLICT (owner, draft_id) DO UPDATE SET updated_at = excluded.updated_at, sealed = excluded.sealed');
  const count = db.prepare('SELECT COUNT(*) AS n FROM ticket_drafts WHERE owner = ?');
  const exists = db.prepare('SELECT 1 FROM ticket_drafts WHERE owner = ? AND draft_id = ?');
  const selectAll = db.prepare('SELECT draft_id, sealed FROM ticket_drafts WHERE owner = ? ORDER BY updated_at DESC');
  const selectOne = db.prepare('SELECT sealed FROM ticket_drafts WHERE owner = ? AND draft_id = ?');
  const remove = db.prepare('DELETE FROM ticket_drafts WHERE owner = ? AND draft_id = ?');

  const open = (owner: string, draftId: string, sealed: Buffer): TicketDraft | null => {
    try {
      const parsed = TicketDraft.safeParse(sealer.unsealJson(aadOf(owner, draftId), sealed));
      return parsed.success && parsed.data.draftId === draftId ? parsed.data : null;
    } catch {
      // Tampered or moved: never shown; the next save of this id replaces it.
      log('ticket draft: a row failed to open (skipped)');
      return null;
    }
  };

  return {
    save(operatorId, draft) {
      if (jsonBytes(draft.values) > TICKET_DRAFT_MAX_BYTES) throw new DeskFailure('ticket_too_large');
      const owner = sealer.ownerTag(operatorId);
      const save = db.transaction(() => {
        const isNew = exists.get(owner, draft.draftId) === undefined;
        if (isNew && (count.get(owner) as { n: number }).n >= TICKET_DRAFTS_MAX_PER_OPERATOR) throw new DeskFailure('ticket_drafts_full');
        upsert.run(owner, draft.draftId, Date.parse(draft.updatedAt), sealer.sealJson(aadOf(owner, draft.draftId), draft));
      });
      save();
    },
    list(operatorId) {
      const owner = sealer.ownerTag(operatorId);
      const rows = selectAll.all(owner) as { draft_id: string; sealed: Buffer }[];
      return rows.flatMap((r) => open(owner, r.draft_id, r.sealed) ?? []);
    },
    get(operatorId, draftId) {
      const owner = sealer.ownerTag(operatorId);
      const row = selectOne.get(owner, draftId) as { sealed: Buffer } | undefined;
      return row === undefined ? null : open(owner, draftId, row.sealed);
    },
    delete(operatorId, draftId) {
      remove.run(sealer.ownerTag(operatorId), draftId);
    },
  };
}
