import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PREFIX, ApiError, MeResponse, TokenPair } from '../../contract/api.ts';
import { totpCodeForSecret } from '../auth/totp.ts';
import { TEST_PROFILE_SERIAL, TEST_WORKSTATION_ID, startTestInstitution } from '../testing/harness.ts';
import type { TestInstitution } from '../testing/harness.ts';

const TOTP_SECRET = 'JBSWY3DPEHPK3PXP';

function errorOf(json: unknown): ApiError['error'] {
  return ApiError.parse(json).error;
}

describe('authentication over HTTPS', () => {
  let t: TestInstitution;
  beforeAll(async () => {
    t = await startTestInstitution({ lockout: { maxFailures: 3, lockMinutes: 10 }, tokenTtl: { accessSeconds: 60, refreshSeconds: 600 } });
  });
  afterAll(async () => {
    await t.close();
  });

  /** A login from the test workstation, with its proof (the proof is not what these tests are about). */
  const login = async (fields: Record<string, unknown>) => {
    const path = `${API_PREFIX}/auth/login`;
    const json = { profileSerial: TEST_PROFILE_SERIAL, ...fields };
    return t.client.request('POST', path, { json, headers: await t.proof(t.workstation, path, json) });
  };

  it('logs a demo agent in and returns tokens and the operator', async () => {
    const body = await t.login('A1001', 'Agent#2026');
    expect(body.expiresIn).toBe(60);
    expect(body.accessToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(body.refreshToken).not.toBe(body.accessToken);
    expect(body.operator).toEqual({
      id: 'A1001',
      displayName: '王小明',
      roles: ['agent'],
      permissions: ['calls.handle', 'kb.read', 'tickets.create'],
      team: 'team-1',
      teamName: '信用卡客服一组',
      totpEnabled: false,
      disabled: false,
    });
  });

  it('refuses a wrong password and an unknown operator alike', async () => {
    const wrong = await login({ operatorId: 'S2001', password: 'nope', workstationId: TEST_WORKSTATION_ID });
    const unknown = await login({ operatorId: 'NOBODY', password: 'nope', workstationId: TEST_WORKSTATION_ID });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(errorOf(wrong.json)).toEqual(errorOf(unknown.json));
    expect(errorOf(wrong.json).code).toBe('invalid_credentials');
    // The failure was counted; a success resets it (so this test leaves S2001 clean).
    await t.login('S2001', 'Super#2026');
  });

  it('locks after N consecutive failures, refuses even the right password, then unlocks after the window', async () => {
    const bad = { operatorId: 'QA01', password: 'wrong', workstationId: TEST_WORKSTATION_ID };
    expect(errorOf((await login(bad)).json).code).toBe('invalid_credentials');
    expect(errorOf((await login(bad)).json).code).toBe('invalid_credentials');
    const third = await login(bad);
    expect(third.status).toBe(423);
    expect(errorOf(third.json)).toMatchObject({ code: 'account_locked', retryAfterSeconds: 600 });
    expect(third.headers['retry-after']).toBe('600');

    t.clock.advance(4 * 60_000);
    const stillLocked = await login({ ...bad, password: 'Quality#2026' });
    expect(errorOf(stillLocked.json)).toMatchObject({ code: 'account_locked', retryAfterSeconds: 360 });

    t.clock.advance(6 * 60_000 + 1);
    expect((await t.login('QA01', 'Quality#2026')).operator.id).toBe('QA01');
  });

  it('counts failures afresh after a lock expires', async () => {
    const bad = { operatorId: 'QA01', password: 'wrong', workstationId: TEST_WORKSTATION_ID };
    for (let i = 0; i < 3; i += 1) await login(bad);
    t.clock.advance(10 * 60_000 + 1);
    expect(errorOf((await login(bad)).json).code).toBe('invalid_credentials');
    expect(errorOf((await login(bad)).json).code).toBe('invalid_credentials');
    expect(errorOf((await login(bad)).json).code).toBe('account_locked');
    t.clock.advance(10 * 60_000 + 1);
  });

  it('asks for TOTP, refuses a wrong code (counted), accepts the right one once', async () => {
    const base = { operatorId: 'A1002', password: 'Agent#2026', workstationId: TEST_WORKSTATION_ID };
    const missing = await login(base);
    expect(missing.status).toBe(401);
    expect(errorOf(missing.json).code).toBe('totp_required');

    const right = totpCodeForSecret(TOTP_SECRET, t.clock());
    const wrongCode = right === '000000' ? '111111' : '000000';
    const invalid = await login({ ...base, totp: wrongCode });
    expect(invalid.status).toBe(401);
    expect(errorOf(invalid.json).code).toBe('totp_invalid');
    // A wrong password with TOTP never reaches the code check.
    expect(errorOf((await login({ ...base, password: 'x', totp: right })).json).code).toBe('invalid_credentials');

    const ok = await t.login('A1002', 'Agent#2026', { totp: right });
    expect(ok.operator.totpEnabled).toBe(true);
    // The same code again is a replay.
    expect(errorOf((await login({ ...base, totp: right })).json).code).toBe('totp_invalid');
    t.clock.advance(30_000);
    await t.login('A1002', 'Agent#2026', { totp: totpCodeForSecret(TOTP_SECRET, t.clock()) });
  });

  it('TOTP failures count towards the lockout', async () => {
    const base = { operatorId: 'A1002', password: 'Agent#2026', workstationId: TEST_WORKSTATION_ID };
    const right = totpCodeForSecret(TOTP_SECRET, t.clock());
    const wrongCode = String((Number(right) + 500_000) % 1_000_000).padStart(6, '0');
    await login({ ...base, totp: wrongCode });
    await login({ ...base, totp: wrongCode });
    expect(errorOf((await login({ ...base, totp: wrongCode })).json).code).toBe('account_locked');
    t.clock.advance(10 * 60_000 + 1);
  });

  it('serves /me with the operator and the current policy', async () => {
    const { accessToken } = await t.login('S2001', 'Super#2026');
    const me = await t.client.request('GET', `${API_PREFIX}/me`, { token: accessToken });
    expect(me.status).toBe(200);
    const body = MeResponse.parse(me.json);
    expect(body.operator.permissions).toContain('supervision.monitor');
    expect(body.policy).toEqual({ idleLockSeconds: 300, watermark: true });
  });

  it('expires the access token by the clock → 401 unauthorized', async () => {
    const { accessToken } = await t.login('A1001', 'Agent#2026');
    expect((await t.client.request('GET', `${API_PREFIX}/me`, { token: accessToken })).status).toBe(200);
    t.clock.advance(60_000);
    const expired = await t.client.request('GET', `${API_PREFIX}/me`, { token: accessToken });
    expect(expired.status).toBe(401);
    expect(errorOf(expired.json).code).toBe('unauthorized');
  });

  it('refresh rotates the pair; the old refresh and access tokens stop working', async () => {
    const first = await t.login('A1001', 'Agent#2026');
    const refresh = await t.refresh(first.refreshToken);
    expect(refresh.status).toBe(200);
    const second = TokenPair.parse(refresh.json);
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(second.refreshToken).not.toBe(first.refreshToken);

    expect((await t.client.request('GET', `${API_PREFIX}/me`, { token: first.accessToken })).status).toBe(401);
    expect((await t.client.request('GET', `${API_PREFIX}/me`, { token: second.accessToken })).status).toBe(200);
    // Rotating again works with the newest token.
    expect((await t.refresh(second.refreshToken)).status).toBe(200);
  });

  it('a replaced refresh token presented again revokes the whole session (reuse detection)', async () => {
    const first = await t.login('A1001', 'Agent#2026');
    const rotated = TokenPair.parse((await t.refresh(first.refreshToken)).json);
    const stream = await t.events(rotated.accessToken);
    await stream.next();

    const reuse = await t.refresh(first.refreshToken);
    expect(reuse.status).toBe(401);
    expect(errorOf(reuse.json).code).toBe('unauthorized');
    // Whoever holds the current pair (the legitimate client or the thief) is out too.
    expect((await t.client.request('GET', `${API_PREFIX}/me`, { token: rotated.accessToken })).status).toBe(401);
    expect((await t.refresh(rotated.refreshToken)).status).toBe(401);
    expect(JSON.parse((await stream.next()).data)).toEqual({ type: 'session-revoked', reason: 'logged-out-remotely' });
    await stream.ended();
    // Other sessions of the same operator are untouched.
    const other = await t.login('A1001', 'Agent#2026');
    expect((await t.client.request('GET', `${API_PREFIX}/me`, { token: other.accessToken })).status).toBe(200);
  });

  it('refresh works after the access token expired, but not after the refresh token did', async () => {
    const first = await t.login('A1001', 'Agent#2026');
    t.clock.advance(61_000);
    const refreshed = await t.refresh(first.refreshToken);
    expect(refreshed.status).toBe(200);
    const pair = TokenPair.parse(refreshed.json);
    t.clock.advance(601_000);
    const late = await t.refresh(pair.refreshToken);
    expect(late.status).toBe(401);
  });

  it('logout revokes the session: 204, then both tokens are dead', async () => {
    const session = await t.login('A1001', 'Agent#2026');
    const out = await t.client.request('POST', `${API_PREFIX}/auth/logout`, { token: session.accessToken });
    expect(out.status).toBe(204);
    expect(out.text).toBe('');
    expect((await t.client.request('GET', `${API_PREFIX}/me`, { token: session.accessToken })).status).toBe(401);
    expect((await t.refresh(session.refreshToken)).status).toBe(401);
    expect((await t.client.request('POST', `${API_PREFIX}/auth/logout`, { token: session.accessToken })).status).toBe(401);
  });

  it('reauthenticate: 204 for the right password, 401 for a wrong one, and it counts to lockout', async () => {
    const { accessToken } = await t.login('ADM01', 'Admin#2026');
    const reauth = (password: string) => t.reauthenticate(accessToken, password);
    expect((await reauth('Admin#2026')).status).toBe(204);
    const wrong = await reauth('nope');
    expect(wrong.status).toBe(401);
    expect(errorOf(wrong.json).code).toBe('invalid_credentials');
    await reauth('nope');
    expect(errorOf((await reauth('nope')).json).code).toBe('account_locked');
    expect(errorOf((await reauth('Admin#2026')).json).code).toBe('account_locked');
    expect((await t.client.request('POST', `${API_PREFIX}/auth/reauthenticate`, { json: { password: 'x' } })).status).toBe(401);
    t.clock.advance(10 * 60_000 + 1);
  });

  it('refuses a disabled operator with account_disabled (and only with the right password)', async () => {
    const admin = await t.login('ADM01', 'Admin#2026');
    const created = await t.client.request('POST', `${API_PREFIX}/admin/operators`, {
      token: admin.accessToken,
      json: { id: 'TMP01', displayName: 'Temp', password: 'Temp#20260', roles: ['agent'], team: null },
    });
    expect(created.status).toBe(201);
    const disabled = await t.client.request('PATCH', `${API_PREFIX}/admin/operators/TMP01`, { token: admin.accessToken, json: { disabled: true } });
    expect(disabled.status).toBe(200);
    const refused = await login({ operatorId: 'TMP01', password: 'Temp#20260', workstationId: TEST_WORKSTATION_ID });
    expect(refused.status).toBe(403);
    expect(errorOf(refused.json).code).toBe('account_disabled');
    expect(errorOf((await login({ operatorId: 'TMP01', password: 'wrong-one', workstationId: TEST_WORKSTATION_ID })).json).code).toBe('invalid_credentials');
  });

  it('ignores malformed bearer headers with 401', async () => {
    for (const authorization of ['Bearer', 'Basic abc', 'Bearer short', `Bearer ${'x'.repeat(600)}`, 'Bearer aaaaaaaaaaaaaaaaaaaa!']) {
      const response = await t.client.request('GET', `${API_PREFIX}/me`, { headers: { authorization } });
      expect(response.status).toBe(401);
      expect(errorOf(response.json).code).toBe('unauthorized');
    }
  });
});
