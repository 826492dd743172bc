import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PREFIX, ApiError } from '../../contract/api.ts';
import { databasePath } from '../data-dir.ts';
import { TEST_WORKSTATION_ID, createTestWorkstation, startTestInstitution } from '../testing/harness.ts';
import type { TestInstitution } from '../testing/harness.ts';

/**
 * Operators sign in only from enrolled workstations. The check comes before the password:
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

  const login = (json: Record<string, unknown>) => t.client.request('POST', `${API_PREFIX}/auth/login`, { json });

  function failedAttempts(operatorId: string): number {
    const db = new Database(databasePath(t.dataDir), { readonly: true });
    try {
      return (db.prepare('SELECT failed_attempts FROM operators WHERE id = ?').get(operatorId) as { failed_attempts: number }).failed_attempts;
    } finally {
      db.close();
    }
  }

  it('refuses an unregistered and a registered-but-not-enrolled workstation with workstation_not_enrolled, counting nothing', async () => {
    await t.register('WS-REGISTERED-ONLY');
    for (const workstationId of ['WS-UNKNOWN', 'WS-REGISTERED-ONLY']) {
      const answers = [];
      // More attempts than the lockout allows, right and wrong passwords, known and unknown operators.
      for (let i = 0; i < MAX_FAILURES + 2; i += 1) answers.push(await login({ operatorId: 'A1001', password: `wrong-${i}`, workstationId }));
      answers.push(await login({ operatorId: 'A1001', password: 'Agent#2026', workstationId }));
      answers.push(await login({ operatorId: 'NOBODY', password: 'whatever', workstationId }));
      expect(answers.map((a) => a.status)).toEqual(answers.map(() => 403));
      expect(ApiError.parse(answers[0]?.json).error.code).toBe('workstation_not_enrolled');
      // The same bytes whether the operator exists and whether the password was right.
      expect(new Set(answers.map((a) => a.text)).size).toBe(1);
    }
    expect(failedAttempts('A1001')).toBe(0);
    // The account is not locked: the right password from the enrolled workstation works.
    const ok = await login({ operatorId: 'A1001', password: 'Agent#2026', workstationId: TEST_WORKSTATION_ID });
    expect(ok.status).toBe(200);
  });

  it('lets the operator in once the workstation has enrolled', async () => {
    const ws = createTestWorkstation('WS-LATER');
    expect((await login({ operatorId: 'S2001', password: 'Super#2026', workstationId: ws.id })).status).toBe(403);
    await t.provision(ws);
    expect((await login({ operatorId: 'S2001', password: 'Super#2026', workstationId: ws.id })).status).toBe(200);
  });

  it('re-authentication from a workstation that is no longer enrolled is refused before the password', async () => {
    const ws = createTestWorkstation('WS-REMOVED');
    await t.provision(ws);
    const { accessToken } = await t.login('QA01', 'Quality#2026', { workstationId: ws.id });
    const reauth = (password: string) => t.client.request('POST', `${API_PREFIX}/auth/reauthenticate`, { token: accessToken, json: { password } });
    expect((await reauth('Quality#2026')).status).toBe(204);
    // No endpoint removes an enrollment yet; an institution's DBA would do this.
    const db = new Database(databasePath(t.dataDir));
    try {
      db.prepare('DELETE FROM workstations WHERE id = ?').run(ws.id);
    } finally {
      db.close();
    }
    for (let i = 0; i < MAX_FAILURES + 1; i += 1) {
      const refused = await reauth(`wrong-${i}`);
      expect(refused.status).toBe(403);
      expect(ApiError.parse(refused.json).error.code).toBe('workstation_not_enrolled');
    }
    expect(failedAttempts('QA01')).toBe(0);
  });
});
