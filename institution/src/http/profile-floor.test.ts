import { PassThrough, Readable } from 'node:stream';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PREFIX, ApiError, ServerEventPage } from '../../contract/api.ts';
import { runCli } from '../cli/run-cli.ts';
import { databasePath } from '../data-dir.ts';
import { TEST_SCRYPT, startTestInstitution } from '../testing/harness.ts';
import type { TestInstitution } from '../testing/harness.ts';

/** The CLI in-process, against the data directory of the running test server (as IT would, while it serves). */
async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const prompt = new PassThrough();
  prompt.resume();
  const code = await runCli(args, { stdin: Readable.from([]), prompt, out: (l) => out.push(l), err: (l) => err.push(l), passwordHashing: TEST_SCRYPT });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/**
 * The institution states the lowest site-profile serial it accepts; the desktop reports the
 * serial it runs at login, and a workstation on an older profile gets no session.
 */
describe('minimum site-profile serial', () => {
  let t: TestInstitution;
  beforeAll(async () => {
    t = await startTestInstitution();
  });
  afterAll(async () => {
    await t.close();
  });

  const failedAttempts = (): number => {
    const db = new Database(databasePath(t.dataDir), { readonly: true });
    try {
      return (db.prepare('SELECT failed_attempts FROM operators WHERE id = ?').get('A1001') as { failed_attempts: number }).failed_attempts;
    } finally {
      db.close();
    }
  };

  it('states no minimum by default, and accepts any serial', async () => {
    const session = await t.login('A1001', 'Agent#2026', { profileSerial: 1 });
    expect(session.minProfileSerial).toBe(0);
  });

  it('set-min-profile-serial (CLI, while serving) refuses older workstations at login with profile_outdated, before the password', async () => {
    const before = await t.login('A1001', 'Agent#2026', { profileSerial: 3 });
    const set = await cli(['set-min-profile-serial', '--serial', '4', '--data-dir', t.dataDir]);
    expect(set).toMatchObject({ code: 0, out: 'workstations need site profile serial 4 or newer to sign in' });

    for (const password of ['Agent#2026', 'wrong-1', 'wrong-2', 'wrong-3', 'wrong-4', 'wrong-5']) {
      const path = `${API_PREFIX}/auth/login`;
      const json = { operatorId: 'A1001', password, workstationId: t.workstation.id, profileSerial: 3 };
      const refused = await t.client.request('POST', path, { json, headers: await t.proof(t.workstation, path, json) });
      expect(refused.status).toBe(403);
      expect(ApiError.parse(refused.json).error).toMatchObject({ code: 'profile_outdated', message: expect.stringContaining('serial 4') });
    }
    expect(failedAttempts()).toBe(0);
    expect((await t.login('A1001', 'Agent#2026', { profileSerial: 4 })).minProfileSerial).toBe(4);

    // A session opened on the older profile is not refreshed past the new floor.
    const refresh = await t.refresh(before.refreshToken);
    expect(refresh.status).toBe(403);
    expect(ApiError.parse(refresh.json).error.code).toBe('profile_outdated');

    const admin = (await t.consoleLogin('ADM01', 'Admin#2026')).accessToken;
    const log = ServerEventPage.parse((await t.client.request('GET', `${API_PREFIX}/admin/audit/workstations/${t.workstation.id}/server-events`, { token: admin })).json);
    expect(log.events.filter((e) => e.type === 'profile-outdated').map((e) => e.detail)).toContain('runs 3, minimum 4');
  });

  it('lowers back to no minimum, and refuses a malformed serial as a usage error', async () => {
    expect((await cli(['set-min-profile-serial', '--serial', '-1', '--data-dir', t.dataDir])).code).toBe(2);
    expect((await cli(['set-min-profile-serial', '--data-dir', t.dataDir])).code).toBe(2);
    expect((await cli(['set-min-profile-serial', '--serial', '0', '--data-dir', t.dataDir])).code).toBe(0);
    expect((await t.login('A1001', 'Agent#2026', { profileSerial: 1 })).minProfileSerial).toBe(0);
  });
});
