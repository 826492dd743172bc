import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { API_PREFIX, ApiError } from '../../contract/api.ts';
import { TicketBatchResponse, TicketReceipt, TicketValidationError, type CreateTicketRequest } from '../../contract/ticket-api.ts';
import { databasePath } from '../data-dir.ts';
import type { HttpResponse } from '../testing/https-client.ts';
import { VALID_CARD } from '../tickets/ticket-fixtures.ts';
import { useTestInstitution } from '../testing/hooks.ts';

/** POST /tickets/batch over real HTTPS against the demo seed, with a real SQLite file. */
describe('tickets batch create', () => {
  const env = useTestInstitution({}, { tickets: true, signIn: ['agent', 'qa'] });

  const batch = (token: string | undefined, json: unknown) => env.institution.client.request('POST', `${API_PREFIX}/tickets/batch`, { ...(token === undefined ? {} : { token }), json });
  const results = (response: HttpResponse) => {
    expect(response.status, response.text.slice(0, 400)).toBe(200);
    return TicketBatchResponse.parse(response.json).results;
  };
  const expectError = (response: HttpResponse, status: number, code: string): void => {
    expect(response.status, response.text.slice(0, 300)).toBe(status);
    expect(ApiError.parse(response.json).error.code).toBe(code);
  };
  const rowsOfKeys = (keys: string[]): { idempotency_key: string; n: number }[] => {
    const db = new Database(databasePath(env.institution.dataDir), { readonly: true });
    try {
      return keys.map((k) => db.prepare('SELECT idempotency_key, count(*) AS n FROM tickets WHERE idempotency_key = ? GROUP BY idempotency_key').get(k) as { idempotency_key: string; n: number } | undefined).filter((r) => r !== undefined);
    } finally {
      db.close();
    }
  };

  it('answers each item as POST /tickets would: created, invalid, replayed, conflicting, forged, duplicated in the batch', async () => {
    const earlier = await env.kit.cardLoss({}, { holderName: '先来' });
    const earlierKey = randomUUID();
    const first = await env.kit.file(env.agent, earlier, earlierKey);
    expect(first.status, first.text).toBe(201);
    const earlierReceipt = TicketReceipt.parse(first.json);

    const ok = await env.kit.cardLoss({}, { holderName: '甲' });
    const ok2 = await env.kit.cardLoss({}, { holderName: '乙' });
    const invalid = await env.kit.cardLoss({}, { mobile: 'not-a-phone' });
    // The card sealed for another field: authenticates for /idNumber only.
    const forged = await env.kit.cardLoss({}, { cardNumber: await env.kit.seal(VALID_CARD, 'bank-card-loss', 1, '/idNumber', '0128') });
    const otherBody = await env.kit.cardLoss({}, { holderName: '另一个' });
    const keys = Array.from({ length: 4 }, () => randomUUID());
    const sent = [
      { idempotencyKey: keys[0], ticket: ok },
      { idempotencyKey: keys[1], ticket: invalid },
      { idempotencyKey: earlierKey, ticket: earlier },
      { idempotencyKey: earlierKey.replaceAll('-', ''), ticket: { nonsense: true } },
      { idempotencyKey: keys[2], ticket: forged },
      { idempotencyKey: keys[3], ticket: ok2 },
      { idempotencyKey: keys[3], ticket: ok2 },
      { idempotencyKey: keys[0], ticket: otherBody },
      { idempotencyKey: 'short', ticket: ok },
    ];
    // The reused key with another body (item 3's key is new: an invalid body there is just 400).
    sent.push({ idempotencyKey: earlierKey, ticket: otherBody });
    const answered = results(await batch(env.agent, { tickets: sent }));
    expect(answered.map((r) => r.status)).toEqual([201, 400, 200, 400, 400, 201, 200, 409, 400, 409]);
    expect(answered.map((r) => r.idempotencyKey)).toEqual(sent.map((s) => s.idempotencyKey));
    expect(answered[1]?.errors).toContainEqual({ pointer: '/data/mobile', code: 'format:cn-mobile' });
    expect(answered[2]?.receipt).toEqual({ ...earlierReceipt, replayed: true });
    expect(answered[4]?.errors).toEqual([{ pointer: '/data/cardNumber', code: 'sealed-invalid' }]);
    expect(answered[6]?.receipt).toEqual({ ...answered[5]?.receipt, replayed: true });
    expect(answered[7]?.code).toBe('conflict');
    expect(answered[8]?.errors).toEqual([{ pointer: '/idempotencyKey', code: 'idempotency-key-required' }]);
    expect(answered[0]?.receipt?.replayed).toBe(false);

    // Stored once each; the refused ones not at all.
    expect(rowsOfKeys([keys[0], keys[1], keys[2], keys[3], earlierKey] as string[])).toEqual([
      { idempotency_key: keys[0], n: 1 },
      { idempotency_key: keys[3], n: 1 },
      { idempotency_key: earlierKey, n: 1 },
    ]);
    // The same batch again: all replays or the same refusals — nothing stored twice.
    const again = results(await batch(env.agent, { tickets: sent }));
    expect(again.map((r) => r.status)).toEqual([200, 400, 200, 400, 400, 200, 200, 409, 400, 409]);
    expect(again[0]?.receipt).toEqual({ ...answered[0]?.receipt, replayed: true });
    // And the single route agrees with the batch about the same keys.
    expect((await env.kit.file(env.agent, ok, keys[0])).status).toBe(200);
    expect((await env.kit.file(env.agent, otherBody, keys[3])).status).toBe(409);
  });

  it('refuses a batch over 64 items (400), over the byte limit (413), unauthenticated (401) or without tickets.create (403)', async () => {
    const body: CreateTicketRequest = await env.kit.cardLoss();
    const items = Array.from({ length: 65 }, () => ({ idempotencyKey: randomUUID(), ticket: body }));
    const tooMany = await batch(env.agent, { tickets: items });
    expect(tooMany.status, tooMany.text.slice(0, 300)).toBe(400);
    expect(TicketValidationError.parse(tooMany.json).error.fields[0]?.pointer).toBe('/tickets');
    expectError(await batch(env.agent, { tickets: [{ idempotencyKey: randomUUID(), ticket: { ...body, data: { ...body.data, notes: 'x'.repeat(4_300_000) } } }] }), 413, 'payload_too_large');
    expect(TicketValidationError.safeParse((await batch(env.agent, { tickets: [] })).json).success).toBe(true);
    expectError(await batch(undefined, { tickets: [{ idempotencyKey: randomUUID(), ticket: body }] }), 401, 'unauthorized');
    expectError(await batch(env.qa, { tickets: [{ idempotencyKey: randomUUID(), ticket: body }] }), 403, 'forbidden');
    // An item over the single route's limit is refused on its own.
    const big = results(await batch(env.agent, { tickets: [{ idempotencyKey: randomUUID(), ticket: { ...body, data: { ...body.data, notes: 'y'.repeat(300_000) } } }, { idempotencyKey: randomUUID(), ticket: body }] }));
    expect(big.map((r) => [r.status, r.code])).toEqual([[413, 'payload_too_large'], [201, undefined]]);
  });

  it('never answers a 5xx to arbitrary batch bodies', async () => {
    const valid = await env.kit.cardLoss();
    const item = fc.record({
      idempotencyKey: fc.oneof(fc.uuid(), fc.string({ maxLength: 40 }), fc.constantFrom('dup-key-0000000000001', 'dup-key-0000000000002')),
      ticket: fc.oneof(fc.constant(valid as unknown), fc.jsonValue({ maxDepth: 3 }), fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 }).map((data) => ({ ...valid, data: { ...valid.data, ...data } }))),
    });
    const body = fc.oneof(fc.record({ tickets: fc.array(item, { maxLength: 6 }) }), fc.jsonValue({ maxDepth: 3 }), fc.record({ tickets: fc.jsonValue({ maxDepth: 2 }) }));
    await fc.assert(
      fc.asyncProperty(body, async (json) => {
        const response = await batch(env.agent, json);
        expect(response.status, response.text.slice(0, 300)).toBeLessThan(500);
        if (response.status === 200) {
          const answered = TicketBatchResponse.parse(response.json).results;
          for (const r of answered) expect([200, 201, 400, 409, 413]).toContain(r.status);
        }
      }),
      { numRuns: 60 },
    );
  });
});
