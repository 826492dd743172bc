import Database from 'better-sqlite3';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importTicketPublicKey, sealField, type SealedField } from '../../institution/contract/ticket-crypto.ts';
import type { TicketSubmitArgs } from '../contract/tickets.ts';
import type { DeskCore } from './desk-core.ts';
import { deskRows, eventually, untilEnrolled, signIn, valueOf as value } from './desk-core.harness.ts';
import { useTestInstitution } from './desk-core.hooks.ts';

/**
 * Tickets through the whole core against the real institution (HTTPS on loopback, SQLite,
 * the demo's ticket types and key): filing queues into the encrypted outbox and the delivery
 * loop sends each ticket exactly once (an outage and a replay included); undeliverable
 * tickets are shown and audited; drafts are sealed at rest and per operator.
 * Access rules and malformed payloads: desk-core.tickets-access.test.ts.
 */
const env = useTestInstitution({}, { admin: true, relay: true });

const CARD = '6222021234567890128';
const RESIDENT_ID = '11010519491231002X';
const TYPE = { typeId: 'bank-card-loss', typeVersion: 1 } as const;

let wsCounter = 0;
async function open(dataDir: string, workstationId: string, register: boolean): Promise<DeskCore> {
  const core = await env.openDesk({ workstationId, dataDir, register, deliveryBackoff: { initialMs: 50, maxMs: 200 }, log: () => undefined });
  await untilEnrolled(core);
  return core;
}

/** Card and ID sealed to the key the desk hands out (`tickets.key`), as the renderer does. */
async function cardLossData(core: DeskCore, notes: string): Promise<Record<string, unknown>> {
  const key = value<{ keyId: string; publicKey: string } | null>(await core.dispatch('tickets.key', undefined));
  if (key === null) throw new Error('the test profile carries no ticket key');
  const recipient = { kid: key.keyId, publicKey: await importTicketPublicKey(key.publicKey) };
  const seal = (v: string, pointer: string): Promise<SealedField> => sealField(v, recipient, { ...TYPE, pointer }, v.slice(-4));
  return {
    cardNumber: await seal(CARD, '/cardNumber'),
    holderName: '王测试',
    idNumber: await seal(RESIDENT_ID, '/idNumber'),
    mobile: '13800138000',
    lostOn: '2026-11-29',
    freezeNow: true,
    notes,
  };
}

