import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsImport from 'ajv-formats';
import { checkEnvelopeShape } from '../../contract/ticket-crypto.ts';
import type { SealedField } from '../../contract/ticket-crypto.ts';
import { TICKET_FORMATS } from '../../contract/ticket-formats.ts';
import { subsetProblems } from '../../contract/ticket-form-subset.ts';
import type { TicketFieldError } from '../../contract/ticket-api.ts';

/**
 * A ticket type version's JSON Schema 2020-12, checked and compiled twice with ajv (strict):
 *  - `wire`: what the desk sends — every `x-sensitive` string is replaced by a sealed envelope
 *    (`x-sealed`, shape + known key id + hint only where `x-hint` allows);
 *  - `plain`: the schema as the admin wrote it, run on the values after the server opened the
 *    envelopes, so a tampered desk cannot seal an invalid card or ID number either.
 * Rules on top of the draft (a type that breaks one is refused with the pointer): every object
 * closes its properties (`additionalProperties: false`), every free string has a maxLength
 * ≤ 4000, `x-sensitive` only on strings, `x-hint` (`last4`) only with `x-sensitive`, no remote `$ref`,
 * and only the keyword subset the desk's form interpreter knows (contract/ticket-form-subset.ts).
 */

const MAX_STRING = 4000;
export const MAX_SCHEMA_BYTES = 64 * 1024;

// ajv-formats is CommonJS with a default export; under Node's type stripping it arrives as the module object.
const addFormats = ((addFormatsImport as unknown as { default?: unknown }).default ?? addFormatsImport) as (ajv: Ajv2020, formats: string[]) => void;

export interface SealedSlot {
  pointer: string;
  envelope: SealedField;
}

export interface CompiledTicketType {
  /** Field errors of `data` (pointers relative to the body: `/data/...`), and the sealed fields found. */
  checkWire(data: unknown, knownKids: ReadonlySet<string>): { errors: TicketFieldError[]; sealed: SealedSlot[] };
  checkPlain(data: unknown): TicketFieldError[];
  /** Pointers (in data) of the fields the schema marks sensitive, with whether a hint is allowed. */
  sensitive: { path: string[]; hint: boolean }[];
}

function newAjv(): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, allErrors: true, loadSchema: undefined, validateFormats: true });
  addFormats(ajv, ['date-time', 'time', 'email']);
  for (const [name, check] of Object.entries(TICKET_FORMATS)) ajv.addFormat(name, { type: 'string', validate: check });
  ajv.addKeyword({ keyword: 'x-sensitive', schemaType: 'boolean' });
  ajv.addKeyword({ keyword: 'x-hint', schemaType: 'string' });
  return ajv;
}

type Json = Record<string, unknown>;
const isObject = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);
const escapePointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/** The type-design rules; returns problems as pointers into the schema. */
export function lintTicketSchema(schema: Json): TicketFieldError[] {
  const problems: TicketFieldError[] = [];
  if (JSON.stringify(schema).length > MAX_SCHEMA_BYTES) return [{ pointer: '/schema', code: 'schema-too-large' }];
  if (schema.type !== 'object') problems.push({ pointer: '/schema/type', code: 'root-not-object' });
  const walk = (node: unknown, at: string): void => {
    if (Array.isArray(node)) {
      node.forEach((child, i) => walk(child, `${at}/${i}`));
      return;
    }
    if (!isObject(node)) return;
    if (typeof node.$ref === 'string' && !node.$ref.startsWith('#')) problems.push({ pointer: `${at}/$ref`, code: 'ref-not-local' });
    if ('$id' in node && at !== '/schema') problems.push({ pointer: `${at}/$id`, code: 'nested-id' });
    const isObjectSchema = node.type === 'object' || isObject(node.properties);
    if (isObjectSchema && node.additionalProperties !== false && node.unevaluatedProperties !== false) problems.push({ pointer: at, code: 'object-not-closed' });
    const free = node.type === 'string' && node.enum === undefined && node.const === undefined;
    if (free && (typeof node.maxLength !== 'number' || node.maxLength > MAX_STRING)) problems.push({ pointer: at, code: 'string-without-maxlength' });
    if (node['x-sensitive'] === true && node.type !== 'string') problems.push({ pointer: `${at}/x-sensitive`, code: 'sensitive-not-string' });
    if (node['x-hint'] !== undefined && (node['x-sensitive'] !== true || node['x-hint'] !== 'last4')) problems.push({ pointer: `${at}/x-hint`, code: 'hint-not-allowed' });
    for (const [key, value] of Object.entries(node)) {
      // Keys of `properties`, `$defs` … are names, not keywords: walk their values only.
      if (key === 'properties' || key === '$defs' || key === 'patternProperties' || key === 'dependentSchemas') {
        if (isObject(value)) for (const [name, child] of Object.entries(value)) walk(child, `${at}/${key}/${escapePointer(name)}`);
      } else if (key !== 'enum' && key !== 'const' && key !== 'examples' && key !== 'default') walk(value, `${at}/${escapePointer(key)}`);
    }
  };
  walk(schema, '/schema');
  // Only keywords the desk's form interpreter renders and checks (ticket-form-subset.ts); a
  // place the rules above already named keeps their more specific code.
  for (const problem of subsetProblems(schema)) if (!problems.some((p) => p.pointer === problem.pointer)) problems.push(problem);
  return problems;
}

