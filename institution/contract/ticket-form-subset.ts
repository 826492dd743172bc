import { escapePointer, FORM_FORMATS, FORM_TYPES, isJsonObject } from './ticket-form-schema.ts';

/**
 * The keyword subset every ticket type must keep to: exactly what the desk's form interpreter
 * (ticket-form-schema.ts) renders and validates. The institution refuses a type with anything
 * else (lintTicketSchema, 400 with a pointer into the schema), so a type it accepts is always
 * one every desk can show and check as the agent types — the same verdict as the server's ajv.
 *
 * Allowed: `type` (one of object/string/integer/number/boolean), `properties`, `required`,
 * `additionalProperties: false`, `enum` / `const` of strings, numbers or booleans,
 * `minLength`/`maxLength`, `pattern` (compiles with the `u` flag), `format` (ticket formats and
 * `email`), `minimum`/`maximum`/`exclusiveMinimum`/`exclusiveMaximum`, `anyOf`, the markers
 * `x-sensitive`/`x-hint`, and the annotations `title`, `description`, `$comment`, `default`,
 * `examples`; `$schema` (2020-12) and `$id` at the root only.
 */

export interface SubsetProblem {
  /** Pointer into the definition's `schema` (prefixed with `/schema`). */
  pointer: string;
  code: 'keyword-not-supported' | 'type-not-supported' | 'format-not-supported' | 'keyword-value-invalid' | 'property-name-reserved' | 'schema-not-object';
}

const DRAFT_2020_12 = 'https://json-schema.org/draft/2020-12/schema';
const ANNOTATIONS = new Set(['title', 'description', '$comment', 'default', 'examples']);

const isPrimitive = (x: unknown): boolean => typeof x === 'string' || typeof x === 'boolean' || (typeof x === 'number' && Number.isFinite(x));
const isCount = (x: unknown): boolean => typeof x === 'number' && Number.isInteger(x) && x >= 0;
const isBound = (x: unknown): boolean => typeof x === 'number' && Number.isFinite(x);

function compiles(pattern: unknown): boolean {
  if (typeof pattern !== 'string') return false;
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}

/** Whether a keyword's value is one the interpreter reads the way ajv does. */
const VALUE_RULES: Readonly<Record<string, (value: unknown) => boolean>> = {
  required: (v) => Array.isArray(v) && v.every((name) => typeof name === 'string'),
  additionalProperties: (v) => v === false,
  enum: (v) => Array.isArray(v) && v.length > 0 && v.every(isPrimitive),
  const: isPrimitive,
  minLength: isCount,
  maxLength: isCount,
  pattern: compiles,
  minimum: isBound,
  maximum: isBound,
  exclusiveMinimum: isBound,
  exclusiveMaximum: isBound,
  'x-sensitive': (v) => typeof v === 'boolean',
  'x-hint': (v) => typeof v === 'string',
};

function walk(node: unknown, at: string, root: boolean, out: SubsetProblem[]): void {
  if (!isJsonObject(node)) {
    out.push({ pointer: at, code: 'schema-not-object' });
    return;
  }
  for (const [key, value] of Object.entries(node)) {
    const here = `${at}/${escapePointer(key)}`;
    if (ANNOTATIONS.has(key)) continue;
    if (key === '$schema' || key === '$id') {
      if (!root) out.push({ pointer: here, code: 'keyword-not-supported' });
      else if (key === '$schema' && value !== DRAFT_2020_12) out.push({ pointer: here, code: 'keyword-value-invalid' });
      continue;
    }
    if (key === 'type') {
      if (!(FORM_TYPES as readonly unknown[]).includes(value)) out.push({ pointer: here, code: 'type-not-supported' });
    } else if (key === 'format') {
      if (typeof value !== 'string' || !Object.hasOwn(FORM_FORMATS, value)) out.push({ pointer: here, code: 'format-not-supported' });
    } else if (key === 'properties') {
      if (!isJsonObject(value)) out.push({ pointer: here, code: 'keyword-value-invalid' });
      else {
        for (const [name, child] of Object.entries(value)) {
          const childAt = `${here}/${escapePointer(name)}`;
          // Inherited names (toString, constructor …) would read as present to ajv's `required`.
          if (name in Object.prototype) out.push({ pointer: childAt, code: 'property-name-reserved' });
          else walk(child, childAt, false, out);
        }
      }
    } else if (key === 'anyOf') {
      if (!Array.isArray(value) || value.length === 0) out.push({ pointer: here, code: 'keyword-value-invalid' });
      else value.forEach((branch, i) => walk(branch, `${here}/${i}`, false, out));
    } else {
      const rule = VALUE_RULES[key];
      if (rule === undefined) out.push({ pointer: here, code: 'keyword-not-supported' });
      else if (!rule(value)) out.push({ pointer: here, code: 'keyword-value-invalid' });
    }
    if (out.length >= 50) return;
  }
}

/** Everything in `schema` outside the subset, as pointers prefixed with `/schema` (at most 50). */
export function subsetProblems(schema: unknown): SubsetProblem[] {
  const out: SubsetProblem[] = [];
  walk(schema, '/schema', true, out);
  return out.slice(0, 50);
}
