import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importTicketPublicKey, sealField } from '../../institution/contract/ticket-crypto.ts';
import { DeskErrorCode } from '../contract/errors.ts';
import type { TicketChanged } from '../contract/tickets.ts';
import type { DeskCore } from './desk-core.ts';
import { eventually, valueOf as value } from './desk-core.harness.ts';
import { useTestInstitution } from './desk-core.hooks.ts';

/**
 * Who may do what with tickets through the desk (real institution, two seats), and what
 * malformed payloads get: an agent files and sees their own ticket but cannot process or
 * reveal (the dispatcher refuses before anything leaves the desk); a supervisor processes
 * and the agent's desk hears the change live (push → `tickets.changed`); only tickets.reveal
 * holders get a plaintext, for a reason. Arbitrary payloads to the filing and draft channels
 * get a typed error, never `internal`, and nothing is queued for them.
 */
const env = useTestInstitution({}, { admin: true });

const CARD = '6222021234567890128';
const TYPE = { typeId: 'bank-card-loss', typeVersion: 1 } as const;


async function fileCardLoss(core: DeskCore, notes: string): Promise<string> {
  value(await core.dispatch('tickets.types', undefined));
  const key = value<{ keyId: string; publicKey: string }>(await core.dispatch('tickets.key', undefined));
  const recipient = { kid: key.keyId, publicKey: await importTicketPublicKey(key.publicKey) };
  const data = {
    cardNumber: await sealField(CARD, recipient, { ...TYPE, pointer: '/cardNumber' }, CARD.slice(-4)),
    holderName: '王测试',
    idNumber: await sealField('11010519491231002X', recipient, { ...TYPE, pointer: '/idNumber' }, '002X'),
    mobile: '13800138000',
    lostOn: '2026-11-29',
    freezeNow: false,
    notes,
  };
  value(await core.dispatch('tickets.submit', { ...TYPE, data }));
  return eventually(async () => {
    const list = value<{ tickets: { id: string; data: { notes?: string } }[] | null }>(await core.dispatch('tickets.list', {}));
    return list.tickets?.find((t) => t.data.notes === notes)?.id;
  }, 'the ticket delivered and listed');
}

