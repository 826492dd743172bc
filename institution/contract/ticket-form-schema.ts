import { TICKET_FORMATS } from './ticket-formats.ts';

/**
 * A small interpreter of the JSON Schema 2020-12 keywords ticket types may use (the subset
 * ticket-form-subset.ts enforces on every type the institution accepts). The renderer runs it
 * as the agent types: ajv compiles schemas with `new Function`, which the desk's CSP forbids,
 * and the renderer must stay zod-free. The institution still validates with ajv; the
 * differential test (ticket-form-schema.test.ts) runs both on random values of every demo type
 * and demands the same verdict and the same field pointers.
 *
 * Semantics follow ajv 8 as the server configures it (strict, unicode, ajv-formats "full"):
 * string lengths count code points, `pattern` compiles with the `u` flag, number types exclude
 * NaN and ±Infinity, every keyword but `type`/`enum`/`const`/`anyOf` applies only to values of
 * its own type. Properties are own properties only (ajv's `required` would also see inherited
 * names such as `toString`; the subset refuses such property names, so both agree).
 */

export type JsonObject = Record<string, unknown>;

/** One problem: JSON pointer into the ticket's data, the keyword's code (as the server names it). */
export interface SchemaIssue {
  pointer: string;
  /** `required`, `type`, `enum`, `const`, `minLength`, `maxLength`, `pattern`, `format:<name>`, `minimum`, … , `anyOf`, `additionalProperties`. */
  code: string;
  /** The schema's bound for min/max codes. */
  limit?: number;
  /** For `anyOf`: the formats its failed branches asked for (the form names them: "mobile or landline number"). */
  formats?: string[];
}

/** ajv-formats' "full" email (RFC 5321 local part subset, dot-separated labels), as the server registers it. */
const EMAIL = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;

/** Every `format` a ticket type may name: the ticket formats plus ajv-formats' `email`. */
export const FORM_FORMATS: Readonly<Record<string, (value: string) => boolean>> = { ...TICKET_FORMATS, email: (value) => EMAIL.test(value) };

/** The value types a ticket schema may declare. */
export const FORM_TYPES = ['object', 'string', 'integer', 'number', 'boolean'] as const;

export const isJsonObject = (x: unknown): x is JsonObject => typeof x === 'object' && x !== null && !Array.isArray(x);
export const escapePointer = (name: string): string => name.replace(/~/g, '~0').replace(/\//g, '~1');

/** Code points, as ajv counts them (a surrogate pair is one character). */
export function codePointLength(text: string): number {
  let n = 0;
  for (const _ of text) n += 1;
  return n;
}

const patterns = new Map<string, RegExp>();
function patternOf(source: string): RegExp {
  let regex = patterns.get(source);
  if (regex === undefined) {
    regex = new RegExp(source, 'u');
    if (patterns.size > 500) patterns.clear();
    patterns.set(source, regex);
  }
  return regex;
}

function typeMatches(type: unknown, value: unknown): boolean {
  switch (type) {
    case 'object':
      return isJsonObject(value);
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    default:
      return false;
  }
}

const num = (x: unknown): number | undefined => (typeof x === 'number' ? x : undefined);

function checkString(schema: JsonObject, value: string, pointer: string, out: SchemaIssue[]): void {
  const minLength = num(schema.minLength);
  const maxLength = num(schema.maxLength);
  if (minLength !== undefined || maxLength !== undefined) {
    const length = codePointLength(value);
    if (minLength !== undefined && length < minLength) out.push({ pointer, code: 'minLength', limit: minLength });
    if (maxLength !== undefined && length > maxLength) out.push({ pointer, code: 'maxLength', limit: maxLength });
  }
  if (typeof schema.pattern === 'string' && !patternOf(schema.pattern).test(value)) out.push({ pointer, code: 'pattern' });
  if (typeof schema.format === 'string') {
    const check = FORM_FORMATS[schema.format];
    if (check === undefined || !check(value)) out.push({ pointer, code: `format:${schema.format}` });
  }
}

function checkNumber(schema: JsonObject, value: number, pointer: string, out: SchemaIssue[]): void {
  const bound = (code: string, fails: (limit: number) => boolean) => {
    const limit = num(schema[code]);
    if (limit !== undefined && fails(limit)) out.push({ pointer, code, limit });
  };
  bound('minimum', (limit) => value < limit);
  bound('maximum', (limit) => value > limit);
  bound('exclusiveMinimum', (limit) => value <= limit);
  bound('exclusiveMaximum', (limit) => value >= limit);
}

function checkObject(schema: JsonObject, value: JsonObject, pointer: string, out: SchemaIssue[]): void {
  const properties = isJsonObject(schema.properties) ? schema.properties : {};
  if (Array.isArray(schema.required)) {
    for (const name of schema.required) {
      if (typeof name === 'string' && !Object.hasOwn(value, name)) out.push({ pointer: `${pointer}/${escapePointer(name)}`, code: 'required' });
    }
  }
  for (const [name, child] of Object.entries(properties)) {
    if (Object.hasOwn(value, name)) check(child, value[name], `${pointer}/${escapePointer(name)}`, out);
  }
  if (schema.additionalProperties === false) {
    for (const name of Object.keys(value)) {
      if (!Object.hasOwn(properties, name)) out.push({ pointer: `${pointer}/${escapePointer(name)}`, code: 'additionalProperties' });
    }
  }
}

function check(schema: unknown, value: unknown, pointer: string, out: SchemaIssue[]): void {
  if (!isJsonObject(schema)) return;
  if (schema.type !== undefined && !typeMatches(schema.type, value)) {
    out.push({ pointer, code: 'type' });
    return;
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((option) => option === value)) out.push({ pointer, code: 'enum' });
  if (Object.hasOwn(schema, 'const') && schema.const !== value) out.push({ pointer, code: 'const' });
  if (typeof value === 'string') checkString(schema, value, pointer, out);
  else if (typeof value === 'number' && Number.isFinite(value)) checkNumber(schema, value, pointer, out);
  else if (isJsonObject(value)) checkObject(schema, value, pointer, out);
  if (Array.isArray(schema.anyOf) && schema.anyOf.length > 0) {
    const failures: SchemaIssue[][] = [];
    for (const branch of schema.anyOf) {
      const issues: SchemaIssue[] = [];
      check(branch, value, pointer, issues);
      if (issues.length === 0) return;
      failures.push(issues);
    }
    const formats = failures.flat().flatMap((issue) => (issue.code.startsWith('format:') ? [issue.code.slice('format:'.length)] : []));
    out.push(formats.length > 0 ? { pointer, code: 'anyOf', formats: [...new Set(formats)] } : { pointer, code: 'anyOf' });
  }
}

/**
 * Every problem of `value` against `schema` (pointers relative to the data, e.g. `/cardNumber`),
 * in schema order: what ajv with `allErrors` would report, one issue per failing keyword.
 */
export function validateTicketValue(schema: JsonObject, value: unknown, pointer = ''): SchemaIssue[] {
  const out: SchemaIssue[] = [];
  check(schema, value, pointer, out);
  return out;
}

/** The subschema of a property path (`['estimatedLoss', 'minor']`), or undefined. */
export function subschemaAt(schema: JsonObject, path: readonly string[]): JsonObject | undefined {
  let node: JsonObject = schema;
  for (const name of path) {
    const properties = node.properties;
    if (!isJsonObject(properties) || !Object.hasOwn(properties, name)) return undefined;
    const child = properties[name];
    if (!isJsonObject(child)) return undefined;
    node = child;
  }
  return node;
}
