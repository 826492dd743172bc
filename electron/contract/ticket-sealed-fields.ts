import { checkEnvelopeShape } from '../../institution/contract/ticket-crypto.ts';

/**
 * Where a ticket's data must hold sealed envelopes: every value at an `x-sensitive` place of
 * the type version's schema must be absent or a well-formed envelope (checkEnvelopeShape;
 * only the institution can tell whether it opens). Core refuses anything else before it
 * stores a draft or files a ticket (`ticket_not_sealed`), so no plaintext of a sensitive
 * field reaches the disk; the form may use it to check itself. Zod-free: the renderer runs it.
 *
 * Places are walked through `properties` and array `items` (each element). A construct the
 * walker does not follow protects nothing here, but the institution validates the same data
 * against the same schema and refuses plaintext where it wants an envelope.
 */
type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const escapePointer = (name: string) => name.replace(/~/g, '~0').replace(/\//g, '~1');

function walk(schema: unknown, value: unknown, pointer: string, problems: string[]): void {
  if (!isObject(schema) || value === undefined) return;
  if (schema['x-sensitive'] === true) {
    if (!checkEnvelopeShape(value).ok) problems.push(pointer);
    return;
  }
  if (isObject(schema.properties) && isObject(value)) {
    for (const [name, sub] of Object.entries(schema.properties)) {
      if (Object.hasOwn(value, name)) walk(sub, value[name], `${pointer}/${escapePointer(name)}`, problems);
    }
  }
  if (isObject(schema.items) && Array.isArray(value)) {
    value.forEach((element, i) => walk(schema.items, element, `${pointer}/${i}`, problems));
  }
}

/** JSON pointers (into `data`) of sensitive fields that hold anything but an envelope; empty when all is sealed. */
export function unsealedSensitiveFields(schema: unknown, data: unknown): string[] {
  const problems: string[] = [];
  walk(schema, data, '', problems);
  return problems;
}