describe('tickets: access through the desk (real institution)', () => {
  it('an agent files and reads their own ticket; processing and reveal are refused at the desk; a supervisor processes and the agent hears it live', async () => {
    const agent = await env.seat('A1001', 'Agent#2026');
    const changes: TicketChanged[] = [];
    agent.subscribe('tickets.changed', (e) => changes.push(e));
    const ticketId = await fileCardLoss(agent, 'access-1');
    const mine = value<{ filedBy: string; status: string; data: { cardNumber: { ct: string; hint: string } } }>(await agent.dispatch('tickets.get', { ticketId }));
    expect(mine.filedBy).toBe('A1001');
    // The desk holds and shows ciphertext only: the envelope with its hint.
    expect(mine.data.cardNumber.hint).toBe('0128');
    expect(JSON.stringify(mine)).not.toContain(CARD);

    for (const [channel, payload] of [
      ['tickets.transition', { ticketId, to: 'in_progress' }],
      ['tickets.assign', { ticketId, assignee: 'A1001' }],
      ['tickets.extend', { ticketId, reason: '需要更多时间' }],
      ['tickets.reveal', { ticketId, pointer: '/cardNumber', reason: '核实客户身份' }],
    ] as const) {
      expect(await agent.dispatch(channel, payload), channel).toEqual({ ok: false, error: { code: 'permission_denied' } });
    }
    expect(value<{ comments: unknown[] }>(await agent.dispatch('tickets.comments', { ticketId })).comments).toEqual([]);
    value(await agent.dispatch('tickets.comment', { ticketId, body: '客户来电补充：卡片遗失于地铁' }));

    const supervisor = await env.seat('S2001', 'Super#2026');
    expect(await supervisor.dispatch('tickets.reveal', { ticketId, pointer: '/cardNumber', reason: '核实客户身份' })).toEqual({ ok: false, error: { code: 'permission_denied' } });
    const moved = value<{ status: string }>(await supervisor.dispatch('tickets.transition', { ticketId, to: 'in_progress', note: '已受理' }));
    expect(moved.status).toBe('in_progress');
    expect(await supervisor.dispatch('tickets.transition', { ticketId, to: 'closed' })).toEqual({ ok: false, error: { code: 'ticket_conflict' } });
    expect(value<{ assignee: string | null }>(await supervisor.dispatch('tickets.assign', { ticketId, assignee: 'S2001' })).assignee).toBe('S2001');

    // The filer's desk heard it (push ticket-changed → tickets.changed), ids and status only.
    await eventually(() => (changes.some((c) => c.ticketId === ticketId && c.change === 'status' && c.status === 'in_progress') ? true : undefined), 'the status change pushed to the agent');
    expect(value<{ status: string; assignee: string }>(await agent.dispatch('tickets.get', { ticketId }))).toMatchObject({ status: 'in_progress', assignee: 'S2001' });
    // A ticket the agent may not see is answered like a missing one.
    expect(await agent.dispatch('tickets.get', { ticketId: 'T-00000000000000000000000000' })).toEqual({ ok: false, error: { code: 'ticket_not_found' } });
  });

  it('a tickets.reveal holder gets the plaintext for a reason; the institution records the reveal, never the value', async () => {
    const agent = await env.seat('A1001', 'Agent#2026');
    const ticketId = await fileCardLoss(agent, 'access-reveal');
    const admin = await env.seat('ADM01', 'Admin#2026');
    expect(await admin.dispatch('tickets.reveal', { ticketId, pointer: '/cardNumber', reason: 'x' })).toEqual({ ok: false, error: { code: 'bad_request' } });
    expect(value(await admin.dispatch('tickets.reveal', { ticketId, pointer: '/cardNumber', reason: '客户申请补卡，核实卡号' }))).toEqual({ pointer: '/cardNumber', value: CARD });
    const res = await env.institution.call('GET', '/admin/audit/staff-actions?operatorId=ADM01', { token: env.admin });
    expect(res.status).toBe(200);
    const text = JSON.stringify(res.body);
    expect(text).toContain('ticket-revealed');
    expect(text).toContain(`ticket:${ticketId}`);
    expect(text).not.toContain(CARD);
  });
});

describe('tickets: malformed payloads get typed errors (fast-check)', () => {
  const TYPED = new Set<string>(DeskErrorCode.options.filter((c) => c !== 'internal'));
  it('tickets.submit and tickets.draft-save answer any payload with a typed error or a valid answer, never internal', async () => {
    const agent = await env.seat('A1001', 'Agent#2026');
    value(await agent.dispatch('tickets.types', undefined));
    const nearValid = fc.record(
      {
        draftId: fc.oneof(fc.uuid(), fc.string({ maxLength: 40 })),
        typeId: fc.oneof(fc.constant('bank-card-loss'), fc.constant('no-such-type'), fc.string({ maxLength: 60 })),
        typeVersion: fc.oneof(fc.constant(1), fc.integer(), fc.double(), fc.string()),
        values: fc.oneof(fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 3 })), fc.anything()),
        data: fc.oneof(
          fc.dictionary(fc.constantFrom('cardNumber', 'idNumber', 'holderName', 'notes', '__proto__', 'constructor'), fc.jsonValue({ maxDepth: 3 })),
          fc.anything(),
        ),
        updatedAt: fc.oneof(fc.constant('2026-11-30T09:00:00.000Z'), fc.string({ maxLength: 30 })),
        call: fc.anything(),
        extra: fc.anything(),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('tickets.submit', 'tickets.draft-save'), fc.oneof(nearValid, fc.anything()), async (channel, payload) => {
        const result = await agent.dispatch(channel, payload);
        if (!result.ok) expect(TYPED.has(result.error.code), `${channel}: ${result.error.code}`).toBe(true);
        // A sensitive field with plaintext is never accepted.
        const fields = (payload as { data?: unknown; values?: unknown } | null)?.[channel === 'tickets.submit' ? 'data' : 'values'];
        const card = typeof fields === 'object' && fields !== null && !Array.isArray(fields) ? (fields as Record<string, unknown>)['cardNumber'] : undefined;
        if (result.ok && card !== undefined) expect(typeof card === 'object' && card !== null && 'ct' in card).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
});
