import { checkEnvelopeShape, maskWithHint } from '../../../../../institution/contract/ticket-crypto.ts';
import type { Language } from '../../../i18n/translate.ts';

/**
 * A filed ticket's data as rows to show, following its type version's UI schema: the order of
 * `ui:order`, titles and enum labels from `ui:title` / `ui:enumNames` in the agent's language.
 * Sensitive fields (`x-sensitive`) are never shown: the desk only ever holds their sealed
 * envelope, shown as its mask (`•••• 1234` where the schema allowed a hint). Plain data — no
 * markup — so the view decides how each kind looks.
 */
export type FieldValue =
  | { kind: 'empty' }
  | { kind: 'text'; text: string }
  | { kind: 'boolean'; value: boolean }
  /** A sealed envelope: `mask` is all the desk can show; staff with tickets.reveal may open it. */
  | { kind: 'sealed'; mask: string };

export interface FieldRow {
  /** JSON pointer into the ticket's data (`/cardNumber`), what reveal names. */
  pointer: string;
  label: string;
  value: FieldValue;
}

type Json = Record<string, unknown>;
type LocalText = Partial<Record<Language, string>>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const escapePointer = (name: string) => name.replace(/~/g, '~0').replace(/\//g, '~1');

function localText(value: unknown, language: Language): string | null {
  if (!isObject(value)) return null;
  const text = (value as LocalText)[language];
  return typeof text === 'string' && text !== '' ? text : null;
}

/** Field names in the UI schema's order, then any the schema has that the order forgot. */
function orderedNames(schema: Json, ui: Json): string[] {
  const properties = isObject(schema['properties']) ? Object.keys(schema['properties']) : [];
  const order = Array.isArray(ui['ui:order']) ? ui['ui:order'].filter((n): n is string => typeof n === 'string' && properties.includes(n)) : [];
  return [...order, ...properties.filter((n) => !order.includes(n))];
}

/** An amount `{minor, currency}` in the currency's own minor units (CNY 2 decimals, JPY none). */
export function formatMoney(minor: number, currency: string, language: Language): string {
  try {
    const format = new Intl.NumberFormat(language, { style: 'currency', currency });
    const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
    return format.format(minor / 10 ** digits);
  } catch {
    return `${minor} ${currency}`;
  }
}

function valueOf(schema: Json, ui: Json, value: unknown, language: Language): FieldValue {
  if (schema['x-sensitive'] === true) {
    // Whatever is there, the desk shows the mask only; a malformed envelope shows no hint.
    const shape = checkEnvelopeShape(value);
    return { kind: 'sealed', mask: maskWithHint(shape.ok ? shape.envelope.hint : undefined) };
  }
  if (value === undefined || value === null || value === '') return { kind: 'empty' };
  if (typeof value === 'boolean') return { kind: 'boolean', value };
  if (typeof value === 'string' && Array.isArray(schema['enum'])) {
    const index = schema['enum'].indexOf(value);
    const names = ui['ui:enumNames'];
    const label = index >= 0 && Array.isArray(names) ? localText(names[index], language) : null;
    return { kind: 'text', text: label ?? value };
  }
  if (isObject(value) && typeof value['minor'] === 'number' && typeof value['currency'] === 'string') {
    return { kind: 'text', text: formatMoney(value['minor'], value['currency'], language) };
  }
  if (Array.isArray(value)) return { kind: 'text', text: value.map((v) => (typeof v === 'string' || typeof v === 'number' ? String(v) : JSON.stringify(v))).join(', ') };
  if (typeof value === 'string' || typeof value === 'number') return { kind: 'text', text: String(value) };
  return { kind: 'text', text: JSON.stringify(value) };
}

/**
 * Rows for `data` under `schema` + `uiSchema`. A nested object that is not an amount becomes
 * one row per property, labelled "parent › child". Data the schema does not describe (it
 * cannot happen for a validated ticket) is left out rather than guessed at.
 */
export function ticketFieldRows(schema: unknown, uiSchema: unknown, data: unknown, language: Language, prefix = '', parentLabel = ''): FieldRow[] {
  if (!isObject(schema) || !isObject(data)) return [];
  const ui = isObject(uiSchema) ? uiSchema : {};
  const properties = isObject(schema['properties']) ? schema['properties'] : {};
  const rows: FieldRow[] = [];
  for (const name of orderedNames(schema, ui)) {
    const sub = properties[name];
    if (!isObject(sub)) continue;
    const subUi = isObject(ui[name]) ? ui[name] : {};
    const title = localText(subUi['ui:title'], language) ?? (typeof sub['title'] === 'string' ? sub['title'] : name);
    const label = parentLabel === '' ? title : `${parentLabel} › ${title}`;
    const pointer = `${prefix}/${escapePointer(name)}`;
    const value = data[name];
    const isAmount = isObject(value) && typeof value['minor'] === 'number';
    if (sub['type'] === 'object' && isObject(value) && !isAmount && sub['x-sensitive'] !== true) {
      rows.push(...ticketFieldRows(sub, subUi, value, language, pointer, label));
      continue;
    }
    rows.push({ pointer, label, value: valueOf(sub, subUi, value, language) });
  }
  return rows;
}