/** The wire form: each sensitive string becomes `{ "x-sealed": "last4" | "none" }`. */
function toWireSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toWireSchema);
  if (!isObject(node)) return node;
  if (node['x-sensitive'] === true) return { 'x-sealed': node['x-hint'] === 'last4' ? 'last4' : 'none' };
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    out[key] = key === 'enum' || key === 'const' || key === 'examples' || key === 'default' ? value : toWireSchema(value);
  }
  return out;
}

function sensitivePaths(node: unknown, path: string[], out: { path: string[]; hint: boolean }[]): void {
  if (!isObject(node)) return;
  if (node['x-sensitive'] === true) {
    out.push({ path, hint: node['x-hint'] === 'last4' });
    return;
  }
  if (isObject(node.properties)) for (const [name, child] of Object.entries(node.properties)) sensitivePaths(child, [...path, name], out);
}

function toFieldErrors(errors: ErrorObject[] | null | undefined): TicketFieldError[] {
  const out: TicketFieldError[] = [];
  for (const e of errors ?? []) {
    const params = e.params as { missingProperty?: string; additionalProperty?: string; format?: string; reason?: string };
    const child = params.missingProperty ?? params.additionalProperty;
    const pointer = `/data${e.instancePath}${child === undefined ? '' : `/${escapePointer(child)}`}`;
    const code = e.keyword === 'format' ? `format:${params.format ?? ''}` : e.keyword === 'x-sealed' ? (params.reason ?? 'sealed-invalid') : e.keyword;
    if (!out.some((o) => o.pointer === pointer && o.code === code)) out.push({ pointer: pointer.slice(0, 300), code: code.slice(0, 64) });
    if (out.length >= 50) break;
  }
  return out;
}

/** Compiles a checked schema (call lintTicketSchema first); throws with ajv's message when the draft refuses it. */
export function compileTicketType(schema: Json): CompiledTicketType {
  let sealedSeen: SealedSlot[] = [];
  let kids: ReadonlySet<string> = new Set();
  const wireAjv = newAjv();
  wireAjv.addKeyword({
    keyword: 'x-sealed',
    schemaType: 'string',
    errors: true,
    validate: function sealedCheck(hintRule: string, data: unknown, _parent: unknown, cxt?: { instancePath: string }): boolean {
      const fail = (reason: string): false => {
        (sealedCheck as unknown as { errors: Partial<ErrorObject>[] }).errors = [{ keyword: 'x-sealed', params: { reason } }];
        return false;
      };
      const shape = checkEnvelopeShape(data);
      if (!shape.ok) return fail(shape.reason);
      if (!kids.has(shape.envelope.kid)) return fail('envelope-kid-unknown');
      if (shape.envelope.hint !== undefined && (hintRule !== 'last4' || !/^\d{4}$|^\d{3}X$/.test(shape.envelope.hint))) return fail('envelope-hint');
      sealedSeen.push({ pointer: cxt?.instancePath ?? '', envelope: shape.envelope });
      return true;
    },
  });
  const wire: ValidateFunction = wireAjv.compile(toWireSchema(schema) as Json);
  const plain: ValidateFunction = newAjv().compile(schema);
  const sensitive: { path: string[]; hint: boolean }[] = [];
  sensitivePaths(schema, [], sensitive);
  return {
    checkWire(data, knownKids) {
      sealedSeen = [];
      kids = knownKids;
      const ok = wire(data);
      const sealed = sealedSeen;
      return { errors: ok ? [] : toFieldErrors(wire.errors), sealed: ok ? sealed : [] };
    },
    checkPlain(data) {
      return plain(data) ? [] : toFieldErrors(plain.errors);
    },
    sensitive,
  };
}
