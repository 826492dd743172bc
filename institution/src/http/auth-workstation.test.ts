import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PREFIX, ApiError } from '../../contract/api.ts';
import { databasePath } from '../data-dir.ts';
import { TEST_PROFILE_SERIAL, createTestWorkstation, startTestInstitution } from '../testing/harness.ts';
import type { TestInstitution } from '../testing/harness.ts';

/**
 * Operators sign in only from enrolled workstations. An unenrolled workstation gets no
 * challenge to sign, and a login carrying a proof for it is refused before the password:
 * the answer never depends on the operator, and refused attempts never count towards a
 * lockout (so nobody can lock an account out from a made-up workstation id).
 */
describe('login and re-authentication need an enrolled workstation', () => {
  const MAX_FAILURES = 3;
  let t: TestInstitution;
  beforeAll(async () => {
    t = await startTestInstitution({ lockout: { maxFailures: MAX_FAILURES, lockMinutes: 10 } });
  });
  afterAll(async () => {
    await t.close();
  });

  const LOGIN = `${API_PREFIX}/auth/login`;

  it('gives an unregistered or registered-but-not-enrolled workstation no challenge, and refuses its signed logins, counting nothing', async () => {
    await t.register('WS-REGISTERED-ONLY');
    for (const id of ['WS-UNKNOWN', 'WS-REGISTERED-ONLY']) {
      const challenge = await t.client.request('POST', `${API_PREFIX}/auth/challenge`, { json: { workstationId: id } });
      expect(challenge.status).toBe(403);
      expect(ApiError.parse(challenge.json).error.code).toBe('workstation_not_enrolled');
      // Even signed by a key of its own (with a nonce it could not have got), the id is not enrolled.
      const impostor = createTestWorkstation(id);
      const answers = [];
      for (const [operatorId, password] of [
        ...Array.from({ length: MAX_FAILURES + 2 }, (_, i) => ['A1001', `wrong-${i}`]),
        ['A1001', 'Agent#2026'],
        ['NOBODY', 'whatever'],
      ] as const) {
        const json = { operatorId, password, workstationId: id, profileSerial: TEST_PROFILE_SERIAL };
        answers.push(await t.client.request('POST', LOGIN, { json, headers: impostor.proofHeaders(LOGIN, json, 'A'.repeat(22)) }));
      }
      expect(answers.map((a) => a.status)).toEqual(answers.map(() => 403));
      expect(ApiError.parse(answers[0]?.json).error.code).toBe('workstation_not_enrolled');
      // The same bytes whether the operator exists and whether the password was right.
      expect(new Set(answers.map((a) => a.text)).size).toBe(1);
    }
    expect(t.failedAttempts('A1001')).toBe(0);
    // The account is not locked: the right password from the enrolled workstation works.
    expect((await t.login('A1001', 'Agent#2026')).operator.id).toBe('A1001');
  });

  it('lets the operator in once the workstation has enrolled', async () => {
    const ws = createTestWorkstation('WS-LATER');
    expect((await t.client.request('POST', `${API_PREFIX}/auth/challenge`, { json: { workstationId: ws.id } })).status).toBe(403);
    await t.provision(ws);
    expect((await t.login('S2001', 'Super#2026', { workstationId: ws.id })).operator.id).toBe('S2001');
  });

  it('re-authentication from a workstation that is no longer enrolled is refused before the password', async () => {
    const ws = createTestWorkstation('WS-REMOVED');
    await t.provision(ws);
    const { accessToken } = await t.login('QA01', 'Quality#2026', { workstationId: ws.id });
    expect((await t.reauthenticate(accessToken, 'Quality#2026', ws)).status).toBe(204);
    // A proof signed while it was still enrolled, kept for later.
    const path = `${API_PREFIX}/auth/reauthenticate`;
    const kept = await t.proof(ws, path, { password: 'wrong-0' });
    // No endpoint removes an enrollment yet; an institution's DBA would do this.
    const db = new Database(databasePath(t.dataDir));
    try {
      db.prepare('DELETE FROM workstations WHERE id = ?').run(ws.id);
    } finally {
      db.close();
    }
    for (let i = 0; i < MAX_FAILURES + 1; i += 1) {
      const refused = await t.client.request('POST', path, { token: accessToken, json: { password: `wrong-${i}` }, headers: i === 0 ? kept : {} });
      expect(refused.status).toBe(403);
      expect(ApiError.parse(refused.json).error.code).toBe('workstation_not_enrolled');
    }
    expect(t.failedAttempts('QA01')).toBe(0);
  });
});
