import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PREFIX, ApiError, ServerEventPage, TokenPair } from '../../contract/api.ts';
import { PROOF_HEADER } from '../../contract/workstation-proof.ts';
import { TEST_PROFILE_SERIAL, createTestWorkstation, startTestInstitution } from '../testing/harness.ts';
import type { TestInstitution, TestWorkstation } from '../testing/harness.ts';
import type { HttpResponse } from '../testing/https-client.ts';

const LOGIN = `${API_PREFIX}/auth/login`;
const REFRESH = `${API_PREFIX}/auth/refresh`;
const REAUTH = `${API_PREFIX}/auth/reauthenticate`;
const CHALLENGE_TTL_MS = 60_000;

const codeOf = (response: HttpResponse): string => ApiError.parse(response.json).error.code;

/**
 * "Only from enrolled workstations" is proven, not claimed: login, refresh and unlock
 * carry the enrolled workstation's Ed25519 signature over the request and a single-use
 * challenge. Anything else is refused before the password is looked at, so it locks
 * nobody out, and a session only ever works for the workstation that proved its login.
 */
describe('workstation proof on login, refresh and unlock', () => {
  const MAX_FAILURES = 5;
  let t: TestInstitution;
  let demo: TestWorkstation;
  let other: TestWorkstation;
  beforeAll(async () => {
    t = await startTestInstitution({ lockout: { maxFailures: MAX_FAILURES, lockMinutes: 15 }, challenges: { ttlMs: CHALLENGE_TTL_MS } });
    demo = createTestWorkstation('WS-DEMO-01');
    other = createTestWorkstation('WS-OTHER-02');
    await t.provision(demo);
    await t.provision(other);
  });
  afterAll(async () => {
    await t.close();
  });

  const send = (path: string, json: unknown, headers: Record<string, string> = {}, token?: string) =>
    t.client.request('POST', path, { json, headers, ...(token === undefined ? {} : { token }) });
  const loginBody = (password: string, workstationId = demo.id) => ({ operatorId: 'A1001', password, workstationId, profileSerial: TEST_PROFILE_SERIAL });

  it('refuses the exact curl body of the review, with no proof, before anything else', async () => {
    const curl = await t.client.request('POST', LOGIN, {
      body: '{"operatorId":"A1001","password":"Agent#2026","workstationId":"WS-DEMO-01"}',
      headers: { 'content-type': 'application/json' },
    });
    expect(curl.status).toBe(401);
    expect(codeOf(curl)).toBe('workstation_proof_required');
    // The same with a well-formed body: the missing proof is the reason, not the shape.
    expect(codeOf(await send(LOGIN, loginBody('Agent#2026')))).toBe('workstation_proof_required');
  });

  it('five wrong passwords (and more) without a proof lock nothing', async () => {
    for (let i = 0; i < MAX_FAILURES + 2; i += 1) {
      const refused = await send(LOGIN, loginBody(`wrong-${i}`));
      expect(refused.status).toBe(401);
      expect(codeOf(refused)).toBe('workstation_proof_required');
    }
    expect(t.failedAttempts('A1001')).toBe(0);
    expect((await t.login('A1001', 'Agent#2026', { workstationId: demo.id })).operator.id).toBe('A1001');
  });

  it('refuses a replayed proof: the nonce is spent by the first use, even by parallel copies', async () => {
    const json = loginBody('Agent#2026');
    const headers = await t.proof(demo, LOGIN, json);
    expect((await send(LOGIN, json, headers)).status).toBe(200);
    const replay = await send(LOGIN, json, headers);
    expect(replay.status).toBe(401);
    expect(codeOf(replay)).toBe('workstation_proof_invalid');

    const fresh = await t.proof(demo, LOGIN, json);
    const copies = await Promise.all(Array.from({ length: 6 }, () => send(LOGIN, json, fresh)));
    expect(copies.map((c) => c.status).sort()).toEqual([200, 401, 401, 401, 401, 401]);
  });

  it("refuses another workstation's proof, a proof signed with the wrong key, and a proof for another body or route", async () => {
    const json = loginBody('Agent#2026');
    const fromOther = await t.proof(other, LOGIN, json);
    expect(codeOf(await send(LOGIN, json, fromOther))).toBe('workstation_proof_invalid');

    // Claims to be WS-DEMO-01, with a real challenge of WS-DEMO-01, signed by another key.
    const forger = createTestWorkstation(demo.id);
    expect(codeOf(await send(LOGIN, json, forger.proofHeaders(LOGIN, json, await t.challenge(demo.id))))).toBe('workstation_proof_invalid');
    // A nonce issued to WS-OTHER-02, signed by WS-DEMO-01: bound to the workstation it was issued to.
    expect(codeOf(await send(LOGIN, json, demo.proofHeaders(LOGIN, json, await t.challenge(other.id))))).toBe('workstation_proof_invalid');
    // Signed for one password, sent with another; signed for re-authentication, sent to login.
    expect(codeOf(await send(LOGIN, json, await t.proof(demo, LOGIN, loginBody('something-else'))))).toBe('workstation_proof_invalid');
    expect(codeOf(await send(LOGIN, json, await t.proof(demo, REAUTH, json)))).toBe('workstation_proof_invalid');
    expect(codeOf(await send(LOGIN, json, { [PROOF_HEADER]: 'v1 WS-DEMO-01 garbage' }))).toBe('workstation_proof_invalid');
    expect(t.failedAttempts('A1001')).toBe(0);
  });

  it('refuses a proof whose challenge expired', async () => {
    const json = loginBody('Agent#2026');
    const nonce = await t.challenge(demo.id);
    t.clock.advance(CHALLENGE_TTL_MS + 1);
    const late = await send(LOGIN, json, demo.proofHeaders(LOGIN, json, nonce));
    expect(late.status).toBe(401);
    expect(codeOf(late)).toBe('workstation_proof_invalid');
  });

  it("refresh needs the proof of the session's own workstation; refused refreshes change nothing", async () => {
    const session = await t.login('A1001', 'Agent#2026', { workstationId: demo.id });
    const json = { refreshToken: session.refreshToken };
    const none = await send(REFRESH, json);
    expect(none.status).toBe(401);
    expect(codeOf(none)).toBe('workstation_proof_required');
    const foreign = await send(REFRESH, json, await t.proof(other, REFRESH, json));
    expect(codeOf(foreign)).toBe('workstation_proof_invalid');
    const replayed = await t.proof(demo, REFRESH, json);
    const ok = await send(REFRESH, json, replayed);
    expect(ok.status).toBe(200);
    expect(codeOf(await send(REFRESH, { refreshToken: TokenPair.parse(ok.json).refreshToken }, replayed))).toBe('workstation_proof_invalid');
    // The refused attempts did not rotate or revoke anything: the new pair refreshes normally.
    expect((await t.refresh(TokenPair.parse(ok.json).refreshToken, demo)).status).toBe(200);
  });

  it("unlock (re-authentication) needs the proof of the session's own workstation, and unproven tries count nothing", async () => {
    const { accessToken } = await t.login('S2001', 'Super#2026', { workstationId: demo.id });
    for (let i = 0; i < MAX_FAILURES + 1; i += 1) {
      expect(codeOf(await send(REAUTH, { password: `wrong-${i}` }, {}, accessToken))).toBe('workstation_proof_required');
      const json = { password: `wrong-${i}` };
      expect(codeOf(await send(REAUTH, json, await t.proof(other, REAUTH, json), accessToken))).toBe('workstation_proof_invalid');
    }
    expect(t.failedAttempts('S2001')).toBe(0);
    expect((await t.reauthenticate(accessToken, 'Super#2026', demo)).status).toBe(204);
  });

  it('with a proof, wrong passwords still lock the account', async () => {
    for (let i = 0; i < MAX_FAILURES - 1; i += 1) {
      const json = loginBody(`wrong-${i}`, other.id);
      expect(codeOf(await send(LOGIN, { ...json, operatorId: 'QA01' }, await t.proof(other, LOGIN, { ...json, operatorId: 'QA01' })))).toBe('invalid_credentials');
    }
    const last = { ...loginBody('wrong-last', other.id), operatorId: 'QA01' };
    expect(codeOf(await send(LOGIN, last, await t.proof(other, LOGIN, last)))).toBe('account_locked');
    t.clock.advance(15 * 60_000 + 1);
  });

  it("records what it saw on the workstation's server-side log, for the auditors", async () => {
    const admin = (await t.consoleLogin('ADM01', 'Admin#2026')).accessToken;
    const response = await t.client.request('GET', `${API_PREFIX}/admin/audit/workstations/${demo.id}/server-events?limit=500`, { token: admin });
    expect(response.status).toBe(200);
    const page = ServerEventPage.parse(response.json);
    const types = new Set(page.events.map((e) => e.type));
    for (const type of ['proof-refused', 'login', 'refresh', 'refresh-refused', 'reauthenticated'] as const) expect(types).toContain(type);
    expect(page.events.find((e) => e.type === 'proof-refused')).toMatchObject({ operatorId: null, detail: `${LOGIN} workstation_proof_required`, source: '127.0.0.1' });
    expect(page.events.find((e) => e.type === 'login')).toMatchObject({ operatorId: 'A1001', detail: `profile ${TEST_PROFILE_SERIAL}` });
    // Never a password, token or nonce in it.
    expect(response.text).not.toMatch(/Agent#2026|wrong-|refreshToken/);
  });
});
