import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintSipCredentials as referenceMint } from '../../../e2e/lab/credentials.ts';
import { API_PREFIX, AgentStatesResponse, ApiError, PhoneCodes, ServerEventPage, SipCredentialsResponse } from '../../contract/api.ts';
import { databasePath } from '../data-dir.ts';
import { openDatabase } from '../db/open-database.ts';
import { createPhoneStore } from '../phone/phone-store.ts';
import { DEMO_PHONE_CODES } from '../seed/demo-phone.ts';
import { startInstitutionServer } from '../server.ts';
import { TEST_WORKSTATION_ID, createTestWorkstation, startTestInstitution } from '../testing/harness.ts';
import type { TestInstitution } from '../testing/harness.ts';

const SECRET = 'c2VjcmV0LXNoYXJlZC13aXRoLXRoZS1zYmM';
const DOMAIN = 'sip.demo-bank.test';
const TTL = 300;

describe('the phone endpoints', () => {
  let t: TestInstitution;
  let agent: string;
  let supervisor: string;
  let admin: string;
  let consoleAdmin: string;
  beforeAll(async () => {
    t = await startTestInstitution({ sipSecret: SECRET, sipDomain: DOMAIN, sipCredentialTtlSeconds: TTL });
    agent = (await t.login('A1001', 'Agent#2026')).accessToken;
    supervisor = (await t.login('S2001', 'Super#2026')).accessToken;
    admin = (await t.login('ADM01', 'Admin#2026')).accessToken;
    consoleAdmin = (await t.consoleLogin('ADM01', 'Admin#2026')).accessToken;
  });
  afterAll(async () => {
    await t.close();
  });

  const call = (method: string, path: string, o: { token?: string; json?: unknown; body?: string; headers?: Record<string, string> } = {}) =>
    t.client.request(method, `${API_PREFIX}${path}`, o);
  const expectError = (response: { status: number; json: unknown }, status: number, code: string): void => {
    expect(response.status, JSON.stringify(response.json)).toBe(status);
    expect(ApiError.parse(response.json).error.code).toBe(code);
  };
  const report = (token: string, json: unknown) => call('PUT', '/phone/state', { token, json });

  it('issues credentials exactly as the lab reference (Kamailio auth_ephemeral) mints them, for the caller only', async () => {
    const response = await call('POST', '/phone/credentials', { token: agent });
    expect(response.status).toBe(200);
    const issued = SipCredentialsResponse.parse(response.json);
    const reference = referenceMint(SECRET, 'A1001', TTL, t.clock());
    expect(issued).toEqual({ username: reference.username, password: reference.password, expiresAt: reference.expiresAt * 1000, uri: `sip:A1001@${DOMAIN}` });
    // The clock moves: the next credentials expire later (renewal).
    t.clock.advance(61_000);
    const renewed = SipCredentialsResponse.parse((await call('POST', '/phone/credentials', { token: agent, json: {} })).json);
    expect(renewed.expiresAt - issued.expiresAt).toBe(61_000);
    expect(renewed.password).not.toBe(issued.password);
  });

  it('records each issuance with its expiry and never the password', async () => {
    const issued = SipCredentialsResponse.parse((await call('POST', '/phone/credentials', { token: supervisor })).json);
    const page = ServerEventPage.parse((await call('GET', `/admin/audit/workstations/${TEST_WORKSTATION_ID}/server-events?limit=500`, { token: consoleAdmin })).json);
    const recorded = page.events.filter((e) => e.type === 'sip-credentials-issued' && e.operatorId === 'S2001');
    expect(recorded.map((e) => e.detail)).toEqual([`expires ${issued.expiresAt / 1000}`]);
    expect(JSON.stringify(page)).not.toContain(issued.password);
  });

  it('refuses credentials to the signed-out, a bad token, a role without calls.handle, a console session, and a body', async () => {
    expectError(await call('POST', '/phone/credentials'), 401, 'unauthorized');
    expectError(await call('POST', '/phone/credentials', { token: 'x'.repeat(43) }), 401, 'unauthorized');
    expectError(await call('POST', '/phone/credentials', { token: admin }), 403, 'forbidden');
    expectError(await call('POST', '/phone/credentials', { token: consoleAdmin }), 403, 'forbidden');
    expectError(await call('POST', '/phone/credentials', { token: agent, json: { operatorId: 'S2001' } }), 400, 'bad_request');
    expectError(await call('POST', '/phone/credentials', { token: agent, body: '{', headers: { 'content-type': 'application/json' } }), 400, 'bad_request');
  });

  it("refuses a session used with another workstation's signed audit head", async () => {
    const other = createTestWorkstation('WS-PHONE-OTHER');
    await t.provision(other);
    const head = other.signedHead({ seq: 1, hash: 'a'.repeat(64) }, t.clock());
    const headers = { 'x-audit-head': `${head.seq}.${head.hash}.${head.at}.${head.signature}` };
    expectError(await call('POST', '/phone/credentials', { token: agent, headers }), 401, 'workstation_proof_invalid');
    expectError(await call('PUT', '/phone/state', { token: agent, headers, json: { state: 'ready', reasonCode: null, callId: null } }), 401, 'workstation_proof_invalid');
  });

  it("keeps each operator's current state and its history; the supervisor view lists the current ones", async () => {
    expect((await report(agent, { state: 'ready', reasonCode: null, callId: null })).status).toBe(204);
    t.clock.advance(1_000);
    expect((await report(agent, { state: 'ringing', reasonCode: null, callId: 'a84b4c76e66710@desk' })).status).toBe(204);
    t.clock.advance(1_000);
    expect((await report(agent, { state: 'not-ready', reasonCode: 'meal', callId: null })).status).toBe(204);
    expect((await report(supervisor, { state: 'ready', reasonCode: null, callId: null })).status).toBe(204);

    const view = AgentStatesResponse.parse((await call('GET', '/admin/phone/states', { token: supervisor })).json);
    expect(view.states).toEqual([
      { operatorId: 'A1001', team: 'team-1', state: 'not-ready', reasonCode: 'meal', callId: null, workstationId: TEST_WORKSTATION_ID, since: new Date(t.clock()).toISOString() },
      { operatorId: 'S2001', team: 'team-1', state: 'ready', reasonCode: null, callId: null, workstationId: TEST_WORKSTATION_ID, since: new Date(t.clock()).toISOString() },
    ]);
    // The console administrator sees the same floor.
    expect(AgentStatesResponse.parse((await call('GET', '/admin/phone/states', { token: consoleAdmin })).json)).toEqual(view);

    const handle = await openDatabase(databasePath(t.dataDir));
    try {
      const history = await createPhoneStore({ db: handle.db, now: t.clock }).history('A1001');
      expect(history.map((h) => [h.n, h.state, h.reasonCode, h.callId])).toEqual([
        [1, 'ready', null, null],
        [2, 'ringing', null, 'a84b4c76e66710@desk'],
        [3, 'not-ready', 'meal', null],
      ]);
    } finally {
      await handle.close();
    }
  });

  it('refuses reports outside the contract or the institution’s reasons, and callers without calls.handle', async () => {
    const bad: unknown[] = [
      { state: 'not-ready', reasonCode: 'nap', callId: null },
      { state: 'not-ready', reasonCode: null, callId: null },
      { state: 'ready', reasonCode: 'break', callId: null },
      { state: 'on-call', reasonCode: null, callId: 'has space' },
      { state: 'on-call', reasonCode: null, callId: 'x'.repeat(129) },
      { state: 'busy', reasonCode: null, callId: null },
      { state: 'ready', reasonCode: null, callId: null, number: '13800138000' },
      { state: 'ready' },
      [],
      null,
    ];
    for (const json of bad) expectError(await report(agent, json), 400, 'bad_request');
    expectError(await call('PUT', '/phone/state', { token: agent, body: 'state=ready', headers: { 'content-type': 'text/plain' } }), 415, 'unsupported_media_type');
    const ok = { state: 'ready', reasonCode: null, callId: null };
    expectError(await report(admin, ok), 403, 'forbidden');
    expectError(await report(consoleAdmin, ok), 403, 'forbidden');
    expectError(await call('PUT', '/phone/state', { json: ok }), 401, 'unauthorized');
  });

  it('serves the seeded code lists to agents, and the states view to supervisors and administrators only', async () => {
    const codes = PhoneCodes.parse((await call('GET', '/phone/codes', { token: agent })).json);
    expect(codes).toEqual(DEMO_PHONE_CODES);
    expect(codes.notReadyReasons.map((r) => r.label['zh-CN'])).toEqual(['小休', '培训', '会议', '用餐', '事后处理', '未接来电']);
    expectError(await call('GET', '/phone/codes', { token: consoleAdmin }), 403, 'forbidden');
    expectError(await call('GET', '/phone/codes'), 401, 'unauthorized');
    expectError(await call('GET', '/admin/phone/states', { token: agent }), 403, 'forbidden');
    expectError(await call('GET', '/admin/phone/states'), 401, 'unauthorized');
  });

  it('answers 404 for credentials when the institution has no SIP service, and refuses half a configuration at start', async () => {
    const bare = await startTestInstitution();
    try {
      const token = (await bare.login('A1001', 'Agent#2026')).accessToken;
      expectError(await bare.client.request('POST', `${API_PREFIX}/phone/credentials`, { token }), 404, 'not_found');
    } finally {
      await bare.close();
    }
    const dataDir = await mkdtemp(join(tmpdir(), 'institution-sip-'));
    try {
      await expect(startInstitutionServer({ dataDir, sipSecret: SECRET })).rejects.toThrow(/SIP settings invalid \(domain\)/);
      await expect(startInstitutionServer({ dataDir, sipDomain: DOMAIN })).rejects.toThrow(/SIP settings invalid \(secret\)/);
      // The refusal names the field, never the value it refused.
      await expect(startInstitutionServer({ dataDir, sipSecret: 'short"secret', sipDomain: DOMAIN })).rejects.toThrow(/^(?!.*short).*\(secret\)$/);
      await expect(startInstitutionServer({ dataDir, sipSecret: SECRET, sipDomain: DOMAIN, sipCredentialTtlSeconds: 10 })).rejects.toThrow(/\(ttlSeconds\)/);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
