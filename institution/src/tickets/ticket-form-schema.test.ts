import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isJsonObject, validateTicketValue } from '../../contract/ticket-form-schema.ts';
import type { JsonObject } from '../../contract/ticket-form-schema.ts';
import { luhnCheckDigit, residentIdCheckChar } from '../../contract/ticket-formats.ts';
import { DEMO_TICKET_TYPES } from '../seed/demo-tickets.ts';
import { compileTicketType, lintTicketSchema } from './ticket-schema.ts';

/**
 * Differential test: the desk's schema interpreter (contract/ticket-form-schema.ts, what the
 * renderer runs) and the server's ajv (strict) on random values of every demo type must give
 * the same verdict and name the same field pointers. Values are drawn from each field's schema:
 * valid ones (Luhn cards, IDs with their check character, mobiles, landlines, dates, currencies),
 * one-character mutations of them, strings around the length bounds (astral characters
 * included: ajv counts code points), wrong types, missing and extra properties.
 */

const digits = (min: number, max: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: min, maxLength: max }).map((d) => d.join(''));
const born = fc.date({ min: new Date(Date.UTC(1900, 0, 1)), max: new Date(Date.UTC(2025, 11, 31)), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const validOf: Record<string, fc.Arbitrary<string>> = {
  'bank-card': digits(11, 18).map((payload) => payload + luhnCheckDigit(payload)),
  'cn-resident-id': fc.tuple(fc.integer({ min: 1, max: 9 }), digits(5, 5), born, digits(3, 3)).map(([a, area, day, seq]) => {
    const first17 = `${a}${area}${day.replace(/-/g, '')}${seq}`;
    return first17 + residentIdCheckChar(first17);
  }),
  'cn-mobile': fc.tuple(fc.integer({ min: 3, max: 9 }), digits(9, 9)).map(([second, rest]) => `1${second}${rest}`),
  'cn-landline': fc.stringMatching(/^0[1-9]\d{1,2}-?[2-9]\d{6,7}(-\d{1,6})?$/),
  'currency-code': fc.constantFrom('CNY', 'USD', 'HKD', 'EUR', 'JPY'),
  date: born,
};
const nearMisses = fc.constantFrom('', ' ', 'cny', 'XXX', '2026-02-30', '2026-13-01', '11010519491231002x', '110105194912310021', '6222021234567890127', '+8613800138000', '010-02345678', '１３８００１３８０００');

/** Changes one character (or drops/adds one): most mutations break a check digit or a shape. */
const mutated = (base: fc.Arbitrary<string>) =>
  fc.tuple(base, fc.nat(), fc.constantFrom(...'0123456789X -a')).map(([s, at, c]) => {
    const i = s.length === 0 ? 0 : at % s.length;
    return at % 3 === 0 ? s.slice(0, i) + c + s.slice(i + 1) : at % 3 === 1 ? s.slice(0, i) + s.slice(i + 1) : s.slice(0, i) + c + s.slice(i);
  });

const wrongType = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.constant([]), fc.constant({}), fc.double({ noNaN: true, noDefaultInfinity: true }));
const anyString = (max: number) =>
  fc.oneof(
    fc.string({ maxLength: Math.min(max + 2, 60), unit: 'grapheme' }),
    fc.string({ maxLength: Math.min(max + 2, 60), unit: 'binary' }),
    fc.string({ minLength: Math.max(0, max - 1), maxLength: max + 1, unit: 'grapheme-ascii' }),
    // Astral characters: two UTF-16 units, one code point.
    fc.integer({ min: Math.max(0, max - 1), max: max + 1 }).map((n) => '😀'.repeat(n)),
  );

/** `mostlyValid`: the value a careful agent types (so whole tickets pass often enough to test both verdicts). */
type Bias = 'mostlyValid' | 'any';

function stringValue(schema: JsonObject, bias: Bias): fc.Arbitrary<unknown> {
  const max = typeof schema.maxLength === 'number' ? schema.maxLength : 40;
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const formats: string[] = [];
  if (typeof schema.format === 'string') formats.push(schema.format);
  if (Array.isArray(schema.anyOf)) for (const b of schema.anyOf) if (isJsonObject(b) && typeof b.format === 'string') formats.push(b.format);
  const valid: fc.Arbitrary<string>[] = formats.flatMap((format) => (validOf[format] === undefined ? [] : [validOf[format]]));
  if (Array.isArray(schema.enum)) valid.push(fc.constantFrom(...(schema.enum as string[])));
  if (typeof schema.pattern === 'string') valid.push(fc.stringMatching(new RegExp(schema.pattern, 'u')));
  if (valid.length === 0) valid.push(fc.string({ minLength: min, maxLength: Math.min(max, 20) }));
  const invalid: fc.Arbitrary<unknown>[] = [anyString(max), wrongType, nearMisses, ...valid.map(mutated)];
  return bias === 'mostlyValid' ? fc.oneof({ arbitrary: fc.oneof(...valid), weight: 12 }, { arbitrary: fc.oneof(...invalid), weight: 1 }) : fc.oneof(...valid, ...invalid);
}

function valueOf(schema: JsonObject, bias: Bias): fc.Arbitrary<unknown> {
  switch (schema.type) {
    case 'string':
      return stringValue(schema, bias);
    case 'boolean':
      return bias === 'mostlyValid' ? fc.boolean() : fc.oneof(fc.boolean(), wrongType);
    case 'integer':
    case 'number': {
      const min = typeof schema.minimum === 'number' ? schema.minimum : -100;
      const max = typeof schema.maximum === 'number' ? schema.maximum : 100;
      const inRange = fc.integer({ min: Math.max(min, -5), max: Math.min(max, 1_000_000) });
      if (bias === 'mostlyValid') return inRange;
      return fc.oneof(inRange, fc.constantFrom(min, min - 1, max, max + 1, 0.5, 1e300, -0), wrongType);
    }
    case 'object':
      return objectOf(schema, bias);
    default:
      return wrongType;
  }
}

function objectOf(schema: JsonObject, bias: Bias): fc.Arbitrary<unknown> {
  const properties = (isJsonObject(schema.properties) ? schema.properties : {}) as Record<string, JsonObject>;
  const names = Object.keys(properties);
  const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
  const model = Object.fromEntries(names.map((name) => [name, valueOf(properties[name] ?? {}, bias)]));
  const withRequired = fc.record(model, { requiredKeys: required });
  if (bias === 'mostlyValid') return withRequired;
  const full = fc.record(model);
  const partial = fc.record(model, { requiredKeys: [] });
  const extra = fc.dictionary(fc.constantFrom('extra', 'note', '__x', 'toString'), fc.string({ maxLength: 3 }), { maxKeys: 2 });
  return fc.oneof(full, withRequired, partial, fc.tuple(full, extra).map(([a, b]) => ({ ...b, ...a })), wrongType);
}

const pointersOf = (issues: { pointer: string }[]) => [...new Set(issues.map((i) => i.pointer))].sort();

describe('the form interpreter agrees with ajv on every demo type', () => {
  for (const type of DEMO_TICKET_TYPES) {
    it(`${type.id}: same verdict and same field pointers on random values`, () => {
      const compiled = compileTicketType(type.schema);
      let valid = 0;
      fc.assert(
        fc.property(fc.oneof(objectOf(type.schema, 'mostlyValid'), objectOf(type.schema, 'any')), (value) => {
          const server = compiled.checkPlain(value).map((e) => ({ pointer: e.pointer.replace(/^\/data/, '') }));
          const desk = validateTicketValue(type.schema, value);
          if (desk.length === 0) valid += 1;
          expect(desk.length === 0, JSON.stringify({ value, server, desk })).toBe(server.length === 0);
          // ajv stops at 50 errors; the demo types have far fewer fields than that.
          expect(pointersOf(desk)).toEqual(pointersOf(server));
        }),
        { numRuns: 1500 },
      );
      // The generator must reach both sides, or agreement would be vacuous.
      expect(valid).toBeGreaterThan(20);
    });
  }
});

/**
 * Beyond the demo types: random schemas made of the subset's keywords (what an admin could
 * define and the institution would accept) against random values. A schema ajv's strict mode
 * refuses, or the type rules refuse, is skipped — the institution would not accept it either.
 */
describe('the form interpreter agrees with ajv on random accepted schemas', () => {
  const leaf = fc.oneof(
    fc.record(
      {
        type: fc.constant('string'),
        maxLength: fc.integer({ min: 0, max: 12 }),
        minLength: fc.integer({ min: 0, max: 4 }),
        pattern: fc.constantFrom('^[0-9]+$', '^[A-Z]{2}', 'x', '^.{2,3}$', '\\p{L}'),
        format: fc.constantFrom('bank-card', 'cn-mobile', 'date', 'email', 'currency-code'),
      },
      { requiredKeys: ['type', 'maxLength'] },
    ),
    fc.record({ type: fc.constant('string'), enum: fc.uniqueArray(fc.string({ maxLength: 3 }), { minLength: 1, maxLength: 3 }) }),
    fc.record({ type: fc.constantFrom('integer', 'number'), minimum: fc.integer({ min: -5, max: 5 }), maximum: fc.integer({ min: -5, max: 50 }), exclusiveMinimum: fc.integer({ min: -5, max: 5 }) }, { requiredKeys: ['type'] }),
    fc.record({ type: fc.constant('boolean'), const: fc.boolean() }, { requiredKeys: ['type'] }),
    fc.record({ type: fc.constant('string'), maxLength: fc.integer({ min: 0, max: 20 }), anyOf: fc.array(fc.record({ format: fc.constantFrom('cn-mobile', 'cn-landline', 'email') }), { minLength: 1, maxLength: 2 }) }),
  );
  const objectSchema = (child: fc.Arbitrary<JsonObject>) =>
    fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd'), child, { minKeys: 1, maxKeys: 3 }).chain((properties) =>
      fc.subarray(Object.keys(properties)).map((required) => ({ type: 'object', properties, required, additionalProperties: false }) as JsonObject),
    );
  const schema = objectSchema(fc.oneof({ arbitrary: leaf as fc.Arbitrary<JsonObject>, weight: 4 }, { arbitrary: objectSchema(leaf as fc.Arbitrary<JsonObject>), weight: 1 }));
  const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
    v: fc.oneof(
      { depthSize: 'small' },
      fc.constantFrom('', '12', 'AB1', 'ab', '13800138000', '010-62345678', 'a@b.cn', 'CNY', '2026-02-29', '6222021234567890128', 'é', '😀😀'),
      fc.string({ maxLength: 14 }),
      // Small numbers land on the bounds (-5…5, up to 50) often enough to test each comparison.
      fc.integer({ min: -6, max: 6 }),
      fc.integer({ min: -6, max: 6 }),
      fc.integer({ min: -10, max: 60 }),
      fc.constantFrom(0.5, -0, 1e21),
      fc.boolean(),
      fc.constant(null),
      fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd', 'e'), tie('v'), { maxKeys: 4 }),
    ),
  })).v;

  it('same verdict and same field pointers', () => {
    let compared = 0;
    fc.assert(
      fc.property(schema, fc.array(value, { minLength: 10, maxLength: 40 }), (s, values) => {
        if (lintTicketSchema(s).length > 0) return;
        let compiled: ReturnType<typeof compileTicketType>;
        try {
          compiled = compileTicketType(s);
        } catch {
          return;
        }
        compared += 1;
        for (const v of values) {
          const server = compiled.checkPlain(v).map((e) => ({ pointer: e.pointer.replace(/^\/data/, '') }));
          const desk = validateTicketValue(s, v);
          expect(desk.length === 0, JSON.stringify({ s, v, server, desk })).toBe(server.length === 0);
          expect(pointersOf(desk), JSON.stringify({ s, v })).toEqual(pointersOf(server));
        }
      }),
      // Each accepted schema costs two ajv compilations (~150 ms on the 2-core machine): fewer schemas, more values each.
      { numRuns: 40 },
    );
    expect(compared).toBeGreaterThan(15);
  }, 60_000);
});

