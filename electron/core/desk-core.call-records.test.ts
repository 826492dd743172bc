import { describe, expect, it } from 'vitest';
import { CallRecordsResponse } from '../../institution/contract/api.ts';
import type { CallRecordArgs } from '../contract/phone.ts';
import type { DeskCore } from './desk-core.ts';
import { deskRows, eventually, untilEnrolled, signIn } from './desk-core.harness.ts';
import { useTestInstitution } from './desk-core.hooks.ts';
import { callRecordKind } from './phone/call-records.ts';

/**
 * Call records through the whole core against the real institution: `phone.record-call`
 * puts the record (with the signed-in operator) in the encrypted outbox, and the delivery
 * loop sends it with that operator's token. A record outlives an institution outage and a
 * desk restart, and reaches the institution exactly once.
 */
const env = useTestInstitution({ sipSecret: 'ZGVzay1jb3JlLXJlY29yZHMtc2VjcmV0', sipDomain: 'sip.demo-bank.test' }, { admin: true, relay: true });

const RECORD: CallRecordArgs = {
  callId: 'outage-1@desk',
  direction: 'inbound',
  remote: '*******8000',
  startedAt: '2026-11-30T09:00:00.000Z',
  answeredAt: '2026-11-30T09:00:04.000Z',
  endedAt: '2026-11-30T09:01:04.000Z',
  wrapUpEndedAt: '2026-11-30T09:01:20.000Z',
  ringMs: 4_000,
  talkMs: 60_000,
  wrapUpMs: 16_000,
  wrapUpExtended: false,
  wrapUpOverdue: false,
  end: 'remote-hangup',
  disposition: 'answered',
  states: [
    { state: 'ringing', at: '2026-11-30T09:00:00.000Z' },
    { state: 'on-call', at: '2026-11-30T09:00:04.000Z' },
    { state: 'wrap-up', at: '2026-11-30T09:01:04.000Z' },
    { state: 'ready', at: '2026-11-30T09:01:20.000Z' },
  ],
  quality: { samples: 60, mosMin: 4.2, mosAvg: 4.38, jitterMaxMs: 4.5, rttMaxMs: 12, lossPercent: 0 },
};

let wsCounter = 0;
async function open(dataDir: string, workstationId: string, register: boolean): Promise<DeskCore> {
  const core = await env.openDesk({ workstationId, dataDir, register, deliveryBackoff: { initialMs: 50, maxMs: 200 }, log: () => undefined });
  await untilEnrolled(core);
  return core;
}

const recordsAt = async (operatorId = 'A1001') =>
  CallRecordsResponse.parse((await env.institution.call('GET', `/admin/phone/calls?operatorId=${operatorId}`, { token: env.admin })).body).calls;

/** The desk's outbox as it is on disk (read-only, beside the running core). */
const outboxRows = (dataDir: string, kind: string) =>
  deskRows(dataDir, 'SELECT idempotency_key, attempts, payload FROM outbox WHERE kind = ?', kind) as { idempotency_key: string; attempts: number; payload: Buffer }[];

