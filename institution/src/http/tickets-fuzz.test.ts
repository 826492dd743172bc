import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { API_PREFIX, ApiError } from '../../contract/api.ts';
import { TicketValidationError } from '../../contract/ticket-api.ts';
import type { CreateTicketRequest } from '../../contract/ticket-api.ts';
import type { SealedField } from '../../contract/ticket-crypto.ts';
import { databasePath } from '../data-dir.ts';
import { useTestInstitution } from '../testing/hooks.ts';
import type { HttpResponse } from '../testing/https-client.ts';

/**
 * fast-check on POST /tickets: tampered versions of a valid card-loss body (wrong types, extra
 * properties, oversized strings, forged or swapped ciphertext, reused idempotency keys) and
 * arbitrary JSON. Every answer is a 4xx; a 400 names at least one field; nothing is a 5xx.
 */
describe('tickets create endpoint under fuzzing', () => {
  let valid: CreateTicketRequest;
  const env = useTestInstitution({}, { tickets: true, signIn: ['agent'] });
  beforeAll(async () => {
    valid = await env.kit.cardLoss();
  });

  const expectRefused = (response: HttpResponse): void => {
    expect(response.status, response.text.slice(0, 300)).toBeGreaterThanOrEqual(400);
    expect(response.status, response.text.slice(0, 300)).toBeLessThan(500);
    if (response.status === 400) {
      const parsed = TicketValidationError.safeParse(response.json);
      // Framework-level refusals (a body that is not JSON at all) keep the plain ApiError.
      if (parsed.success) expect(parsed.data.error.fields.length).toBeGreaterThan(0);
      else ApiError.parse(response.json);
    } else ApiError.parse(response.json);
  };

  const weird = fc.oneof(
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.string({ maxLength: 20 }),
    fc.array(fc.integer(), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }),
    fc.string({ minLength: 5000, maxLength: 6000 }),
  );
  const dataKeys = ['cardNumber', 'holderName', 'idNumber', 'mobile', 'lostOn', 'freezeNow', 'notes'] as const;
  const envelopeKeys = ['v', 'alg', 'kid', 'epk', 'iv', 'ct', 'hint'] as const;

  /** One tampering of the valid body. */
  const tamper = fc.oneof(
    fc.record({ kind: fc.constant('data-type' as const), key: fc.constantFrom(...dataKeys), value: weird }),
    fc.record({ kind: fc.constant('top-type' as const), key: fc.constantFrom('typeId', 'typeVersion', 'createdAt', 'data', 'call', 'filedInSession'), value: weird }),
    fc.record({ kind: fc.constant('extra-data' as const), key: fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !(dataKeys as readonly string[]).includes(k)), value: weird }),
    fc.record({ kind: fc.constant('extra-top' as const), key: fc.string({ minLength: 1, maxLength: 12 }), value: weird }),
    fc.record({ kind: fc.constant('oversized' as const), key: fc.constantFrom('holderName', 'notes'), length: fc.integer({ min: 501, max: 20_000 }) }),
    fc.record({ kind: fc.constant('envelope' as const), field: fc.constantFrom('cardNumber', 'idNumber'), key: fc.constantFrom(...envelopeKeys), value: weird }),
    fc.record({ kind: fc.constant('flip' as const), field: fc.constantFrom('cardNumber', 'idNumber'), part: fc.constantFrom('ct', 'iv', 'epk'), at: fc.nat({ max: 200 }) }),
    fc.record({ kind: fc.constant('swap' as const) }),
  );

  type Tamper = typeof tamper extends fc.Arbitrary<infer T> ? T : never;

  /** Tamperings that happen to leave the body valid (a boolean for freezeNow, a short name). */
  function harmless(change: Tamper): boolean {
    if (change.kind === 'extra-top') return ['typeId', 'typeVersion', 'createdAt', 'data'].includes(change.key);
    if (change.kind !== 'data-type') return false;
    const v = change.value;
    if (change.key === 'freezeNow') return typeof v === 'boolean';
    if (change.key === 'notes') return typeof v === 'string' && v.length <= 500;
    if (change.key === 'holderName') return typeof v === 'string' && v.length >= 1 && v.length <= 40;
    return false;
  }

  function apply(body: CreateTicketRequest, change: Tamper): unknown {
    const copy = structuredClone(body) as Record<string, unknown> & { data: Record<string, unknown> };
    switch (change.kind) {
      // defineProperty: an own key even for `__proto__` (plain assignment would set the prototype).
      case 'data-type':
      case 'extra-data':
        Object.defineProperty(copy.data, change.key, { value: change.value, enumerable: true, writable: true, configurable: true });
        return copy;
      case 'top-type':
      case 'extra-top':
        Object.defineProperty(copy, change.key, { value: change.value, enumerable: true, writable: true, configurable: true });
        return copy;
      case 'oversized':
        copy.data[change.key] = '长'.repeat(change.length);
        return copy;
      case 'envelope':
        (copy.data[change.field] as Record<string, unknown>)[change.key] = change.value;
        return copy;
      case 'flip': {
        const envelope = copy.data[change.field] as SealedField;
        const text = envelope[change.part];
        const i = change.at % text.length;
        const swapped = text[i] === 'A' ? 'B' : 'A';
        envelope[change.part] = text.slice(0, i) + swapped + text.slice(i + 1);
        return copy;
      }
      case 'swap':
        [copy.data.cardNumber, copy.data.idNumber] = [copy.data.idNumber, copy.data.cardNumber];
        return copy;
    }
  }

  it('refuses every tampered body with 4xx and field errors, never 5xx, and stores none of them', async () => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(tamper, async (change) => {
        fc.pre(!harmless(change));
        // Setting a top-level key to the value it already has is no tampering (e.g. typeVersion 1).
        fc.pre(!(change.kind === 'top-type' && JSON.stringify(change.value) === JSON.stringify((valid as Record<string, unknown>)[change.key])));
        const body = apply(valid, change);
        const response = await env.kit.file(env.agent, body);
        // A flip in base64url's last character can leave the bytes unchanged (padding bits): then it is valid.
        if (response.status === 201 && change.kind === 'flip') {
          accepted += 1;
          return;
        }
        expectRefused(response);
      }),
      { numRuns: 200 },
    );
    const db = new Database(databasePath(env.institution.dataDir), { readonly: true });
    try {
      expect((db.prepare('select count(*) as n from tickets').get() as { n: number }).n).toBe(accepted);
    } finally {
      db.close();
    }
  });

  it('refuses arbitrary JSON bodies and reused keys with other bodies', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 3 }), async (body) => {
        expectRefused(await env.kit.file(env.agent, body));
      }),
      { numRuns: 100 },
    );
    const key = randomUUID();
    expect((await env.kit.file(env.agent, valid, key)).status).toBe(201);
    await fc.assert(
      fc.asyncProperty(tamper, async (change) => {
        fc.pre(!harmless(change));
        const response = await env.kit.file(env.agent, apply(valid, change), key);
        if (response.status === 200 && change.kind === 'flip') return; // unchanged bytes: the same body
        expect(response.status, response.text.slice(0, 200)).toBe(409);
      }),
      { numRuns: 50 },
    );
  });
});

