import { useMemo } from 'react';
import type { DeskErrorCode } from '../../../../../electron/contract/errors.ts';
import { errorMessage } from '../../../i18n/labels.ts';
import type { Language, Translate } from '../../../i18n/translate.ts';
import { useLanguage, useT } from '../../../state/context.tsx';
import { formatTime } from '../list/ticket-rows.ts';
import type { Ticket, TicketAssignee, TicketHistoryEntry, TicketTypeVersion } from '../tickets-bridge.ts';
import { ticketFieldRows } from './ticket-fields.ts';

/** Display names the institution told the detail (history entries, the assignee list), by operator id. */
export function operatorNames(entries: readonly TicketHistoryEntry[], assignees: readonly TicketAssignee[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const e of entries) {
    if (e.operatorName !== undefined) names.set(e.operatorId, e.operatorName);
    if (typeof e.assignee === 'string' && e.assigneeName !== undefined) names.set(e.assignee, e.assigneeName);
  }
  for (const a of assignees) names.set(a.operatorId, a.displayName);
  return names;
}

/** "张伟（S2001）" when the institution still knows the name, else the id. */
function who(t: Translate, id: string, name: string | undefined): string {
  return name === undefined ? id : t('tickets.timeline.who', { name, id });
}

/** One entry in words: what happened, by whom; the note or reason on a line of its own. */
export function historyLine(t: Translate, entry: TicketHistoryEntry, fieldLabel: (pointer: string) => string): { text: string; detail: string | null } {
  const by = who(t, entry.operatorId, entry.operatorName);
  switch (entry.kind) {
    case 'created':
      return { text: t('tickets.timeline.created', { who: by }), detail: null };
    case 'status':
      return {
        text: t('tickets.timeline.status', { who: by, from: entry.from === undefined ? '?' : t(`tickets.state.${entry.from}`), to: entry.to === undefined ? '?' : t(`tickets.state.${entry.to}`) }),
        detail: entry.note === undefined ? null : t('tickets.timeline.note', { note: entry.note }),
      };
    case 'assigned':
      return typeof entry.assignee === 'string'
        ? { text: t('tickets.timeline.assigned', { who: by, assignee: who(t, entry.assignee, entry.assigneeName) }), detail: null }
        : { text: t('tickets.timeline.unassigned', { who: by }), detail: null };
    case 'extended':
      return { text: t('tickets.timeline.extended', { who: by, n: String(entry.extension ?? '?') }), detail: entry.reason === undefined ? null : t('tickets.timeline.reason', { reason: entry.reason }) };
    case 'revealed':
    case 'reveal-refused':
      return {
        text: t(entry.kind === 'revealed' ? 'tickets.timeline.revealed' : 'tickets.timeline.revealRefused', { who: by, field: entry.pointer === undefined ? '?' : fieldLabel(entry.pointer) }),
        detail: entry.reason === undefined ? null : t('tickets.timeline.reason', { reason: entry.reason }),
      };
    default:
      return { text: t('tickets.timeline.other', { who: by }), detail: null };
  }
}

/** Field titles by pointer in the user's language (the type version the ticket was filed under); the pointer itself when unknown. */
function useFieldLabels(ticket: Ticket, type: TicketTypeVersion | null, language: Language): (pointer: string) => string {
  return useMemo(() => {
    const rows = type === null ? [] : ticketFieldRows(type.schema, type.uiSchema, ticket.data, language);
    const labels = new Map(rows.map((r) => [r.pointer, r.label]));
    return (pointer: string) => labels.get(pointer) ?? pointer;
  }, [ticket.data, type, language]);
}

/**
 * The ticket's history (处理记录) as the institution tells it: filed, status changes with
 * their notes, assignments, extensions and — for staff — reveals with their reasons. Oldest
 * first, each with its time in the user's locale. A list, so screen readers count entries.
 */
export function TicketHistory({ ticket, type, history, error }: { ticket: Ticket; type: TicketTypeVersion | null; history: { entries: TicketHistoryEntry[]; truncated: boolean } | null; error: DeskErrorCode | null }) {
  const t = useT();
  const language = useLanguage((s) => s.language);
  const fieldLabel = useFieldLabels(ticket, type, language);
  return (
    <section className="ticket-timeline" aria-labelledby="ticket-timeline-heading" data-testid="ticket-history">
      <h4 id="ticket-timeline-heading" className="ticket-section-title">{t('tickets.timeline.heading')}</h4>
      {error !== null && (
        <p className="alert alert--error" role="alert" data-testid="ticket-history-error">
          {t('tickets.timeline.loadFailed', { reason: errorMessage(t, { code: error }) })}
        </p>
      )}
      {history !== null && history.entries.length === 0 && <p className="ticket-muted">{t('tickets.timeline.empty')}</p>}
      {history !== null && history.truncated && <p className="ticket-muted">{t('tickets.timeline.truncated')}</p>}
      {history !== null && history.entries.length > 0 && (
        <ol className="ticket-timeline__list">
          {history.entries.map((entry) => {
            const line = historyLine(t, entry, fieldLabel);
            return (
              <li key={entry.n} className={`ticket-timeline__item ticket-timeline__item--${entry.kind}`} data-testid="ticket-history-entry" data-kind={entry.kind}>
                <time className="ticket-timeline__time" dateTime={entry.at}>
                  {formatTime(entry.at, language)}
                </time>
                <span className="ticket-timeline__text">{line.text}</span>
                {line.detail !== null && <span className="ticket-timeline__detail">{line.detail}</span>}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