/** The institution's tickets with this notes marker (admin view), and its raw rows' idempotency keys. */
async function atInstitution(notes: string): Promise<{ id: string; filedBy: string }[]> {
  const res = await env.institution.call('GET', '/tickets?limit=200', { token: env.admin });
  expect(res.status).toBe(200);
  const tickets = (res.body as { tickets: { id: string; filedBy: string; data: { notes?: string } }[] }).tickets;
  return tickets.filter((t) => t.data.notes === notes).map((t) => ({ id: t.id, filedBy: t.filedBy }));
}
function institutionRows(workstationId: string): { id: string; idempotency_key: string }[] {
  const db = new Database(join(env.institution.dataDir, 'institution.sqlite'), { readonly: true });
  try {
    return db.prepare('SELECT id, idempotency_key FROM tickets WHERE workstation_id = ? ORDER BY id').all(workstationId) as { id: string; idempotency_key: string }[];
  } finally {
    db.close();
  }
}
describe('tickets.submit → the institution (real server)', () => {
  it('files a ticket into the outbox and delivers it once: the institution holds it under the filer, the local list lets go of it', async () => {
    const dataDir = env.tempDir('desk-tickets-');
    const ws = `WS-TKT-${++wsCounter}`;
    const core = await open(dataDir, ws, true);
    await signIn(core);
    const types = value<{ types: { typeId: string; version: number }[] }>(await core.dispatch('tickets.types', undefined)).types;
    expect(types.map((t) => t.typeId)).toContain('bank-card-loss');
    const backlog: unknown[] = [];
    core.subscribe('tickets.outbox-changed', (c) => backlog.push(c));

    const args: TicketSubmitArgs = { ...TYPE, data: await cardLossData(core, 'once-1'), call: { callId: 'call-77@desk', callerMasked: '*******8000' } };
    const submitted = value<{ localId: string; state: string; createdAt: string }>(await core.dispatch('tickets.submit', args));
    expect(submitted.state).toBe('queued');

    const stored = await eventually(async () => ((await atInstitution('once-1')).length > 0 ? atInstitution('once-1') : undefined), 'the ticket at the institution');
    expect(stored).toEqual([{ id: expect.stringMatching(/^T-/), filedBy: 'A1001' }]);
    await eventually(() => (deskRows(dataDir, "SELECT 1 FROM outbox WHERE kind LIKE 'ticket%'").length === 0 ? true : undefined), 'the outbox row settled');
    const list = value<{ local: unknown[]; tickets: { id: string; call: unknown; createdAt: string }[] }>(await core.dispatch('tickets.list', {}));
    expect(list.local).toEqual([]);
    const mine = list.tickets.find((t) => t.id === stored[0]?.id);
    expect(mine?.createdAt).toBe(submitted.createdAt);
    expect(mine?.call).toEqual({ callId: 'call-77@desk', callerMasked: '*******8000' });
    expect(institutionRows(ws)).toHaveLength(1);
    expect(backlog).toContainEqual({ waiting: 1, undeliverable: 0 });
    await eventually(() => (JSON.stringify(backlog.at(-1)) === JSON.stringify({ waiting: 0, undeliverable: 0 }) ? true : undefined), 'the backlog event back to zero');
  });

  it('keeps tickets sealed through an outage and a restart, then delivers each exactly once (ids compared)', async () => {
    const dataDir = env.tempDir('desk-tickets-');
    const ws = `WS-TKT-${++wsCounter}`;
    let core = await open(dataDir, ws, true);
    await signIn(core);
    // The form opened before the outage: the type is known, so filing needs no institution.
    value(await core.dispatch('tickets.types', undefined));
    const data = await Promise.all([0, 1, 2].map((i) => cardLossData(core, `outage-${i}`)));

    env.relay.forwardTo(null);
    const localIds: string[] = [];
    for (const d of data) localIds.push(value<{ localId: string }>(await core.dispatch('tickets.submit', { ...TYPE, data: d })).localId);
    const offline = value<{ local: { localId: string; state: string }[]; tickets: unknown }>(await core.dispatch('tickets.list', {}));
    expect(offline.tickets).toBeNull();
    expect(offline.local.map((l) => [l.localId, l.state])).toEqual(localIds.map((id) => [id, 'queued']));
    expect(value(await core.dispatch('tickets.outbox', undefined))).toEqual({ waiting: 3, undeliverable: [] });
    const rows = deskRows(dataDir, "SELECT idempotency_key, payload FROM outbox WHERE kind = 'ticket'") as { idempotency_key: string; payload: Buffer }[];
    expect(rows).toHaveLength(3);
    for (const text of ['outage-', '王测试', '13800138000', 'bank-card-loss', CARD, RESIDENT_ID]) for (const r of rows) expect(r.payload.includes(Buffer.from(text))).toBe(false);

    await core.close();
    core = await open(dataDir, ws, false);
    env.relay.forwardTo(env.institution.server.url);
    await signIn(core);
    await eventually(() => (deskRows(dataDir, "SELECT 1 FROM outbox WHERE kind = 'ticket'").length === 0 ? true : undefined), 'the backlog delivered');
    const delivered = institutionRows(ws);
    expect(delivered.map((r) => r.idempotency_key).sort()).toEqual(rows.map((r) => r.idempotency_key).sort());
    for (const i of [0, 1, 2]) expect(await atInstitution(`outage-${i}`)).toHaveLength(1);
    expect(value(await core.dispatch('tickets.outbox', undefined))).toEqual({ waiting: 0, undeliverable: [] });
  });

  it('a ticket filed before sign-out stays its filer\'s: another operator\'s later session delivers it, attributed to the filing session', async () => {
    const dataDir = env.tempDir('desk-tickets-');
    const ws = `WS-TKT-${++wsCounter}`;
    const core = await open(dataDir, ws, true);
    await signIn(core);
    value(await core.dispatch('tickets.types', undefined));
    const data = await cardLossData(core, 'attributed-1');
    env.relay.forwardTo(null);
    const submitted = value<{ createdAt: string }>(await core.dispatch('tickets.submit', { ...TYPE, data }));
    await core.dispatch('session.logout', undefined);
    env.relay.forwardTo(env.institution.server.url);

    await signIn(core, 'S2001', 'Super#2026');
    await eventually(() => (deskRows(dataDir, "SELECT 1 FROM outbox WHERE kind = 'ticket'").length === 0 ? true : undefined), 'delivered by the next session');
    const [ticket] = await atInstitution('attributed-1');
    expect(ticket?.filedBy).toBe('A1001');
    const full = await env.institution.call('GET', `/tickets/${ticket?.id}`, { token: env.admin });
    const body = full.body as { filedBy: string; filedInSession: string; createdAt: string; workstationId: string };
    expect(body).toMatchObject({ filedBy: 'A1001', createdAt: submitted.createdAt, workstationId: ws });
    // The filing session is A1001's (the one they signed in with), not the delivering one.
    const db = new Database(join(env.institution.dataDir, 'institution.sqlite'), { readonly: true });
    try {
      const session = db.prepare('SELECT operator_id FROM sessions WHERE id = ?').get(body.filedInSession) as { operator_id: string } | undefined;
      expect(session?.operator_id).toBe('A1001');
    } finally {
      db.close();
    }
    // S2001's own list of what waits here is empty; A1001's too once they are back.
    expect(value(await core.dispatch('tickets.outbox', undefined))).toEqual({ waiting: 0, undeliverable: [] });
  });

  it('a ticket filed before the filing session was known waits for its own filer (another operator does not deliver it), then goes out under them', async () => {
    const dataDir = env.tempDir('desk-tickets-');
    const ws = `WS-TKT-${++wsCounter}`;
    const core = await env.openDesk({ workstationId: ws, dataDir, register: true, deliveryBackoff: { initialMs: 50, maxMs: 200 }, log: () => undefined, tickets: { filingSessionWaitMs: 100 } });
    await untilEnrolled(core);
    const data = await (async () => {
      await signIn(core);
      value(await core.dispatch('tickets.types', undefined));
      const d = await cardLossData(core, 'own-1');
      await core.dispatch('session.logout', undefined);
      return d;
    })();
    // The institution goes away the moment the session starts: the filing session is never learnt.
    const off = core.subscribe('session.changed', (s) => {
      if (s.status === 'active') env.relay.forwardTo(null);
    });
    await signIn(core);
    off();
    value(await core.dispatch('tickets.submit', { ...TYPE, data }));
    expect(deskRows(dataDir, "SELECT kind FROM outbox WHERE kind LIKE 'ticket%'")).toEqual([{ kind: 'ticket-own:A1001' }]);
    await core.dispatch('session.logout', undefined);
    env.relay.forwardTo(env.institution.server.url);

    // Another operator's session does not deliver it (the institution would attribute it to them).
    await signIn(core, 'S2001', 'Super#2026');
    value(await core.dispatch('tickets.submit', { ...TYPE, data: await cardLossData(core, 'own-2') }));
    await eventually(() => (deskRows(dataDir, "SELECT 1 FROM outbox WHERE kind = 'ticket'").length === 0 ? true : undefined), "S2001's own ticket delivered");
    expect(deskRows(dataDir, "SELECT kind FROM outbox WHERE kind LIKE 'ticket%'")).toEqual([{ kind: 'ticket-own:A1001' }]);
    expect(await atInstitution('own-1')).toEqual([]);
    await core.dispatch('session.logout', undefined);

    await signIn(core);
    await eventually(() => (deskRows(dataDir, "SELECT 1 FROM outbox WHERE kind LIKE 'ticket%'").length === 0 ? true : undefined), "A1001's ticket delivered");
    expect(await atInstitution('own-1')).toEqual([{ id: expect.stringMatching(/^T-/), filedBy: 'A1001' }]);
  });

  it('a row sent again after its delivery (a crash before the settle) is answered as a replay: still one ticket, and the local list lets go', async () => {
    const dataDir = env.tempDir('desk-tickets-');
    const ws = `WS-TKT-${++wsCounter}`;
    const core = await open(dataDir, ws, true);
    await signIn(core);
    value(await core.dispatch('tickets.types', undefined));
    env.relay.forwardTo(null);
    value(await core.dispatch('tickets.submit', { ...TYPE, data: await cardLossData(core, 'replay-1') }));
    const [outboxRow] = deskRows(dataDir, "SELECT kind, idempotency_key, created_at, payload FROM outbox WHERE kind = 'ticket'");
    const [localRow] = deskRows(dataDir, 'SELECT local_id, owner, state, created_at, sealed FROM ticket_local');
    env.relay.forwardTo(env.institution.server.url);
    await eventually(() => (institutionRows(ws).length === 1 && deskRows(dataDir, "SELECT 1 FROM outbox WHERE kind = 'ticket'").length === 0 ? true : undefined), 'first delivery');
    const first = institutionRows(ws);

    // The crash: the rows as they were before the settle (sealed bytes, AAD-bound to kind + key).
    const db = new Database(join(dataDir, 'outbox.sqlite'));
    db.prepare('INSERT INTO outbox (kind, idempotency_key, created_at, payload) VALUES (@kind, @idempotency_key, @created_at, @payload)').run(outboxRow);
    db.prepare('INSERT INTO ticket_local (local_id, owner, state, created_at, sealed) VALUES (@local_id, @owner, @state, @created_at, @sealed)').run(localRow);
    db.close();
    expect(value(await core.dispatch('tickets.outbox', undefined))).toEqual({ waiting: 1, undeliverable: [] });
    // Any new write wakes the loop (as a restart would): a draft save.
    await core.dispatch('tickets.draft-save', { draftId: '0b0f1a52-7a43-4e53-9a0e-2f1d8c1e6a11', ...TYPE, values: { notes: 'x' }, updatedAt: new Date().toISOString() });
    await core.dispatch('session.logout', undefined);
    await signIn(core);
    await eventually(() => (deskRows(dataDir, "SELECT 1 FROM outbox WHERE kind = 'ticket'").length === 0 ? true : undefined), 'the replay settled');
    expect(institutionRows(ws)).toEqual(first);
    expect(value(await core.dispatch('tickets.outbox', undefined))).toEqual({ waiting: 0, undeliverable: [] });
  });

  it('a ticket the institution refuses is undeliverable: shown with its field errors, audited without content, kept for IT, never resent', async () => {
    const dataDir = env.tempDir('desk-tickets-');
    const ws = `WS-TKT-${++wsCounter}`;
    const core = await open(dataDir, ws, true);
    await signIn(core);
    value(await core.dispatch('tickets.types', undefined));
    const data = await cardLossData(core, 'refused-1');
    delete data.holderName; // required by the schema: the institution says so per field
    data.mobile = '12345'; // not a mobile number
    const { localId } = value<{ localId: string }>(await core.dispatch('tickets.submit', { ...TYPE, data }));

    const outbox = await eventually(async () => {
      const o = value<{ waiting: number; undeliverable: { localId: string; reason: string; fields: { pointer: string; code: string }[] }[] }>(await core.dispatch('tickets.outbox', undefined));
      return o.undeliverable.length > 0 ? o : undefined;
    }, 'the refusal');
    expect(outbox.waiting).toBe(0);
    expect(outbox.undeliverable).toEqual([expect.objectContaining({ localId, typeId: 'bank-card-loss', reason: 'bad_request', rejectedAt: expect.any(String) })]);
    const pointers = outbox.undeliverable[0]?.fields.map((f) => f.pointer) ?? [];
    expect(pointers).toEqual(expect.arrayContaining(['/data/mobile']));
    expect(pointers.some((p) => p === '/data' || p === '/data/holderName')).toBe(true);
    const list = value<{ local: { localId: string; state: string }[] }>(await core.dispatch('tickets.list', {}));
    expect(list.local).toEqual([expect.objectContaining({ localId, state: 'undeliverable' })]);
    expect(deskRows(dataDir, "SELECT kind, reason FROM dead_letter WHERE kind = 'ticket'")).toEqual([{ kind: 'ticket', reason: 'bad_request' }]);
    expect(institutionRows(ws)).toEqual([]);

    const audited = await eventually(() => {
      const found = env.institution.storedEvents(ws).filter((e) => e.type === 'tickets.undeliverable');
      return found.length > 0 ? found : undefined;
    }, 'the audit event at the institution');
    expect(audited.map((e) => [e.actor, e.data.localId, e.data.typeId, e.data.reason])).toEqual([['A1001', localId, 'bank-card-loss', 'bad_request']]);
    expect(JSON.stringify(audited)).not.toContain('12345');
    expect(JSON.stringify(audited)).not.toContain('王测试');

    // Dismissed: gone from the operator's list; the dead letter stays for IT.
    expect(await core.dispatch('tickets.dismiss-undeliverable', { localId })).toEqual({ ok: true, value: null });
    expect(value(await core.dispatch('tickets.outbox', undefined))).toEqual({ waiting: 0, undeliverable: [] });
    expect(deskRows(dataDir, "SELECT 1 FROM dead_letter WHERE kind = 'ticket'")).toHaveLength(1);
  });
});

