import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PREFIX, ApiError, MeResponse } from '../../contract/api.ts';
import { databasePath } from '../data-dir.ts';
import { startTestInstitution } from '../testing/harness.ts';
import type { TestInstitution } from '../testing/harness.ts';

const CONSOLE = `${API_PREFIX}/auth/console-login`;

/**
 * Institution staff sign in at the institution's own tools without a workstation. Only
 * console accounts (every role a console role: admin) can; an agent's account cannot be
 * signed in, probed or locked out from there, and a console session never carries a
 * workstation role's permissions.
 */
describe('console login (institution staff, no workstation)', () => {
  let t: TestInstitution;
  beforeAll(async () => {
    t = await startTestInstitution({ lockout: { maxFailures: 3, lockMinutes: 10 } });
  });
  afterAll(async () => {
    await t.close();
  });

  const consoleLogin = (operatorId: string, password: string) => t.client.request('POST', CONSOLE, { json: { operatorId, password } });
  const row = (id: string) => {
    const db = new Database(databasePath(t.dataDir), { readonly: true });
    try {
      return db.prepare('SELECT failed_attempts, workstation_id FROM operators LEFT JOIN sessions ON sessions.operator_id = operators.id WHERE operators.id = ? ORDER BY sessions.created_at DESC').get(id) as {
        failed_attempts: number;
        workstation_id: string | null;
      };
    } finally {
      db.close();
    }
  };

  it('signs an admin in with a session bound to no workstation, refreshed without a proof', async () => {
    const session = await t.consoleLogin('ADM01', 'Admin#2026');
    expect(session.operator.permissions).toContain('operators.manage');
    expect(row('ADM01').workstation_id).toBe('');
    const refreshed = await t.client.request('POST', `${API_PREFIX}/auth/refresh`, { json: { refreshToken: session.refreshToken } });
    expect(refreshed.status).toBe(200);
    // A workstation's proof does not make it a workstation session either.
    expect(ApiError.parse((await t.refresh(session.refreshToken)).json).error.code).toBe('workstation_proof_invalid');
  });

  it('answers an agent account exactly like an unknown operator, never checks or counts its password', async () => {
    const answers = [];
    for (let i = 0; i < 5; i += 1) answers.push(await consoleLogin('A1001', i === 0 ? 'Agent#2026' : `wrong-${i}`));
    answers.push(await consoleLogin('NOBODY', 'whatever'));
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 401));
    expect(new Set(answers.map((a) => a.text)).size).toBe(1);
    expect(ApiError.parse(answers[0]?.json).error.code).toBe('invalid_credentials');
    expect(row('A1001').failed_attempts).toBe(0);
    for (const id of ['S2001', 'QA01']) expect((await consoleLogin(id, id === 'S2001' ? 'Super#2026' : 'Quality#2026')).status).toBe(401);
  });

  it('counts wrong passwords of console accounts towards their lockout', async () => {
    await consoleLogin('ADM01', 'wrong-1');
    await consoleLogin('ADM01', 'wrong-2');
    expect(ApiError.parse((await consoleLogin('ADM01', 'wrong-3')).json).error.code).toBe('account_locked');
    t.clock.advance(10 * 60_000 + 1);
  });

  it('a console session never gains a workstation role, even when the account does', async () => {
    const { accessToken } = await t.consoleLogin('ADM01', 'Admin#2026');
    const db = new Database(databasePath(t.dataDir));
    try {
      db.prepare('UPDATE operators SET roles = ? WHERE id = ?').run(JSON.stringify(['admin', 'agent']), 'ADM01');
    } finally {
      db.close();
    }
    const me = MeResponse.parse((await t.client.request('GET', `${API_PREFIX}/me`, { token: accessToken })).json);
    expect(me.operator.permissions).not.toContain('calls.handle');
    expect(me.operator.permissions).toContain('operators.manage');
    // And with an agent role, the account can no longer use the console at all.
    expect((await consoleLogin('ADM01', 'Admin#2026')).status).toBe(401);
  });
});
