import { validateTicketValue, type JsonObject, type SchemaIssue } from '../../../../../institution/contract/ticket-form-schema.ts';
import { fieldOfPointer, type FieldSpec } from './form-model.ts';
import { dataOf, type RawValues, type SealedValues } from './form-values.ts';

/**
 * The first problem of each field, by field pointer, from the same interpreter the
 * institution's rules are checked against (ticket-form-schema.ts). A sealed field was valid
 * when it was sealed (the form seals only valid values), so its envelope is not re-checked.
 */
export function fieldIssues(schema: JsonObject, leaves: readonly FieldSpec[], raw: RawValues, sealed: SealedValues): Map<string, SchemaIssue> {
  const issues = validateTicketValue(schema, dataOf(leaves, raw, sealed, 'check'));
  const out = new Map<string, SchemaIssue>();
  for (const issue of issues) {
    const field = fieldOfPointer(leaves, issue.pointer) ?? leaves.find((f) => f.pointer.startsWith(`${issue.pointer}/`));
    if (field === undefined || out.has(field.pointer)) continue;
    if (sealed[field.pointer] !== undefined) continue;
    out.set(field.pointer, issue);
  }
  return out;
}
