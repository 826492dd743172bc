import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { API_PREFIX, ApiError } from '../../contract/api.ts';
import { TicketReceipt, TicketValidationError } from '../../contract/ticket-api.ts';
import type { CreateTicketRequest } from '../../contract/ticket-api.ts';
import type { HttpResponse } from '../testing/https-client.ts';
import { VALID_CARD, VALID_ID } from '../tickets/ticket-fixtures.ts';
import { useTestInstitution } from '../testing/hooks.ts';

/**
 * fast-check beyond tickets-fuzz.test.ts (which tampers a flat card-loss body): tampering
 * INSIDE nested objects of another type (the insurer claim's amount, its two sealed fields
 * swapped), and the processing endpoints (comment, transition, assign, extend, reveal) and
 * path/query parameters with arbitrary input. Always a 2xx or a typed 4xx, never a 5xx; a
 * refused reveal never carries a value.
 */
const weird = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.string({ maxLength: 20 }),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }),
  fc.string({ minLength: 2001, maxLength: 6000 }),
);

function expectTyped4xx(response: HttpResponse): void {
  expect(response.status, response.text.slice(0, 300)).toBeGreaterThanOrEqual(400);
  expect(response.status, response.text.slice(0, 300)).toBeLessThan(500);
  if (!TicketValidationError.safeParse(response.json).success) ApiError.parse(response.json);
}

