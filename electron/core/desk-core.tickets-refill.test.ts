import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importTicketPublicKey, sealField } from '../../institution/contract/ticket-crypto.ts';
import type { TicketDraft } from '../contract/tickets.ts';
import type { DeskCore } from './desk-core.ts';
import { deskRows, deskWrite, eventually, untilEnrolled, signIn, valueOf as value } from './desk-core.harness.ts';
import { useTestInstitution } from './desk-core.hooks.ts';

/**
 * "重新填写" through the whole core against the real institution (HTTPS on loopback, SQLite,
 * the demo's card-loss type and key): a ticket the institution refused for good becomes a
 * draft of its filer with the same type version, values and sealed envelopes; filing that
 * draft removes the undeliverable ticket from the list in the same transaction (the answer
 * to `tickets.submit` already shows it gone), while its dead letter stays for IT. Only the
 * filer may refill it, only with tickets.create, only with a well-formed id.
 */
const env = useTestInstitution({}, { admin: true, relay: true });

const CARD = '6222021234567890128';
const TYPE = { typeId: 'bank-card-loss', typeVersion: 1 } as const;
let wsCounter = 0;

async function open(dataDir: string, workstationId = `WS-TKR-${++wsCounter}`, register = true): Promise<DeskCore> {
  const core = await env.openDesk({ workstationId, dataDir, register, deliveryBackoff: { initialMs: 50, maxMs: 200 }, log: () => undefined });
  await untilEnrolled(core);
  return core;
}
type Outbox = { waiting: number; undeliverable: { localId: string }[] };

/** Files a card-loss report the institution refuses (no holder name, not a mobile number) and waits for the refusal. */
async function fileRefused(core: DeskCore, notes: string): Promise<{ localId: string; data: Record<string, unknown> }> {
  value(await core.dispatch('tickets.types', undefined));
  const key = value<{ keyId: string; publicKey: string }>(await core.dispatch('tickets.key', undefined));
  const recipient = { kid: key.keyId, publicKey: await importTicketPublicKey(key.publicKey) };
  const data = {
    cardNumber: await sealField(CARD, recipient, { ...TYPE, pointer: '/cardNumber' }, CARD.slice(-4)),
    idNumber: await sealField('11010519491231002X', recipient, { ...TYPE, pointer: '/idNumber' }, '002X'),
    mobile: '12345',
    lostOn: '2026-11-29',
    freezeNow: true,
    notes,
  };
  const { localId } = value<{ localId: string }>(await core.dispatch('tickets.submit', { ...TYPE, data, call: { callId: 'call-refill@desk' } }));
  await eventually(async () => (value<Outbox>(await core.dispatch('tickets.outbox', undefined)).undeliverable.some((u) => u.localId === localId) ? true : undefined), 'the refusal');
  return { localId, data };
}

