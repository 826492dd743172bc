import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PREFIX, ApiError } from '../../contract/api.ts';
import { TicketAssigneesResponse, TicketHistoryResponse, TicketReceipt, TicketsResponse, TicketValidationError } from '../../contract/ticket-api.ts';
import { startTestInstitution } from '../testing/harness.ts';
import type { TestInstitution } from '../testing/harness.ts';
import { ticketKit } from '../tickets/ticket-fixtures.ts';
import { encodeTicketCursor } from '../tickets/ticket-views.ts';

/**
 * fast-check on the read views: any list query (known and unknown keys, repeated keys, cursors
 * that are almost ours) and any ticket id on /history and /assignees, as any role. Always a 2xx
 * whose body matches the contract, or a typed 4xx — never a 5xx.
 */
describe('ticket list, history and assignees under fuzzing', () => {
  let t: TestInstitution;
  let tokens: string[];
  let ticketId: string;
  beforeAll(async () => {
    t = await startTestInstitution();
    const kit = await ticketKit(t);
    const agent = (await t.login('A1001', 'Agent#2026')).accessToken;
    tokens = [agent, (await t.login('S2001', 'Super#2026')).accessToken, (await t.consoleLogin('ADM01', 'Admin#2026')).accessToken];
    for (let i = 0; i < 5; i += 1) ticketId = TicketReceipt.parse((await kit.file(agent, await kit.cardLoss())).json).id;
  });
  afterAll(async () => {
    await t.close();
  });

  const cursorLike = fc.oneof(
    fc.string({ maxLength: 120 }),
    fc.tuple(fc.integer({ min: -1, max: 2 ** 53 }), fc.string({ maxLength: 30 })).map(([at, id]) => Buffer.from(`${at}.${id}`, 'latin1').toString('base64url')),
    fc.tuple(fc.nat(), fc.stringMatching(/^T-[0-9A-Z]{26}$/)).map(([at, id]) => encodeTicketCursor({ received_at: at, id })),
    fc.base64String({ maxLength: 100 }),
  );
  const value = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('new', 'closed', 'bank-card-loss', '1', '200', '201', '0', '-5', '1e2', ''), cursorLike);
  const entry = fc.tuple(fc.constantFrom('status', 'type', 'limit', 'before', 'sort', '__proto__', 'constructor', 'status[]'), value);

  it('answers any list query with 200 + a contract body or 400 with fields', async () => {
    const seen = { ok: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(entry, { maxLength: 5 }), fc.nat({ max: 2 }), async (pairs, who) => {
        const qs = new URLSearchParams(pairs).toString();
        const response = await t.client.request('GET', `${API_PREFIX}/tickets?${qs}`, { token: tokens[who] as string });
        expect(response.status, `${qs}: ${response.text.slice(0, 200)}`).toBeLessThan(500);
        if (response.status === 200) {
          TicketsResponse.parse(response.json);
          seen.ok += 1;
        } else {
          expect(response.status, qs).toBe(400);
          expect(TicketValidationError.parse(response.json).error.fields.length).toBeGreaterThan(0);
          seen.refused += 1;
        }
      }),
      { numRuns: 250 },
    );
    expect(seen.ok).toBeGreaterThan(0);
    expect(seen.refused).toBeGreaterThan(0);
  });

  it('answers any id on /history and /assignees with a contract body or a typed 4xx', async () => {
    const segment = fc.oneof(fc.string({ maxLength: 40 }), fc.stringMatching(/^T-[0-9A-Z]{26}$/), fc.constantFrom('T-', '..', '%00', 'history', 'assignees'), fc.constant('KNOWN'));
    await fc.assert(
      fc.asyncProperty(segment, fc.constantFrom('history', 'assignees'), fc.nat({ max: 2 }), async (raw, what, who) => {
        const id = raw === 'KNOWN' ? ticketId : encodeURIComponent(raw) || 'x';
        const response = await t.client.request('GET', `${API_PREFIX}/tickets/${id}/${what}`, { token: tokens[who] as string });
        expect(response.status, `${id}/${what}: ${response.text.slice(0, 200)}`).toBeLessThan(500);
        if (response.status === 200) (what === 'history' ? TicketHistoryResponse : TicketAssigneesResponse).parse(response.json);
        else ApiError.parse(response.json);
      }),
      { numRuns: 200 },
    );
  });
});