/** fast-check on POST /tickets/types: arbitrary schemas and bodies are 201 or 4xx with fields, never 5xx. */
describe('ticket type definitions under fuzzing', () => {
  const env = useTestInstitution({}, { admin: true });

  it('answers any schema with 201 or a 400 naming fields', async () => {
    const schemaNode = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.record({ type: fc.constantFrom('string', 'object', 'integer', 'array', 'boolean', 'nope') }, { requiredKeys: [] }),
        fc.record({ type: fc.constant('string'), maxLength: fc.integer({ min: -1, max: 10_000 }), format: fc.constantFrom('bank-card', 'cn-mobile', 'date', 'unknown-format'), 'x-sensitive': fc.boolean(), 'x-hint': fc.constantFrom('last4', 'first6') }, { requiredKeys: ['type'] }),
        fc.record({ type: fc.constant('object'), properties: fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), tie('node'), { maxKeys: 3 }), additionalProperties: fc.boolean(), required: fc.array(fc.string({ maxLength: 6 }), { maxLength: 2 }) }, { requiredKeys: ['type'] }),
        fc.record({ $ref: fc.constantFrom('#/$defs/x', 'https://example.com/x', '#'), anyOf: fc.array(tie('node'), { maxLength: 2 }) }, { requiredKeys: [] }),
        fc.jsonValue({ maxDepth: 2 }),
      ),
    })).node;
    let n = 0;
    await fc.assert(
      fc.asyncProperty(schemaNode, fc.option(fc.jsonValue({ maxDepth: 2 }), { nil: undefined }), async (schema, uiSchema) => {
        n += 1;
        const json = { id: `fuzz-${n}`, businessLine: 'bank', name: { 'zh-CN': '模糊', 'en-US': 'Fuzz' }, complaint: false, schema, uiSchema: uiSchema ?? {} };
        const response = await env.institution.client.request('POST', `${API_PREFIX}/tickets/types`, { token: env.admin, json });
        expect([201, 400], response.text.slice(0, 300)).toContain(response.status);
        if (response.status !== 400) return;
        // A `__proto__` key anywhere is refused by the JSON parser itself (prototype-poisoning
        // guard, every route alike) before the type is looked at: a typed bad_request, no fields.
        if (JSON.stringify(json).includes('"__proto__"')) expect(response.json).toMatchObject({ error: { code: 'bad_request' } });
        else expect(TicketValidationError.parse(response.json).error.fields.length).toBeGreaterThan(0);
      }),
      { numRuns: 150 },
    );
  });
});
