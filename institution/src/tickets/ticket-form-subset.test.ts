import { describe, expect, it } from 'vitest';
import { subsetProblems } from '../../contract/ticket-form-subset.ts';
import { DEMO_TICKET_TYPES } from '../seed/demo-tickets.ts';
import { lintTicketSchema } from './ticket-schema.ts';

const closed = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ type: 'object', properties, additionalProperties: false, ...extra });
const text = { type: 'string', maxLength: 10 };

describe('the ticket-type keyword subset (what every desk can render and check)', () => {
  it('accepts every demo type', () => {
    for (const type of DEMO_TICKET_TYPES) {
      expect(subsetProblems(type.schema), type.id).toEqual([]);
      expect(lintTicketSchema(type.schema), type.id).toEqual([]);
    }
  });

  it('refuses keywords, types and formats the form interpreter does not know, with a pointer to each', () => {
    const schema = closed({
      a: { ...text, oneOf: [{ format: 'cn-mobile' }] },
      b: { type: ['string', 'null'], maxLength: 4 },
      c: { type: 'array', items: text },
      d: { ...text, format: 'date-time' },
      e: { ...text, if: { const: 'x' }, then: { minLength: 2 } },
      f: { $schema: 'https://json-schema.org/draft/2020-12/schema', ...text },
      toString: text,
      'x/y': { ...text, pattern: '(' },
      g: { type: 'string', enum: [{ a: 1 }] },
    });
    expect(subsetProblems(schema)).toEqual([
      { pointer: '/schema/properties/a/oneOf', code: 'keyword-not-supported' },
      { pointer: '/schema/properties/b/type', code: 'type-not-supported' },
      { pointer: '/schema/properties/c/type', code: 'type-not-supported' },
      { pointer: '/schema/properties/c/items', code: 'keyword-not-supported' },
      { pointer: '/schema/properties/d/format', code: 'format-not-supported' },
      { pointer: '/schema/properties/e/if', code: 'keyword-not-supported' },
      { pointer: '/schema/properties/e/then', code: 'keyword-not-supported' },
      { pointer: '/schema/properties/f/$schema', code: 'keyword-not-supported' },
      { pointer: '/schema/properties/toString', code: 'property-name-reserved' },
      { pointer: '/schema/properties/x~1y/pattern', code: 'keyword-value-invalid' },
      { pointer: '/schema/properties/g/enum', code: 'keyword-value-invalid' },
    ]);
  });

  it('refuses an open object given as a schema, a boolean subschema and another draft', () => {
    expect(subsetProblems({ ...closed({ a: true }), additionalProperties: { type: 'string' } })).toEqual([
      { pointer: '/schema/properties/a', code: 'schema-not-object' },
      { pointer: '/schema/additionalProperties', code: 'keyword-value-invalid' },
    ]);
    expect(subsetProblems(closed({ a: text }, { $schema: 'http://json-schema.org/draft-07/schema#' }))).toEqual([{ pointer: '/schema/$schema', code: 'keyword-value-invalid' }]);
  });

  it('lintTicketSchema reports the subset too, keeping the rules’ own codes where both speak', () => {
    const remote = closed({ a: { $ref: 'https://example.com/s.json' }, b: { ...text, widget: 'x' } });
    expect(lintTicketSchema(remote)).toEqual([
      { pointer: '/schema/properties/a/$ref', code: 'ref-not-local' },
      { pointer: '/schema/properties/b/widget', code: 'keyword-not-supported' },
    ]);
  });
});