describe('phone.record-call (real institution server)', () => {
  it('keeps a record sealed through an outage and a desk restart, and delivers it exactly once when the institution is back', async () => {
    const dataDir = env.tempDir('desk-records-');
    const ws = `WS-REC-${++wsCounter}`;
    let core = await open(dataDir, ws, true);
    await signIn(core);

    env.relay.forwardTo(null);
    expect(await core.dispatch('phone.record-call', RECORD)).toEqual({ ok: true, value: null });
    // Queued again (the renderer retried): still one row.
    expect(await core.dispatch('phone.record-call', RECORD)).toEqual({ ok: true, value: null });
    const kind = callRecordKind('A1001');
    // The loop keeps trying while the institution is unreachable (audit goes first, so its rows count the passes); the record stays.
    await eventually(() => (outboxRows(dataDir, 'audit').some((r) => r.attempts >= 2) ? true : undefined), 'two failed delivery passes');
    const rows = outboxRows(dataDir, kind);
    expect(rows.map((r) => r.idempotency_key)).toEqual(['outage-1@desk']);
    // Sealed at rest: none of the record's text is in the row.
    for (const text of ['remote-hangup', '*******8000', 'answered', '2026-11-30']) expect(rows[0]?.payload.includes(Buffer.from(text))).toBe(false);

    // The desk restarts while the institution is still away; the record is on disk.
    await core.close();
    core = await open(dataDir, ws, false);
    expect(outboxRows(dataDir, kind)).toHaveLength(1);

    env.relay.forwardTo(env.institution.server.url);
    await signIn(core);
    const stored = await eventually(async () => {
      const calls = (await recordsAt()).filter((c) => c.callId === 'outage-1@desk');
      return calls.length > 0 ? calls : undefined;
    }, 'the record at the institution');
    expect(stored).toEqual([{ ...RECORD, operatorId: 'A1001', workstationId: ws, receivedAt: expect.any(String) }]);
    await eventually(() => (outboxRows(dataDir, kind).length === 0 ? true : undefined), 'the outbox row settled');

    // The same record once more (a renderer replay): delivered again, still one row there, same receipt.
    expect(await core.dispatch('phone.record-call', RECORD)).toEqual({ ok: true, value: null });
    await eventually(() => (outboxRows(dataDir, kind).length === 0 ? true : undefined), 'the replay settled');
    expect((await recordsAt()).filter((c) => c.callId === 'outage-1@desk')).toEqual(stored);
    // The chain says a record was made (call id and disposition only), once per queued record.
    const made = env.institution.storedEvents(ws).filter((e) => e.type === 'phone.call-recorded');
    expect(made.map((e) => [e.actor, e.data])).toEqual([
      ['A1001', { callId: 'outage-1@desk', disposition: 'answered' }],
      ['A1001', { callId: 'outage-1@desk', disposition: 'answered' }],
    ]);
    expect(JSON.stringify(made)).not.toContain('8000');
  });

  it("waits with another operator's records until that operator signs in here again, and files each under its own operator", async () => {
    const dataDir = env.tempDir('desk-records-');
    const core = await open(dataDir, `WS-REC-${++wsCounter}`, true);
    await signIn(core);
    env.relay.forwardTo(null);
    expect(await core.dispatch('phone.record-call', { ...RECORD, callId: 'a-first@desk' })).toEqual({ ok: true, value: null });
    // Signing out needs no institution (the server logout is best effort).
    await core.dispatch('session.logout', undefined);
    env.relay.forwardTo(env.institution.server.url);
    await signIn(core, 'S2001', 'Super#2026');
    expect(await core.dispatch('phone.record-call', { ...RECORD, callId: 's-first@desk' })).toEqual({ ok: true, value: null });
    await eventually(async () => ((await recordsAt('S2001')).some((c) => c.callId === 's-first@desk') ? true : undefined), "S2001's record");
    // A1001's record waits, sealed; S2001's token cannot file it.
    expect(outboxRows(dataDir, callRecordKind('A1001'))).toHaveLength(1);
    expect((await recordsAt('A1001')).some((c) => c.callId === 'a-first@desk')).toBe(false);
    await core.dispatch('session.logout', undefined);
    await signIn(core);
    await eventually(async () => ((await recordsAt('A1001')).some((c) => c.callId === 'a-first@desk') ? true : undefined), "A1001's record after they signed in again");
  });

  it('refuses records from the signed-out and from operators who do not take calls, and a record naming its operator', async () => {
    const dataDir = env.tempDir('desk-records-');
    const core = await open(dataDir, `WS-REC-${++wsCounter}`, true);
    expect(await core.dispatch('phone.record-call', RECORD)).toEqual({ ok: false, error: { code: 'not_logged_in' } });
    await signIn(core, 'QA01', 'Quality#2026');
    expect(await core.dispatch('phone.record-call', RECORD)).toEqual({ ok: false, error: { code: 'permission_denied' } });
    await core.dispatch('session.logout', undefined);
    await signIn(core);
    expect(await core.dispatch('phone.record-call', { ...RECORD, operatorId: 'S2001' })).toEqual({ ok: false, error: { code: 'bad_request' } });
    expect(await core.dispatch('phone.record-call', { ...RECORD, remote: '13800138000' })).toEqual({ ok: false, error: { code: 'bad_request' } });
  });
});
