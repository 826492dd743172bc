import type { SchemaIssue } from '../../../../../institution/contract/ticket-form-schema.ts';
import type { Language, Translate } from '../../../i18n/translate.ts';
import { issueMessage } from '../form/field-messages.ts';
import { fieldOfPointer, fieldsOf, leavesOf, type FieldSpec } from '../form/form-model.ts';
import type { TicketTypeVersion } from '../tickets-bridge.ts';

/** One line of a refused ticket's problems: a field by its title and what is wrong, or (unplaced) the institution's raw pointer and code. */
export type RefusedLine = { kind: 'field'; key: string; title: string; message: string } | { kind: 'raw'; key: string; pointer: string; code: string };

/** The institution's per-field errors point into the request body; the form's pointers into `data`. */
const DATA = '/data';
const dataPointer = (pointer: string): string | null => (pointer === DATA || pointer.startsWith(`${DATA}/`) ? pointer.slice(DATA.length) : null);
/** Limits the institution's bare codes leave out: the field's own schema has them. */
const LIMITED = new Set(['minLength', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum']);
/** Messages that would describe the typed value, which a refused ticket's list does not have (sealed, or not kept). */
const VALUE_FORMATS = new Set(['format:bank-card', 'format:cn-resident-id']);

function messageFor(t: Translate, field: FieldSpec, codes: readonly string[], pointer: string): string {
  // "mobile or landline": the institution lists each failed branch's format beside anyOf.
  if (codes.includes('anyOf')) {
    const formats = codes.filter((c) => c.startsWith('format:')).map((c) => c.slice('format:'.length));
    return issueMessage(t, field, { pointer, code: 'anyOf', formats }, '');
  }
  const code = codes[0] ?? '';
  if (VALUE_FORMATS.has(code)) return t('ticketForm.error.invalid');
  if (code === 'maxLength') {
    const limit = field.schema['maxLength'];
    return typeof limit === 'number' ? t('tickets.local.tooLong', { limit }) : t('ticketForm.error.invalid');
  }
  const limit = field.schema[code];
  const issue: SchemaIssue = { pointer, code, ...(LIMITED.has(code) && typeof limit === 'number' ? { limit } : {}) };
  if (LIMITED.has(code) && issue.limit === undefined) return t('ticketForm.error.invalid');
  return issueMessage(t, field, issue, '');
}

/**
 * A refused ticket's problems in the agent's language, one line per field in the order the
 * institution gave them: the field's title from its type's form and the same words the form
 * uses (field-messages.ts). A problem no field of the form owns (the whole body, an unknown
 * pointer, no type known) keeps the institution's pointer and code, for IT.
 */
export function refusedLines(t: Translate, problems: readonly { pointer: string; code: string }[], type: TicketTypeVersion | undefined, language: Language): RefusedLine[] {
  const leaves = type === undefined ? [] : leavesOf(fieldsOf(type.schema, type.uiSchema, language));
  const byField = new Map<FieldSpec, { pointer: string; codes: string[] }>();
  // In the institution's order: a raw line where it came, a field where its first problem came.
  const order: ({ raw: RefusedLine } | { field: FieldSpec })[] = [];
  for (const problem of problems) {
    const pointer = dataPointer(problem.pointer);
    const field = pointer === null || pointer === '' ? undefined : fieldOfPointer(leaves, pointer);
    if (field === undefined || pointer === null) {
      order.push({ raw: { kind: 'raw', key: `${problem.pointer} ${problem.code}`, pointer: problem.pointer, code: problem.code } });
      continue;
    }
    const seen = byField.get(field);
    if (seen === undefined) {
      byField.set(field, { pointer, codes: [problem.code] });
      order.push({ field });
    } else seen.codes.push(problem.code);
  }
  return order.map((entry): RefusedLine => {
    if ('raw' in entry) return entry.raw;
    const { pointer, codes } = byField.get(entry.field) ?? { pointer: entry.field.pointer, codes: [] };
    return { kind: 'field', key: entry.field.pointer, title: entry.field.title, message: messageFor(t, entry.field, codes, pointer) };
  });
}