describe('ticket drafts (sealed at rest, per operator)', () => {
  const DRAFT = '6f8e2a40-1c5b-4d7e-8f90-a1b2c3d4e5f6';
  it('round-trips a draft across a restart with none of its text on disk', async () => {
    const dataDir = env.tempDir('desk-tickets-');
    const ws = `WS-TKT-${++wsCounter}`;
    let core = await open(dataDir, ws, true);
    await signIn(core);
    value(await core.dispatch('tickets.types', undefined));
    const data = await cardLossData(core, '草稿备注独一无二');
    const draft = { draftId: DRAFT, ...TYPE, values: { holderName: data.holderName, cardNumber: data.cardNumber, notes: data.notes }, call: { callId: 'call-9@desk' }, updatedAt: '2026-11-30T09:00:00.000Z' };
    expect(value(await core.dispatch('tickets.draft-save', draft))).toEqual({ draftId: DRAFT, updatedAt: draft.updatedAt });
    expect(value(await core.dispatch('tickets.drafts', undefined))).toEqual({ drafts: [draft] });

    // Every file of the data folder (database, WAL, anything else): no plaintext of the draft.
    const files = readdirSync(dataDir, { recursive: true, withFileTypes: true }).filter((f) => f.isFile());
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const bytes = readFileSync(join(f.parentPath, f.name));
      for (const text of ['草稿备注独一无二', '王测试', 'call-9@desk', (data.cardNumber as SealedField).ct]) expect(bytes.includes(Buffer.from(text)), `${f.name} holds ${text}`).toBe(false);
    }

    await core.close();
    core = await open(dataDir, ws, false);
    await signIn(core);
    expect(value(await core.dispatch('tickets.drafts', undefined))).toEqual({ drafts: [draft] });
    // Filing it deletes the draft in the same transaction.
    value(await core.dispatch('tickets.submit', { draftId: DRAFT, ...TYPE, data }));
    expect(value(await core.dispatch('tickets.drafts', undefined))).toEqual({ drafts: [] });
  });

  it("another operator neither sees nor overwrites someone's draft, even under the same draft id", async () => {
    const core = await open(env.tempDir('desk-tickets-'), `WS-TKT-${++wsCounter}`, true);
    await signIn(core);
    const mine = { draftId: DRAFT, ...TYPE, values: { holderName: '甲' }, updatedAt: '2026-11-30T09:00:00.000Z' };
    value(await core.dispatch('tickets.draft-save', mine));
    await core.dispatch('session.logout', undefined);

    await signIn(core, 'S2001', 'Super#2026');
    expect(value(await core.dispatch('tickets.drafts', undefined))).toEqual({ drafts: [] });
    const theirs = { ...mine, values: { holderName: '乙' } };
    value(await core.dispatch('tickets.draft-save', theirs));
    expect(await core.dispatch('tickets.draft-delete', { draftId: DRAFT })).toEqual({ ok: true, value: null });
    await core.dispatch('session.logout', undefined);

    await signIn(core);
    expect(value(await core.dispatch('tickets.drafts', undefined))).toEqual({ drafts: [mine] });
  });
});
