import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DeskFailure } from '../../contract/errors.ts';
import { TICKET_DRAFTS_MAX_PER_OPERATOR } from '../../contract/ticket-limits.ts';
import type { TicketDraft } from '../../contract/tickets.ts';
import { createStaticKeyProvider } from '../outbox/crypto.ts';
import { openOutboxStore, type OutboxStore } from '../outbox/store.ts';
import { createDraftStore } from './draft-store.ts';
import { createTicketSealer } from './ticket-sealing.ts';

/** Drafts on a real outbox database (SQLite, sealed rows): limits, owners, tampering. */
const dirs: string[] = [];
const stores: OutboxStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
async function open(dir = mkdtempSync(join(tmpdir(), 'drafts-'))) {
  dirs.push(dir);
  const store = await openOutboxStore({ dataDir: dir, keyProvider: createStaticKeyProvider('draft-store-test') });
  stores.push(store);
  return { dir, store, drafts: createDraftStore(store.db, createTicketSealer(store)) };
}
const uuid = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
const draft = (i: number, values: Record<string, unknown> = { holderName: `客户${i}` }): TicketDraft => ({
  draftId: uuid(i),
  typeId: 'bank-card-loss',
  typeVersion: 1,
  values,
  updatedAt: new Date(Date.UTC(2026, 10, 30, 9, 0, i)).toISOString(),
});

describe('ticket drafts at rest', () => {
  it(`keeps at most ${TICKET_DRAFTS_MAX_PER_OPERATOR} per operator (an update of one of them still saves) and refuses oversized values`, async () => {
    const { drafts } = await open();
    for (let i = 0; i < TICKET_DRAFTS_MAX_PER_OPERATOR; i++) drafts.save('A1001', draft(i));
    expect(() => drafts.save('A1001', draft(999))).toThrow(new DeskFailure('ticket_drafts_full'));
    drafts.save('A1001', draft(3, { holderName: '改过' }));
    expect(drafts.get('A1001', uuid(3))?.values).toEqual({ holderName: '改过' });
    // Another operator has their own allowance.
    drafts.save('A1002', draft(999));
    expect(() => drafts.save('A1002', draft(1000, { notes: 'x'.repeat(70_000) }))).toThrow(new DeskFailure('ticket_too_large'));
    expect(drafts.list('A1001')).toHaveLength(TICKET_DRAFTS_MAX_PER_OPERATOR);
    expect(drafts.list('A1001')[0]?.draftId).toBe(uuid(TICKET_DRAFTS_MAX_PER_OPERATOR - 1));
  });

  it("a row moved to another operator, or altered, does not open; nothing names the operator in clear", async () => {
    const { store, drafts } = await open();
    drafts.save('A1001', draft(1));
    drafts.save('A1002', draft(2));
    const rows = store.db.prepare('SELECT owner, draft_id FROM ticket_drafts').all() as { owner: string; draft_id: string }[];
    expect(rows.map((r) => r.owner).join(' ')).not.toMatch(/A100/);
    const ownerOf = (draftId: string) => rows.find((r) => r.draft_id === draftId)?.owner;
    const [a, b] = [ownerOf(uuid(1)), ownerOf(uuid(2))];
    // A1001's sealed draft copied under A1002's owner tag.
    store.db.prepare('UPDATE ticket_drafts SET owner = ? WHERE owner = ?').run(b, a);
    expect(drafts.list('A1002').map((d) => d.draftId)).toEqual([uuid(2)]);
    expect(drafts.list('A1001')).toEqual([]);
    store.db.prepare("UPDATE ticket_drafts SET sealed = CAST(sealed || X'00' AS BLOB)").run();
    expect(drafts.list('A1002')).toEqual([]);
  });

  it('survives closing and reopening the store (another process start)', async () => {
    const first = await open();
    first.drafts.save('A1001', draft(7));
    stores.splice(0).forEach((s) => s.close());
    const again = await openOutboxStore({ dataDir: first.dir, keyProvider: createStaticKeyProvider('draft-store-test') });
    stores.push(again);
    expect(createDraftStore(again.db, createTicketSealer(again)).list('A1001')).toEqual([draft(7)]);
  });
});
