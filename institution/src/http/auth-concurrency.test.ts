import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PREFIX, ApiError } from '../../contract/api.ts';
import { totpCodeForSecret } from '../auth/totp.ts';
import { TEST_WORKSTATION_ID, startTestInstitution } from '../testing/harness.ts';
import type { TestInstitution } from '../testing/harness.ts';
import { createHttpsClient } from '../testing/https-client.ts';
import type { HttpResponse, HttpsTestClient } from '../testing/https-client.ts';

const MAX_FAILURES = 5;
const BURST = 50;

function outcome(response: HttpResponse): string {
  return response.status === 200 || response.status === 204 ? String(response.status) : `${response.status} ${ApiError.parse(response.json).error.code}`;
}

function tally(responses: HttpResponse[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of responses) counts[outcome(r)] = (counts[outcome(r)] ?? 0) + 1;
  return counts;
}

/**
 * Lockout and one-time codes under parallel requests. Every guess of a burst is on the
 * wire at once (sockets opened beforehand), the way an attacker would send them.
 */
describe('authentication under concurrent requests', () => {
  let t: TestInstitution;
  let burst: HttpsTestClient;

  beforeAll(async () => {
    t = await startTestInstitution({ lockout: { maxFailures: MAX_FAILURES, lockMinutes: 15 } });
    burst = createHttpsClient(t.server.url, t.server.caCertPem, { maxSockets: BURST + 10 });
    const warm = await Promise.all(Array.from({ length: BURST + 10 }, () => burst.request('GET', `${API_PREFIX}/health`)));
    expect(warm.every((r) => r.status === 200)).toBe(true);
  });
  afterAll(async () => {
    burst.close();
    await t.close();
  });

  const login = (json: unknown) => burst.request('POST', `${API_PREFIX}/auth/login`, { json });

  it('a burst of wrong passwords gets maxFailures checks at most; the right password afterwards is locked out', async () => {
    const guesses = await Promise.all(Array.from({ length: BURST }, (_, i) => login({ operatorId: 'A1001', password: `wrong-${i}`, workstationId: TEST_WORKSTATION_ID })));
    // Exactly maxFailures guesses were checked: the first maxFailures-1 are plain failures, the
    // one reaching the threshold reports the lock; every other guess was refused unchecked.
    expect(tally(guesses)).toEqual({ '401 invalid_credentials': MAX_FAILURES - 1, '423 account_locked': BURST - MAX_FAILURES + 1 });
    const right = await login({ operatorId: 'A1001', password: 'Agent#2026', workstationId: TEST_WORKSTATION_ID });
    expect(outcome(right)).toBe('423 account_locked');
  });

  it('re-authentication bursts are bounded the same way', async () => {
    const { accessToken } = await t.login('S2001', 'Super#2026');
    const reauth = (password: string) => burst.request('POST', `${API_PREFIX}/auth/reauthenticate`, { token: accessToken, json: { password } });
    const guesses = await Promise.all(Array.from({ length: BURST }, (_, i) => reauth(`wrong-${i}`)));
    expect(tally(guesses)).toEqual({ '401 invalid_credentials': MAX_FAILURES - 1, '423 account_locked': BURST - MAX_FAILURES + 1 });
    expect(outcome(await reauth('Super#2026'))).toBe('423 account_locked');
  });

  it('one TOTP code sent in parallel logs in exactly once', async () => {
    const code = totpCodeForSecret('JBSWY3DPEHPK3PXP', t.clock());
    const body = { operatorId: 'A1002', password: 'Agent#2026', totp: code, workstationId: TEST_WORKSTATION_ID };
    const results = await Promise.all([login(body), login(body), login(body)]);
    expect(tally(results)).toEqual({ '200': 1, '401 totp_invalid': 2 });
  });
});