describe('validateTicketValue', () => {
  const card = DEMO_TICKET_TYPES[0]?.schema ?? {};
  it('names each problem with the code the server uses', () => {
    const issues = validateTicketValue(card, { cardNumber: '6222021234567890127', holderName: '', idNumber: '110105194912310021', mobile: '1380013800', lostOn: '2026-02-30', freezeNow: 'yes', extra: 1 });
    expect(issues).toEqual([
      { pointer: '/cardNumber', code: 'format:bank-card' },
      { pointer: '/holderName', code: 'minLength', limit: 1 },
      { pointer: '/idNumber', code: 'format:cn-resident-id' },
      { pointer: '/mobile', code: 'format:cn-mobile' },
      { pointer: '/lostOn', code: 'format:date' },
      { pointer: '/freezeNow', code: 'type' },
      { pointer: '/extra', code: 'additionalProperties' },
    ]);
  });

  it('reports a missing required field and an anyOf with the formats it wanted', () => {
    const complaint = DEMO_TICKET_TYPES.find((t) => t.id === 'bank-complaint')?.schema ?? {};
    expect(validateTicketValue(complaint, { customerName: '王', contactPhone: '12345', category: 'fees' })).toEqual([
      { pointer: '/description', code: 'required' },
      { pointer: '/contactPhone', code: 'anyOf', formats: ['cn-mobile', 'cn-landline'] },
    ]);
    expect(validateTicketValue(complaint, { customerName: '王', contactPhone: '010-62345678', category: 'fees', description: '扣费' })).toEqual([]);
  });

  it('counts code points, as ajv does', () => {
    const schema = { type: 'string', maxLength: 2 };
    expect(validateTicketValue(schema, '😀😀')).toEqual([]);
    expect(validateTicketValue(schema, '😀😀😀')).toEqual([{ pointer: '', code: 'maxLength', limit: 2 }]);
  });
});
