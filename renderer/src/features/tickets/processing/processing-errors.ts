import type { DeskError } from '../../../../../electron/contract/errors.ts';
import { errorMessage } from '../../../i18n/labels.ts';
import type { Translate } from '../../../i18n/translate.ts';

export type ProcessingKind = 'status' | 'assign' | 'extend' | 'comment';

/**
 * A refusal in words a processor can act on. The institution answers a conflict for a
 * status change that is no longer allowed, an assignee who may not process the ticket
 * (recusal included) or an extension it refuses; forbidden when the operator may not
 * handle the ticket at all (recusal: the complaint is about them).
 */
export function processingError(t: Translate, kind: ProcessingKind, error: DeskError): string {
  // Lost a race (compare-and-set): says so for every kind; the refusals below would mislead.
  if (error.code === 'ticket_changed') return t('error.ticket_changed');
  if (error.code === 'ticket_conflict') return t(`tickets.conflict.${kind}`);
  if (error.code === 'permission_denied') return t('tickets.forbidden');
  return errorMessage(t, error);
}
