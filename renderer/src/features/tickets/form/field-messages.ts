import { codePointLength, type SchemaIssue } from '../../../../../institution/contract/ticket-form-schema.ts';
import { isBankCard, isResidentId } from '../../../../../institution/contract/ticket-formats.ts';
import type { Translate } from '../../../i18n/translate.ts';
import type { FieldSpec } from './form-model.ts';
import { minorDigits } from './form-values.ts';

/**
 * A field problem (interpreter code, or the institution's code for a refused ticket) as a
 * sentence in the agent's language. Card and ID numbers say *what* is wrong — the length,
 * a character, the birth date, or the check digit (Luhn / GB 11643) — because "invalid" alone
 * sends the agent back to the caller without knowing what to ask.
 */

function cardMessage(t: Translate, value: string): string {
  if (!/^\d*$/.test(value)) return t('ticketForm.error.card.digits');
  if (value.length < 12 || value.length > 19) return t('ticketForm.error.card.length', { count: value.length });
  return isBankCard(value) ? t('ticketForm.error.invalid') : t('ticketForm.error.card.luhn');
}

function idMessage(t: Translate, value: string): string {
  if (value.length !== 18) return t('ticketForm.error.id.length', { count: codePointLength(value) });
  if (!/^\d{17}[\dX]$/.test(value)) return t('ticketForm.error.id.chars');
  if (value.startsWith('0')) return t('ticketForm.error.id.area');
  const year = Number(value.slice(6, 10));
  const month = Number(value.slice(10, 12));
  const day = Number(value.slice(12, 14));
  const born = new Date(Date.UTC(year, month - 1, day));
  const exists = born.getUTCFullYear() === year && born.getUTCMonth() === month - 1 && born.getUTCDate() === day;
  if (!exists || year < 1900 || born.getTime() > Date.now()) return t('ticketForm.error.id.birth');
  return isResidentId(value) ? t('ticketForm.error.invalid') : t('ticketForm.error.id.check');
}

function formatMessage(t: Translate, format: string, value: string): string {
  switch (format) {
    case 'bank-card':
      return cardMessage(t, value);
    case 'cn-resident-id':
      return idMessage(t, value);
    case 'cn-mobile':
      return t('ticketForm.error.mobile');
    case 'cn-landline':
      return t('ticketForm.error.landline');
    case 'date':
      return t('ticketForm.error.date');
    case 'email':
      return t('ticketForm.error.email');
    case 'currency-code':
      return t('ticketForm.error.currency');
    default:
      return t('ticketForm.error.invalid');
  }
}

/** The message of `issue` on `field`, whose current (normalized) text is `value`. */
export function issueMessage(t: Translate, field: Pick<FieldSpec, 'kind' | 'options' | 'widget' | 'pointer'>, issue: SchemaIssue, value: string, currency = 'CNY'): string {
  const limit = issue.limit ?? 0;
  if (field.kind === 'money') {
    if (issue.pointer.endsWith('/currency')) return t('ticketForm.error.currency');
    if (issue.code === 'required') return t('ticketForm.error.required');
    if (issue.code === 'minimum' || issue.code === 'maximum' || issue.code === 'exclusiveMinimum' || issue.code === 'exclusiveMaximum') return t('ticketForm.error.amountRange');
    return t('ticketForm.error.amount', { digits: minorDigits(currency) });
  }
  if (issue.code.startsWith('format:')) return formatMessage(t, issue.code.slice('format:'.length), value);
  switch (issue.code) {
    case 'required':
      return field.options === undefined ? t('ticketForm.error.required') : t('ticketForm.error.choose');
    case 'minLength':
      return limit <= 1 ? t('ticketForm.error.required') : t('ticketForm.error.tooShort', { limit });
    case 'maxLength':
      return t('ticketForm.error.tooLong', { limit, count: codePointLength(value) });
    case 'pattern':
      return t('ticketForm.error.pattern');
    case 'enum':
      return t('ticketForm.error.choose');
    case 'const':
      return t('ticketForm.error.const');
    case 'type':
      return field.kind === 'integer' ? t('ticketForm.error.integer') : field.kind === 'number' ? t('ticketForm.error.number') : t('ticketForm.error.invalid');
    case 'minimum':
    case 'exclusiveMinimum':
      return t('ticketForm.error.min', { limit });
    case 'maximum':
    case 'exclusiveMaximum':
      return t('ticketForm.error.max', { limit });
    case 'anyOf': {
      const formats = issue.formats ?? [];
      if (formats.includes('cn-mobile') && formats.includes('cn-landline')) return t('ticketForm.error.phone');
      const only = formats[0];
      return formats.length === 1 && only !== undefined ? formatMessage(t, only, value) : t('ticketForm.error.invalid');
    }
    default:
      // The institution's own codes on a refused ticket (sealed-invalid, hint-mismatch …).
      return t('ticketForm.error.invalid');
  }
}
