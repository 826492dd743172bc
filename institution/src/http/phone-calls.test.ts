import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PREFIX, ApiError, CallRecordReceipt, CallRecordsResponse } from '../../contract/api.ts';
import type { CallRecord } from '../../contract/api.ts';
import { TEST_WORKSTATION_ID, startTestInstitution } from '../testing/harness.ts';
import type { TestInstitution } from '../testing/harness.ts';

const at = (s: number) => new Date(Date.UTC(2026, 10, 30, 9, 0, s)).toISOString();

function recordOf(operatorId: string, callId: string, extra: Partial<CallRecord> = {}): CallRecord {
  return {
    callId,
    operatorId,
    direction: 'inbound',
    remote: '*******8000',
    startedAt: at(0),
    answeredAt: at(4),
    endedAt: at(64),
    wrapUpEndedAt: at(80),
    ringMs: 4_000,
    talkMs: 60_000,
    wrapUpMs: 16_000,
    wrapUpExtended: false,
    wrapUpOverdue: false,
    end: 'remote-hangup',
    disposition: 'answered',
    states: [
      { state: 'ringing', at: at(0) },
      { state: 'on-call', at: at(4) },
      { state: 'wrap-up', at: at(64) },
      { state: 'ready', at: at(80) },
    ],
    quality: { samples: 60, mosMin: 4.1, mosAvg: 4.38, jitterMaxMs: 12.5, rttMaxMs: 40, lossPercent: 0.2 },
    ...extra,
  };
}

