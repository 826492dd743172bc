import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PREFIX, ApiError } from '../../contract/api.ts';
import { totpCodeForSecret } from '../auth/totp.ts';
import { TEST_PROFILE_SERIAL, TEST_WORKSTATION_ID, startTestInstitution } from '../testing/harness.ts';
import type { TestInstitution } from '../testing/harness.ts';
import { createHttpsClient } from '../testing/https-client.ts';
import type { HttpResponse, HttpsTestClient } from '../testing/https-client.ts';

const MAX_FAILURES = 5;
/** Parallel guesses per burst, each with its own proof (a real challenge, signed). */
const BURST = 20;

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
 * wire at once (sockets opened beforehand, proofs signed beforehand), the way an attacker
 * holding a workstation's key would send them: the proof does not loosen the lockout.
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

  const LOGIN = `${API_PREFIX}/auth/login`;
  const REAUTH = `${API_PREFIX}/auth/reauthenticate`;
  const body = (operatorId: string, password: string, totp?: string) => ({
    operatorId,
    password,
    workstationId: TEST_WORKSTATION_ID,
    profileSerial: TEST_PROFILE_SERIAL,
    ...(totp === undefined ? {} : { totp }),
  });
  /** Challenges fetched and signed first, so that only the guesses themselves race. */
  const signed = (path: string, bodies: Record<string, unknown>[]) => Promise.all(bodies.map(async (json) => ({ json, headers: await t.proof(t.workstation, path, json) })));
  const login = async (json: Record<string, unknown>) => {
    const [request] = await signed(LOGIN, [json]);
    return burst.request('POST', LOGIN, request);
  };

  it('a burst of proven wrong passwords gets maxFailures checks at most; the right password afterwards is locked out', async () => {
    const requests = await signed(LOGIN, Array.from({ length: BURST }, (_, i) => body('A1001', `wrong-${i}`)));
    const guesses = await Promise.all(requests.map((request) => burst.request('POST', LOGIN, request)));
    // Exactly maxFailures guesses were checked: the first maxFailures-1 are plain failures, the
    // one reaching the threshold reports the lock; every other guess was refused unchecked.
    expect(tally(guesses)).toEqual({ '401 invalid_credentials': MAX_FAILURES - 1, '423 account_locked': BURST - MAX_FAILURES + 1 });
    const right = await login(body('A1001', 'Agent#2026'));
    expect(outcome(right)).toBe('423 account_locked');
  });

  it('re-authentication bursts are bounded the same way', async () => {
    const { accessToken } = await t.login('S2001', 'Super#2026');
    const requests = await signed(REAUTH, Array.from({ length: BURST }, (_, i) => ({ password: `wrong-${i}` })));
    const guesses = await Promise.all(requests.map((request) => burst.request('POST', REAUTH, { ...request, token: accessToken })));
    expect(tally(guesses)).toEqual({ '401 invalid_credentials': MAX_FAILURES - 1, '423 account_locked': BURST - MAX_FAILURES + 1 });
    expect(outcome(await t.reauthenticate(accessToken, 'Super#2026'))).toBe('423 account_locked');
  });

  it('one TOTP code sent in parallel (each with its own proof) logs in exactly once', async () => {
    const code = totpCodeForSecret('JBSWY3DPEHPK3PXP', t.clock());
    const requests = await signed(LOGIN, [0, 1, 2].map(() => body('A1002', 'Agent#2026', code)));
    const results = await Promise.all(requests.map((request) => burst.request('POST', LOGIN, request)));
    expect(tally(results)).toEqual({ '200': 1, '401 totp_invalid': 2 });
  });
});
