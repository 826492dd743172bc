import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PREFIX, ApiError, CallerLookupResponse, ServerEventPage } from '../../contract/api.ts';
import { TEST_WORKSTATION_ID, startTestInstitution } from '../testing/harness.ts';
import type { TestInstitution } from '../testing/harness.ts';
import { CALLER_LOOKUP_LIMIT } from './routes/caller-routes.ts';

/** The screen pop endpoint over real HTTPS against the seeded demo directory (seed/demo-customers.ts). */
describe('POST /phone/callers/lookup', () => {
  let t: TestInstitution;
  let agent: string;
  let admin: string;
  let consoleAdmin: string;
  beforeAll(async () => {
    t = await startTestInstitution();
    agent = (await t.login('A1001', 'Agent#2026')).accessToken;
    admin = (await t.login('ADM01', 'Admin#2026')).accessToken;
    consoleAdmin = (await t.consoleLogin('ADM01', 'Admin#2026')).accessToken;
  });
  afterAll(async () => {
    await t.close();
  });

  const lookup = (o: { token?: string; json?: unknown; body?: string; headers?: Record<string, string> }) => t.client.request('POST', `${API_PREFIX}/phone/callers/lookup`, o);
  const expectError = (response: { status: number; json: unknown }, status: number, code: string): void => {
    expect(response.status, JSON.stringify(response.json)).toBe(status);
    expect(ApiError.parse(response.json).error.code).toBe(code);
  };

  it('answers a known customer masked by the server: name, ID number, card last 4, tier, open tickets', async () => {
    const response = await lookup({ token: agent, json: { number: '13912345678' } });
    expect(response.status).toBe(200);
    expect(CallerLookupResponse.parse(response.json)).toEqual({
      maskedNumber: '*******5678',
      customer: { maskedName: '王*明', maskedIdNumber: '110***********1234', cardLast4: '1234', tier: 'gold', openTickets: 2 },
    });
    // Nothing in full ever leaves: not the name, the ID number, the card or the number.
    for (const secret of ['王建明', '110105198003151234', '6222020000001234', '13912345678']) expect(response.text).not.toContain(secret);
  });

  it('finds the same customer dialled with the country code, a customer without a card, and nobody for an unknown number', async () => {
    const withCode = CallerLookupResponse.parse((await lookup({ token: agent, json: { number: '+8613912345678' } })).json);
    expect(withCode.customer?.maskedName).toBe('王*明');
    expect(withCode.maskedNumber).toBe('+*********5678');
    const noCard = CallerLookupResponse.parse((await lookup({ token: agent, json: { number: '01062345678' } })).json);
    expect(noCard.customer).toEqual({ maskedName: '张*', maskedIdNumber: '440***********001X', cardLast4: null, tier: 'standard', openTickets: 1 });
    expect(CallerLookupResponse.parse((await lookup({ token: agent, json: { number: '13700000000' } })).json)).toEqual({ maskedNumber: '*******0000', customer: null });
    // An extension is short enough to show as it is.
    expect(CallerLookupResponse.parse((await lookup({ token: agent, json: { number: '2001' } })).json).maskedNumber).toBe('2001');
  });

  it('records each lookup at the institution with the masked number only', async () => {
    const page = ServerEventPage.parse((await t.client.request('GET', `${API_PREFIX}/admin/audit/workstations/${TEST_WORKSTATION_ID}/server-events?limit=500`, { token: consoleAdmin })).json);
    const lookups = page.events.filter((e) => e.type === 'caller-looked-up');
    expect(lookups.map((e) => [e.operatorId, e.detail])).toEqual(
      expect.arrayContaining([
        ['A1001', '*******5678 found'],
        ['A1001', '*******0000 unknown'],
      ]),
    );
    expect(JSON.stringify(page)).not.toContain('13912345678');
  });

  it('refuses the signed-out, a bad token, a role without calls.handle and a console session', async () => {
    expectError(await lookup({ json: { number: '13912345678' } }), 401, 'unauthorized');
    expectError(await lookup({ token: 'x'.repeat(43), json: { number: '13912345678' } }), 401, 'unauthorized');
    expectError(await lookup({ token: admin, json: { number: '13912345678' } }), 403, 'forbidden');
    expectError(await lookup({ token: consoleAdmin, json: { number: '13912345678' } }), 403, 'forbidden');
  });

  it('refuses malformed and oversized bodies with a typed error', async () => {
    for (const json of [{}, { number: '' }, { number: '12' }, { number: '139-1234-5678' }, { number: '1'.repeat(21) }, { number: 13912345678 }, { number: '13912345678', name: 'x' }, []]) {
      expectError(await lookup({ token: agent, json }), 400, 'bad_request');
    }
    expectError(await lookup({ token: agent, body: '{', headers: { 'content-type': 'application/json' } }), 400, 'bad_request');
    expectError(await lookup({ token: agent, body: 'number=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415, 'unsupported_media_type');
    expectError(await lookup({ token: agent, json: { number: '1'.repeat(400_000) } }), 413, 'payload_too_large');
  });

  it('refuses a replayed token after logout', async () => {
    const token = (await t.login('A1001', 'Agent#2026')).accessToken;
    expect((await lookup({ token, json: { number: '13912345678' } })).status).toBe(200);
    expect((await t.client.request('POST', `${API_PREFIX}/auth/logout`, { token })).status).toBe(204);
    expectError(await lookup({ token, json: { number: '13912345678' } }), 401, 'unauthorized');
  });

  it('limits each operator: a burst of lookups, then rate_limited with Retry-After; others are not affected', async () => {
    const supervisor = (await t.login('S2001', 'Super#2026')).accessToken;
    for (let i = 0; i < CALLER_LOOKUP_LIMIT.burst; i += 1) {
      expect((await lookup({ token: supervisor, json: { number: `1370000${String(i).padStart(4, '0')}` } })).status).toBe(200);
    }
    const refused = await lookup({ token: supervisor, json: { number: '13912345678' } });
    expectError(refused, 429, 'rate_limited');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // Malformed requests spend the budget too, so they cannot be used to probe for free.
    expectError(await lookup({ token: supervisor, json: { number: 'x' } }), 429, 'rate_limited');
    expect((await lookup({ token: agent, json: { number: '13912345678' } })).status).toBe(200);
    // The budget comes back with time.
    t.clock.advance(2_000);
    expect((await lookup({ token: supervisor, json: { number: '13912345678' } })).status).toBe(200);
  });
});
