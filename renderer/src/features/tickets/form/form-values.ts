import { checkEnvelopeShape, type SealedField } from '../../../../../institution/contract/ticket-crypto.ts';
import { isJsonObject, type JsonObject } from '../../../../../institution/contract/ticket-form-schema.ts';
import type { FieldSpec } from './form-model.ts';

/**
 * What the agent typed (`raw`, by field pointer, exactly as in the inputs) and the sealed
 * envelopes of sensitive fields, turned into the ticket's data and back. A money field keeps
 * its amount under its own pointer and its currency under `<pointer>/currency`.
 *
 * Two forms of data: `check` (what the interpreter validates: plaintext of sensitive fields
 * still being typed, so the agent sees a bad card before leaving the field) and `wire` (what
 * drafts and submissions carry: sensitive fields only as envelopes, never their plaintext).
 */
export type RawValues = Record<string, string | boolean>;
export type SealedValues = Record<string, SealedField>;

const FULL_WIDTH_DIGIT = /[\uff10-\uff19]/g;
const asciiDigits = (text: string) => text.replace(FULL_WIDTH_DIGIT, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));

/** The value a widget's text stands for: digits without the spaces people type in cards, an upper-case X … */
export function normalize(field: Pick<FieldSpec, 'widget'>, text: string): string {
  switch (field.widget) {
    case 'card-number':
      return asciiDigits(text).replace(/[\s-]/g, '');
    case 'id-number':
      return asciiDigits(text).replace(/\s/g, '').toUpperCase();
    case 'phone':
      return asciiDigits(text)
        .replace(/\s/g, '')
        .replace(/^(\+86|0086)(?=1)/, '');
    default:
      return text.trim();
  }
}

/** Minor units of a currency (CNY 2, JPY 0); 2 when the runtime does not know the code. */
export function minorDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** `12.5` CNY → 1250; null when the text is not a plain amount with at most the currency's decimals. */
export function parseAmount(text: string, currency: string): number | null {
  const cleaned = text.replace(/[\s,，]/g, '');
  const match = /^(\d{1,15})(?:\.(\d+))?$/.exec(cleaned);
  if (match === null) return null;
  const digits = minorDigits(currency);
  const fraction = match[2] ?? '';
  if (fraction.length > digits) return null;
  const minor = Number(match[1]) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
  return Number.isSafeInteger(minor) ? minor : null;
}

export function formatAmount(minor: number, currency: string): string {
  const digits = minorDigits(currency);
  if (digits === 0) return String(minor);
  const text = String(minor).padStart(digits + 1, '0');
  return `${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

export const currencyOf = (field: FieldSpec, raw: RawValues): string => {
  const typed = raw[`${field.pointer}/currency`];
  if (typeof typed === 'string' && typed !== '') return typed;
  const currency = isJsonObject(field.schema.properties) ? field.schema.properties.currency : undefined;
  return isJsonObject(currency) && typeof currency.default === 'string' ? currency.default : 'CNY';
};

function place(data: JsonObject, pointer: string, value: unknown): void {
  const parts = pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  let node = data;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    node = isJsonObject(next) ? next : (node[part] = {});
  }
  const last = parts.at(-1);
  if (last !== undefined) node[last] = value;
}

function read(data: unknown, pointer: string): unknown {
  let node: unknown = data;
  for (const part of pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))) {
    if (!isJsonObject(node) || !Object.hasOwn(node, part)) return undefined;
    node = node[part];
  }
  return node;
}

/** One field's value in the data (undefined: absent, as an empty input is). */
function valueOf(field: FieldSpec, raw: RawValues): unknown {
  const typed = raw[field.pointer];
  if (field.kind === 'boolean') return typed === true;
  if (typeof typed !== 'string') return undefined;
  const text = normalize(field, typed);
  if (text === '') return undefined;
  if (field.kind === 'money') {
    const currency = currencyOf(field, raw);
    return { minor: parseAmount(text, currency) ?? text, currency };
  }
  if (field.kind === 'integer' || field.kind === 'number') {
    const n = Number(text);
    return /^-?\d+(\.\d+)?$/.test(text) && Number.isFinite(n) ? n : text;
  }
  if (field.options !== undefined) return field.options.find((o) => String(o.value) === text)?.value ?? text;
  return text;
}

/** The ticket's data from what the agent typed; `wire` leaves out every unsealed sensitive value. */
export function dataOf(leaves: readonly FieldSpec[], raw: RawValues, sealed: SealedValues, form: 'check' | 'wire'): JsonObject {
  const data: JsonObject = {};
  for (const field of leaves) {
    const envelope = sealed[field.pointer];
    if (field.sensitive && envelope !== undefined) {
      place(data, field.pointer, envelope);
      continue;
    }
    if (field.sensitive && form === 'wire') continue;
    const value = valueOf(field, raw);
    if (value !== undefined) place(data, field.pointer, value);
  }
  return data;
}

/** A draft's (or default) values back into the inputs: envelopes become sealed fields, amounts text again. */
export function rawOf(leaves: readonly FieldSpec[], data: JsonObject): { raw: RawValues; sealed: SealedValues } {
  const raw: RawValues = {};
  const sealed: SealedValues = {};
  for (const field of leaves) {
    const value = read(data, field.pointer) ?? field.schema.default;
    if (field.sensitive) {
      const shape = checkEnvelopeShape(value);
      if (shape.ok) sealed[field.pointer] = shape.envelope;
    } else if (field.kind === 'money' && isJsonObject(value)) {
      const currency = typeof value.currency === 'string' ? value.currency : currencyOf(field, raw);
      raw[`${field.pointer}/currency`] = currency;
      raw[field.pointer] = typeof value.minor === 'number' ? formatAmount(value.minor, currency) : String(value.minor ?? '');
    } else if (field.kind === 'boolean') {
      raw[field.pointer] = value === true;
    } else if (typeof value === 'string' || typeof value === 'number') {
      raw[field.pointer] = String(value);
    }
  }
  return { raw, sealed };
}