describe('ticket endpoints under fuzzing: nested bodies, processing, parameters', () => {
  let claim: CreateTicketRequest;
  let ticketId: string;
  const env = useTestInstitution({}, { tickets: true, admin: true, signIn: ['agent', 'supervisor'] });
  beforeAll(async () => {
    const seal = (value: string, pointer: string) => env.kit.seal(value, 'insurer-claim-report', 1, pointer, value.slice(-4));
    claim = {
      typeId: 'insurer-claim-report',
      typeVersion: 1,
      createdAt: new Date(env.institution.clock()).toISOString(),
      data: {
        policyNumber: 'PA-2026-000123',
        insuredName: '赵六',
        insuredIdNumber: await seal(VALID_ID, '/insuredIdNumber'),
        incidentDate: '2026-11-20',
        incidentType: 'medical',
        estimatedLoss: { minor: 1_234_500, currency: 'CNY' },
        payoutCard: await seal(VALID_CARD, '/payoutCard'),
        description: '住院治疗，申请理赔。',
      },
    };
    const filed = await env.kit.file(env.agent, claim);
    expect(filed.status, filed.text.slice(0, 300)).toBe(201);
    ticketId = TicketReceipt.parse(filed.json).id;
  });

  it('refuses tampering inside nested objects with a field error under the tampered field', async () => {
    const tamper = fc.oneof(
      fc.record({ kind: fc.constant('minor' as const), value: weird }),
      fc.record({ kind: fc.constant('currency' as const), value: weird }),
      fc.record({ kind: fc.constant('amount' as const), value: weird }),
      fc.record({ kind: fc.constant('amount-extra' as const), key: fc.string({ minLength: 1, maxLength: 8 }).filter((k) => k !== 'minor' && k !== 'currency'), value: weird }),
      fc.record({ kind: fc.constant('description' as const), length: fc.integer({ min: 2001, max: 12_000 }) }),
      fc.record({ kind: fc.constant('policy' as const), value: weird }),
      fc.record({ kind: fc.constant('swap-sealed' as const) }),
    );
    await fc.assert(
      fc.asyncProperty(tamper, async (change) => {
        const body = structuredClone(claim) as CreateTicketRequest & { data: Record<string, unknown> & { estimatedLoss: Record<string, unknown> } };
        let expected: string;
        switch (change.kind) {
          case 'minor':
            fc.pre(!(Number.isInteger(change.value) && (change.value as number) >= 0 && (change.value as number) <= 10_000_000_000_000));
            body.data.estimatedLoss.minor = change.value;
            expected = '/data/estimatedLoss';
            break;
          case 'currency':
            fc.pre(!(typeof change.value === 'string' && /^[A-Z]{3}$/.test(change.value)));
            body.data.estimatedLoss.currency = change.value;
            expected = '/data/estimatedLoss';
            break;
          case 'amount':
            body.data.estimatedLoss = change.value as Record<string, unknown>;
            expected = '/data/estimatedLoss';
            break;
          case 'amount-extra':
            Object.defineProperty(body.data.estimatedLoss, change.key, { value: change.value, enumerable: true, writable: true, configurable: true });
            expected = change.key === '__proto__' ? '' : '/data/estimatedLoss';
            break;
          case 'description':
            body.data.description = '长'.repeat(change.length);
            expected = '/data/description';
            break;
          case 'policy':
            fc.pre(!(typeof change.value === 'string' && /^[A-Z0-9-]{6,30}$/.test(change.value)));
            body.data.policyNumber = change.value;
            expected = '/data/policyNumber';
            break;
          case 'swap-sealed':
            [body.data.insuredIdNumber, body.data.payoutCard] = [body.data.payoutCard, body.data.insuredIdNumber];
            expected = '/data/';
            break;
        }
        const response = await env.kit.file(env.agent, body);
        expectTyped4xx(response);
        // A `__proto__` key is refused by the JSON parser itself (typed bad_request, no fields).
        if (expected === '') return;
        expect(response.status, response.text.slice(0, 300)).toBe(400);
        const fields = TicketValidationError.parse(response.json).error.fields;
        expect(fields.some((f) => f.pointer.startsWith(expected)), JSON.stringify(fields)).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('answers the processing endpoints with 2xx or a typed 4xx for any body, and a refused reveal carries no value', async () => {
    const endpoint = fc.constantFrom('comments', 'transition', 'assign', 'extend', 'reveal');
    const known = { body: '客户已回电', to: 'in_progress', note: '处理中', assignee: 'S2001', reason: '核对卡号', approvedBy: 'S2002', pointer: '/payoutCard' } as Record<string, unknown>;
    // Valid bodies (some for another endpoint), valid-looking ones with one key swapped for an
    // odd value, extra keys, or any JSON at all.
    const body = fc.oneof(
      fc.constantFrom({ body: '客户已回电' }, { to: 'in_progress' }, { to: 'resolved', note: '已处理' }, { assignee: 'S2001' }, { assignee: null }, { pointer: '/payoutCard', reason: '核对卡号' }),
      fc.jsonValue({ maxDepth: 3 }),
      fc.record({ keys: fc.subarray(Object.keys(known)), odd: fc.constantFrom(...Object.keys(known)), value: weird }).map(({ keys, odd, value }) => Object.fromEntries([...keys.map((k) => [k, known[k]]), [odd, value]])),
      fc.record({ extra: fc.string({ minLength: 1, maxLength: 8 }), value: weird }).map(({ extra, value }) => ({ ...known, [extra]: value })),
    );
    const seen = { ok: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(endpoint, body, fc.boolean(), async (what, json, asAdmin) => {
        const token = what === 'reveal' || asAdmin ? env.admin : env.supervisor;
        const response = await env.institution.client.request('POST', `${API_PREFIX}/tickets/${ticketId}/${what}`, { token, json });
        expect(response.status, response.text.slice(0, 300)).toBeLessThan(500);
        seen[response.status < 300 ? 'ok' : 'refused'] += 1;
        if (response.status >= 400) {
          expectTyped4xx(response);
          expect(response.text).not.toContain(VALID_CARD);
          expect(response.text).not.toContain(VALID_ID);
        }
      }),
      { numRuns: 200 },
    );
    // The generator reaches both sides: some bodies are valid (a comment, a transition), most are not.
    expect(seen.ok).toBeGreaterThan(0);
    expect(seen.refused).toBeGreaterThan(0);
  });

  it('answers arbitrary ticket ids, type ids, versions and list queries with a typed 4xx or 2xx, never 5xx', async () => {
    const segment = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('T-', `${'T-'}${'Z'.repeat(26)}`, '..', '%00', '-1', '1e3', '999999999999'));
    const query = fc.record({ status: fc.option(fc.string({ maxLength: 12 }), { nil: undefined }), limit: fc.option(fc.oneof(fc.string({ maxLength: 6 }), fc.integer().map(String)), { nil: undefined }) });
    await fc.assert(
      fc.asyncProperty(segment, segment, query, async (a, b, q) => {
        const id = encodeURIComponent(a) || 'x';
        const version = encodeURIComponent(b) || 'x';
        const params = new URLSearchParams(Object.entries(q).filter((e): e is [string, string] => e[1] !== undefined)).toString();
        for (const [method, path] of [
          ['GET', `/tickets/${id}`],
          ['GET', `/tickets/${id}/comments`],
          ['POST', `/tickets/${id}/comments`],
          ['GET', `/tickets/types/${id}/versions`],
          ['GET', `/tickets/types/${id}/versions/${version}`],
          ['GET', `/tickets?${params}`],
        ] as const) {
          const response = await env.institution.client.request(method, `${API_PREFIX}${path}`, { token: env.supervisor, ...(method === 'POST' ? { json: { body: '看' } } : {}) });
          expect(response.status, `${method} ${path}: ${response.text.slice(0, 200)}`).toBeLessThan(500);
          if (response.status >= 400) expectTyped4xx(response);
        }
      }),
      { numRuns: 100 },
    );
  });
});