describe('call records (POST /phone/calls, GET /admin/phone/calls)', () => {
  let t: TestInstitution;
  let agent: string;
  let otherAgent: string;
  let supervisor: string;
  let qa: string;
  let consoleAdmin: string;
  beforeAll(async () => {
    t = await startTestInstitution({ sipSecret: 'c2VjcmV0LXNoYXJlZC13aXRoLXRoZS1zYmM', sipDomain: 'sip.demo-bank.test' });
    agent = (await t.login('A1001', 'Agent#2026')).accessToken;
    otherAgent = (await t.login('S2001', 'Super#2026')).accessToken;
    supervisor = otherAgent;
    qa = (await t.login('QA01', 'Quality#2026')).accessToken;
    consoleAdmin = (await t.consoleLogin('ADM01', 'Admin#2026')).accessToken;
  });
  afterAll(async () => {
    await t.close();
  });

  const call = (method: string, path: string, o: { token?: string; json?: unknown; body?: string; headers?: Record<string, string> } = {}) =>
    t.client.request(method, `${API_PREFIX}${path}`, o);
  const post = (token: string | undefined, json: unknown) => call('POST', '/phone/calls', { ...(token === undefined ? {} : { token }), json });
  const expectError = (response: { status: number; json: unknown }, status: number, code: string): void => {
    expect(response.status, JSON.stringify(response.json)).toBe(status);
    expect(ApiError.parse(response.json).error.code).toBe(code);
  };
  const listed = async (query = '') => CallRecordsResponse.parse((await call('GET', `/admin/phone/calls${query}`, { token: supervisor })).json).calls;

  it('stores a record once: a replay answers the same receipt and adds no row', async () => {
    const record = recordOf('A1001', 'replay-1@desk');
    const first = await post(agent, record);
    expect(first.status, first.text).toBe(200);
    const receipt = CallRecordReceipt.parse(first.json);
    expect(receipt.callId).toBe('replay-1@desk');
    t.clock.advance(5_000);
    for (let i = 0; i < 3; i += 1) {
      const again = await post(agent, record);
      expect(again.status).toBe(200);
      expect(CallRecordReceipt.parse(again.json)).toEqual(receipt);
    }
    const mine = (await listed('?operatorId=A1001')).filter((c) => c.callId === 'replay-1@desk');
    expect(mine).toEqual([{ ...record, workstationId: TEST_WORKSTATION_ID, receivedAt: receipt.receivedAt }]);
  });

  it('refuses other content under the same operator + call id (409) and keeps the first', async () => {
    const record = recordOf('A1001', 'conflict-1@desk');
    expect((await post(agent, record)).status).toBe(200);
    expectError(await post(agent, { ...record, disposition: 'callback' }), 409, 'conflict');
    expect((await listed('?operatorId=A1001')).find((c) => c.callId === 'conflict-1@desk')?.disposition).toBe('answered');
  });

  it('keeps the same call id apart per operator (each side of an internal call records it)', async () => {
    expect((await post(agent, recordOf('A1001', 'shared@desk'))).status).toBe(200);
    expect((await post(otherAgent, recordOf('S2001', 'shared@desk', { direction: 'outbound' }))).status).toBe(200);
    expect((await listed()).filter((c) => c.callId === 'shared@desk').map((c) => c.operatorId).sort()).toEqual(['A1001', 'S2001']);
  });

  it("refuses the signed-out, a bad token, a role without calls.handle, a console session, and another operator's record", async () => {
    const record = recordOf('A1001', 'refused@desk');
    expectError(await post(undefined, record), 401, 'unauthorized');
    expectError(await post('x'.repeat(43), record), 401, 'unauthorized');
    expectError(await post(qa, recordOf('QA01', 'refused@desk')), 403, 'forbidden');
    expectError(await post(consoleAdmin, recordOf('ADM01', 'refused@desk')), 403, 'forbidden');
    // Another operator's call, with a valid token of someone who may take calls.
    expectError(await post(otherAgent, record), 403, 'forbidden');
    expect((await listed()).some((c) => c.callId === 'refused@desk')).toBe(false);
  });

  it('refuses malformed, unmasked, unknown-disposition and oversized records with typed 4xx', async () => {
    const good = recordOf('A1001', 'bad@desk');
    const bad: unknown[] = [
      { ...good, remote: '13800138000' },
      { ...good, remote: '138****8000' },
      { ...good, remote: '' },
      { ...good, disposition: 'sold-a-loan' },
      { ...good, callId: 'has space' },
      { ...good, direction: 'sideways' },
      { ...good, talkMs: -1 },
      { ...good, startedAt: 'yesterday' },
      { ...good, endedAt: at(-10) },
      { ...good, quality: { ...good.quality, mosAvg: 7 } },
      { ...good, transcript: 'hello' },
      { ...good, states: Array.from({ length: 33 }, () => ({ state: 'ready', at: at(0) })) },
      Object.fromEntries(Object.entries(good).filter(([k]) => k !== 'disposition')),
      [],
      null,
    ];
    for (const json of bad) expectError(await post(agent, json), 400, 'bad_request');
    expectError(await call('POST', '/phone/calls', { token: agent, body: '{"callId":', headers: { 'content-type': 'application/json' } }), 400, 'bad_request');
    expectError(await call('POST', '/phone/calls', { token: agent, body: 'callId=x', headers: { 'content-type': 'text/plain' } }), 415, 'unsupported_media_type');
    expectError(await post(agent, { ...good, padding: 'x'.repeat(20_000) }), 413, 'payload_too_large');
    expect((await listed()).some((c) => c.callId === 'bad@desk')).toBe(false);
  });

  it('lists records to supervisors and administrators only, newest first, by operator and limit', async () => {
    expect((await post(agent, recordOf('A1001', 'late@desk', { startedAt: at(30), endedAt: at(90) }))).status).toBe(200);
    const all = await listed();
    const starts = all.map((c) => Date.parse(c.startedAt));
    expect(starts).toEqual([...starts].sort((a, b) => b - a));
    expect(all[0]?.callId).toBe('late@desk');
    expect(await listed('?limit=1')).toHaveLength(1);
    expect((await listed('?operatorId=S2001')).every((c) => c.operatorId === 'S2001')).toBe(true);
    expect(CallRecordsResponse.parse((await call('GET', '/admin/phone/calls', { token: consoleAdmin })).json).calls).toEqual(all);
    // QA has supervision.monitor: it may read (quality checks are its work).
    expect((await call('GET', '/admin/phone/calls', { token: qa })).status).toBe(200);
    expectError(await call('GET', '/admin/phone/calls', { token: agent }), 403, 'forbidden');
    expectError(await call('GET', '/admin/phone/calls'), 401, 'unauthorized');
    for (const query of ['?limit=0', '?limit=501', '?limit=x', '?operatorId=a%20b', '?other=1']) {
      expectError(await call('GET', `/admin/phone/calls${query}`, { token: supervisor }), 400, 'bad_request');
    }
  });
});