describe('tickets: an undeliverable ticket filed again from a draft (重新填写)', () => {
  it('refills as a draft with the same values and envelopes; filing it removes the undeliverable ticket in the same commit; the dead letter stays', async () => {
    const dataDir = env.tempDir('desk-refill-');
    const core = await open(dataDir);
    await signIn(core);
    const { localId, data } = await fileRefused(core, 'refill-1');

    const draft = value<TicketDraft>(await core.dispatch('tickets.refill-undeliverable', { localId }));
    expect(draft).toMatchObject({ ...TYPE, values: data, call: { callId: 'call-refill@desk' } });
    expect(draft.draftId).toMatch(/^[0-9a-f-]{36}$/);
    // A normal draft of this operator (sealed at rest: no plaintext of it in any file).
    expect(value<{ drafts: TicketDraft[] }>(await core.dispatch('tickets.drafts', undefined)).drafts).toEqual([draft]);
    for (const f of readdirSync(dataDir, { recursive: true, withFileTypes: true }).filter((x) => x.isFile())) {
      expect(readFileSync(join(f.parentPath, f.name)).includes(Buffer.from('refill-1')), f.name).toBe(false);
    }
    // Asked again (a second click, a restart of the view): the same draft, not another one.
    expect(value<TicketDraft>(await core.dispatch('tickets.refill-undeliverable', { localId })).draftId).toBe(draft.draftId);
    // Until it is filed, the undeliverable ticket stays listed.
    expect(value<Outbox>(await core.dispatch('tickets.outbox', undefined)).undeliverable.map((u) => u.localId)).toEqual([localId]);

    // The agent fixes the refused fields (the envelopes are kept as they are) and files the draft.
    const fixed = { ...draft.values, holderName: '王测试', mobile: '13800138000' };
    const filed = value<{ localId: string }>(await core.dispatch('tickets.submit', { draftId: draft.draftId, typeId: draft.typeId, typeVersion: draft.typeVersion, data: fixed, ...(draft.call === undefined ? {} : { call: draft.call }) }));
    // Answered after the commit, which removed the old one: no moment with both listed.
    const local = value<{ local: { localId: string; state: string }[] }>(await core.dispatch('tickets.list', {})).local;
    expect(local.map((l) => l.localId)).not.toContain(localId);
    expect(value<{ drafts: TicketDraft[] }>(await core.dispatch('tickets.drafts', undefined)).drafts).toEqual([]);
    expect(deskRows(dataDir, 'SELECT 1 FROM ticket_refill')).toEqual([]);
    expect(deskRows(dataDir, "SELECT reason FROM dead_letter WHERE kind = 'ticket'")).toEqual([{ reason: 'bad_request' }]);
    // The new ticket reaches the institution with the envelopes sealed for the first filing (same type version, same binding).
    const delivered = await eventually(async () => {
      const list = value<{ local: { localId: string }[]; tickets: { id: string; data: Record<string, unknown> }[] | null }>(await core.dispatch('tickets.list', {}));
      return list.local.some((l) => l.localId === filed.localId) ? undefined : list.tickets?.find((t) => t.data['notes'] === 'refill-1');
    }, 'the refilled ticket delivered');
    expect(delivered.data['cardNumber']).toEqual(data.cardNumber);
    expect(delivered.data['holderName']).toBe('王测试');
    expect(value<Outbox>(await core.dispatch('tickets.outbox', undefined))).toEqual({ waiting: 0, undeliverable: [] });
  });

  it('a discarded refill draft leaves the undeliverable ticket listed; a new refill makes a new draft; dismiss still works', async () => {
    const core = await open(env.tempDir('desk-refill-'));
    await signIn(core);
    const { localId } = await fileRefused(core, 'refill-2');
    const first = value<TicketDraft>(await core.dispatch('tickets.refill-undeliverable', { localId }));
    expect(await core.dispatch('tickets.draft-delete', { draftId: first.draftId })).toEqual({ ok: true, value: null });
    expect(value<Outbox>(await core.dispatch('tickets.outbox', undefined)).undeliverable.map((u) => u.localId)).toEqual([localId]);
    const second = value<TicketDraft>(await core.dispatch('tickets.refill-undeliverable', { localId }));
    expect(second.draftId).not.toBe(first.draftId);
    expect(second.values).toEqual(first.values);
    // Dismissed: nothing left to refill (the draft the agent made stays theirs).
    value(await core.dispatch('tickets.dismiss-undeliverable', { localId }));
    expect(await core.dispatch('tickets.refill-undeliverable', { localId })).toEqual({ ok: false, error: { code: 'ticket_not_found' } });
    expect(value<{ drafts: TicketDraft[] }>(await core.dispatch('tickets.drafts', undefined)).drafts.map((d) => d.draftId)).toEqual([second.draftId]);
  });

  it('the type version no longer at hand (not cached, institution unreachable): refused with no draft left behind; the ticket stays listed and refills once it is back', async () => {
    const dataDir = env.tempDir('desk-refill-');
    const ws = `WS-TKR-${++wsCounter}`;
    let core = await open(dataDir, ws);
    await signIn(core);
    const { localId } = await fileRefused(core, 'refill-4');
    // A restart whose cache lost the form (as after an upgrade that ignores rows of another shape).
    await core.close();
    deskWrite(dataDir, 'DELETE FROM ticket_type_versions');
    core = await open(dataDir, ws, false);
    await signIn(core);
    env.relay.forwardTo(null);
    expect(await core.dispatch('tickets.refill-undeliverable', { localId })).toEqual({ ok: false, error: { code: 'ticket_type_unknown' } });
    // Nothing half-made: no draft, no link; the undeliverable ticket (and its dead letter) still there.
    expect(value<{ drafts: TicketDraft[] }>(await core.dispatch('tickets.drafts', undefined)).drafts).toEqual([]);
    expect(deskRows(dataDir, 'SELECT 1 FROM ticket_refill')).toEqual([]);
    expect(value<Outbox>(await core.dispatch('tickets.outbox', undefined)).undeliverable.map((u) => u.localId)).toEqual([localId]);
    // Reachable again: one refill, one draft.
    env.relay.forwardTo(env.institution.server.url);
    const draft = value<TicketDraft>(await core.dispatch('tickets.refill-undeliverable', { localId }));
    expect(value<TicketDraft>(await core.dispatch('tickets.refill-undeliverable', { localId })).draftId).toBe(draft.draftId);
    expect(value<{ drafts: TicketDraft[] }>(await core.dispatch('tickets.drafts', undefined)).drafts.map((d) => d.draftId)).toEqual([draft.draftId]);
  });

  it('only the filer refills, only with tickets.create, only a well-formed id, only when signed in', async () => {
    const core = await open(env.tempDir('desk-refill-'));
    await signIn(core);
    const { localId } = await fileRefused(core, 'refill-3');
    expect(await core.dispatch('tickets.refill-undeliverable', { localId: 'local-1' })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await core.dispatch('tickets.refill-undeliverable', { localId, extra: 1 })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await core.dispatch('tickets.refill-undeliverable', undefined)).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await core.dispatch('tickets.refill-undeliverable', { localId: '6f8e2a40-1c5b-4d7e-8f90-a1b2c3d4e5f6' })).toEqual({ ok: false, error: { code: 'ticket_not_found' } });
    value(await core.dispatch('session.logout', undefined));
    expect(await core.dispatch('tickets.refill-undeliverable', { localId })).toMatchObject({ ok: false, error: { code: 'not_logged_in' } });
    // Another operator on the same workstation who may file: not theirs to refill.
    await signIn(core, 'S2001', 'Super#2026');
    expect(await core.dispatch('tickets.refill-undeliverable', { localId })).toEqual({ ok: false, error: { code: 'ticket_not_found' } });
    expect(value<{ drafts: TicketDraft[] }>(await core.dispatch('tickets.drafts', undefined)).drafts).toEqual([]);
    value(await core.dispatch('session.logout', undefined));
    // An admin (no tickets.create): refused by the channel's access rule before the handler runs.
    await signIn(core, 'ADM01', 'Admin#2026');
    expect(await core.dispatch('tickets.refill-undeliverable', { localId })).toEqual({ ok: false, error: { code: 'permission_denied' } });
    value(await core.dispatch('session.logout', undefined));
    await signIn(core);
    expect(value<TicketDraft>(await core.dispatch('tickets.refill-undeliverable', { localId })).typeId).toBe('bank-card-loss');
  });
});
