import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PREFIX, ApiError } from '../../contract/api.ts';
import { DEFAULT_AUTH_RATE_LIMIT } from '../auth/source-rate-limit.ts';
import { TEST_PROFILE_SERIAL, TEST_WORKSTATION_ID, startTestInstitution } from '../testing/harness.ts';
import type { TestInstitution } from '../testing/harness.ts';
import { createHttpsClient } from '../testing/https-client.ts';
import type { HttpResponse } from '../testing/https-client.ts';

const BURST = 6;
const LOGIN = `${API_PREFIX}/auth/login`;
const codeOf = (r: HttpResponse): string => ApiError.parse(r.json).error.code;

/**
 * The only thing an unproven caller counts towards: a per-source budget of refused auth
 * requests. Successful calls hand their token back. Time is the server's injected clock.
 */
describe('per-source rate limit on the auth routes', () => {
  let t: TestInstitution;
  beforeAll(async () => {
    t = await startTestInstitution({ authRateLimit: { burst: BURST, refillPerMinute: 60 } });
  });
  afterAll(async () => {
    await t.close();
  });

  const unproven = () => t.client.request('POST', LOGIN, { json: { operatorId: 'A1001', password: 'guess', workstationId: TEST_WORKSTATION_ID, profileSerial: TEST_PROFILE_SERIAL } });

  it('production defaults: 60 refused requests in a burst, then one a second', () => {
    expect(DEFAULT_AUTH_RATE_LIMIT).toMatchObject({ burst: 60, refillPerMinute: 60 });
  });

  it('refuses with 429 rate_limited and Retry-After once a source spent its refusals; successes cost nothing', async () => {
    // Proven sign-ins (challenge + login, both successes) do not use the budget up.
    for (let i = 0; i < BURST + 2; i += 1) await t.login('S2001', 'Super#2026');
    const answers = [];
    for (let i = 0; i < BURST + 2; i += 1) answers.push(await unproven());
    expect(answers.map(codeOf)).toEqual([...Array<string>(BURST).fill('workstation_proof_required'), 'rate_limited', 'rate_limited']);
    const limited = answers[BURST] as HttpResponse;
    expect(limited.status).toBe(429);
    expect(ApiError.parse(limited.json).error.retryAfterSeconds).toBe(1);
    expect(limited.headers['retry-after']).toBe('1');
    // Every auth route shares the budget, a proven login included (it is refused before it runs).
    expect(codeOf(await t.client.request('POST', `${API_PREFIX}/auth/challenge`, { json: { workstationId: TEST_WORKSTATION_ID } }))).toBe('rate_limited');
    // Other routes are not limited.
    expect((await t.client.request('GET', `${API_PREFIX}/health`)).status).toBe(200);

    t.clock.advance(1_000);
    expect(codeOf(await unproven())).toBe('workstation_proof_required');
    expect(codeOf(await unproven())).toBe('rate_limited');
    t.clock.advance(60_000);
  });

  it('cuts a parallel burst exactly at the budget', async () => {
    const parallel = createHttpsClient(t.server.url, t.server.caCertPem, { maxSockets: 3 * BURST });
    try {
      const answers = await Promise.all(Array.from({ length: 3 * BURST }, () => parallel.request('POST', LOGIN, { json: { operatorId: 'A1001', password: 'guess', workstationId: TEST_WORKSTATION_ID, profileSerial: 1 } })));
      const tally: Record<string, number> = {};
      for (const answer of answers) tally[codeOf(answer)] = (tally[codeOf(answer)] ?? 0) + 1;
      expect(tally).toEqual({ workstation_proof_required: BURST, rate_limited: 2 * BURST });
    } finally {
      parallel.close();
    }
    t.clock.advance(60_000);
  });
});

/**
 * Attack review: a challenge for an enrolled workstation is a success anyone who read the
 * id off the watermark can have, and every new one evicts that workstation's oldest unused
 * nonce. When issuing one handed its token back, one address could ask for challenges
 * without limit and evict the nonce a desk had just fetched, so its login, refresh (which
 * ends the session) or unlock failed for as long as the flood lasted.
 */
describe('challenges keep their token until a proven request spends them', () => {
  const OUTSTANDING = BURST + 2;
  let t: TestInstitution;
  beforeAll(async () => {
    t = await startTestInstitution({ authRateLimit: { burst: BURST, refillPerMinute: 60 }, challenges: { maxOutstanding: OUTSTANDING } });
  });
  afterAll(async () => {
    await t.close();
  });

  const challenge = () => t.client.request('POST', `${API_PREFIX}/auth/challenge`, { json: { workstationId: TEST_WORKSTATION_ID } });

  it('an anonymous flood of challenges is cut at the budget and cannot evict the nonce a desk is about to use', async () => {
    const nonce = await t.challenge(TEST_WORKSTATION_ID);
    const flood: number[] = [];
    for (let i = 0; i < OUTSTANDING; i += 1) {
      t.clock.advance(1); // issue order decides which nonce is the oldest
      flood.push((await challenge()).status);
    }
    // The desk's own challenge took one token: the flood gets the rest, then 429.
    expect(flood).toEqual([...Array<number>(BURST - 1).fill(200), ...Array<number>(OUTSTANDING - BURST + 1).fill(429)]);
    // Time for the budget to refill, well inside the nonce's 60 s: the desk's proof still holds.
    t.clock.advance(10_000);
    const json = { operatorId: 'A1001', password: 'Agent#2026', workstationId: TEST_WORKSTATION_ID, profileSerial: TEST_PROFILE_SERIAL };
    const login = await t.client.request('POST', LOGIN, { json, headers: t.workstation.proofHeaders(LOGIN, json, nonce) });
    expect(login.status).toBe(200);
    t.clock.advance(60_000);
  });

  it('challenges nobody uses cost the budget; a proven login repays its challenge', async () => {
    for (let i = 0; i < BURST; i += 1) expect((await challenge()).status).toBe(200);
    expect(codeOf(await challenge())).toBe('rate_limited');
    t.clock.advance(60_000);
    // challenge + login, both successes, again and again: the budget stays whole.
    for (let i = 0; i < BURST + 2; i += 1) await t.login('S2001', 'Super#2026');
    for (let i = 0; i < BURST; i += 1) expect((await challenge()).status).toBe(200);
    expect(codeOf(await challenge())).toBe('rate_limited');
    t.clock.advance(60_000);
  });
});
