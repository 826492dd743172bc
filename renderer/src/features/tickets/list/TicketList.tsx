import { useEffect, useMemo, useRef } from 'react';
import { TicketFilterBar } from './TicketFilterBar.tsx';
import { useLanguage, useT } from '../../../state/context.tsx';
import { errorMessage } from '../../../i18n/labels.ts';
import { useTickets, useTicketsContext } from '../tickets-context.tsx';
import { formatDate, formatTime, shortTicketId, ticketRows, type RowState, type TicketRow } from './ticket-rows.ts';

/** A state as a badge: the word always, the colour only as a help. */
export function StateBadge({ state }: { state: RowState }) {
  const t = useT();
  return (
    <span className={`ticket-state ticket-state--${state}`} data-testid="ticket-state" data-state={state}>
      {t(`tickets.state.${state}`)}
    </span>
  );
}

export function DueBadge({ due }: { due: NonNullable<TicketRow['due']> }) {
  const t = useT();
  const language = useLanguage((s) => s.language);
  return (
    <span className="ticket-due" data-testid="ticket-due" data-overdue={due.overdue}>
      {t('tickets.due', { date: formatDate(due.at, language) })}
      {due.overdue && <span className="ticket-overdue" data-testid="ticket-overdue">{t('tickets.overdue')}</span>}
    </span>
  );
}

/**
 * The operator's tickets: those still on this workstation (queued, undeliverable) first,
 * then the institution's with their status, complaint due date and overdue mark. A pushed
 * change marks its row (有更新) until opened. Each row is a button: Tab moves through them,
 * Enter opens.
 */
export function TicketList() {
  const t = useT();
  const language = useLanguage((s) => s.language);
  const { canProcess, store } = useTicketsContext();
  const local = useTickets((s) => s.local);
  const tickets = useTickets((s) => s.tickets);
  const types = useTickets((s) => s.types);
  const loaded = useTickets((s) => s.loaded);
  const error = useTickets((s) => s.error);
  const unreachable = useTickets((s) => s.institutionUnreachable);
  const changed = useTickets((s) => s.changed);
  const show = useTickets((s) => s.show);
  const refresh = useTickets((s) => s.refresh);
  const filter = useTickets((s) => s.filter);
  const nextCursor = useTickets((s) => s.nextCursor);
  const loadingMore = useTickets((s) => s.loadingMore);
  const loadMore = useTickets((s) => s.loadMore);
  // This workstation's own tickets have no institution status yet: a status filter leaves them out, a type filter keeps their type;
  // a search is the institution's, so they are not part of its answer either.
  const shownLocal = useMemo(
    () => (filter.status !== undefined || filter.q !== undefined ? [] : local.filter((l) => filter.type === undefined || l.typeId === filter.type)),
    [local, filter],
  );
  const filtered = filter.status !== undefined || filter.type !== undefined;
  const rows = useMemo(() => ticketRows(shownLocal, tickets, types, language), [shownLocal, tickets, types, language]);
  const focusRow = useTickets((s) => s.focusRow);
  const listRef = useRef<HTMLUListElement>(null);
  useEffect(() => {
    if (focusRow === null) return;
    const row = [...(listRef.current?.querySelectorAll<HTMLButtonElement>('[data-row-key]') ?? [])].find((b) => b.dataset['rowKey'] === focusRow);
    if (row === undefined) return;
    row.focus();
    // Once: a later live refresh must not pull the focus back here.
    store.setState({ focusRow: null });
  }, [focusRow, rows, store]);

  return (
    <section className="ticket-list" aria-labelledby="ticket-list-heading" data-testid="ticket-list">
      <h3 id="ticket-list-heading" className="ticket-section-title">
        {t(canProcess ? 'tickets.list.all' : 'tickets.list.mine')}
      </h3>
      <TicketFilterBar />
      {unreachable && (
        <p className="alert alert--warning" role="status" data-testid="tickets-unreachable">
          {t('tickets.unreachable')}
        </p>
      )}
      {error !== null && (
        <div className="alert alert--error" role="alert" data-testid="tickets-error">
          <span>{t('tickets.loadFailed', { reason: errorMessage(t, { code: error }) })}</span>{' '}
          <button type="button" className="button button--small" onClick={() => void refresh()}>
            {t('tickets.retry')}
          </button>
        </div>
      )}
      {!loaded && <p className="ticket-muted">{t('tickets.loading')}</p>}
      {loaded && rows.length === 0 && error === null && (
        <p className="ticket-muted" data-testid="tickets-empty">
          {t(filter.q !== undefined ? 'tickets.emptySearch' : filtered ? 'tickets.emptyFiltered' : canProcess ? 'tickets.emptyAll' : 'tickets.empty')}
        </p>
      )}
      {rows.length > 0 && (
        <ul ref={listRef} className="ticket-rows">
          {rows.map((row) => (
            <li key={row.key}>
              <button
                type="button"
                className={`ticket-row${row.ticketId !== null && changed.has(row.ticketId) ? ' ticket-row--changed' : ''}`}
                data-testid="ticket-row"
                data-row-key={row.key}
                data-ticket-id={row.ticketId ?? undefined}
                data-state={row.state}
                onClick={() => show(row.open)}
              >
                <span className="ticket-row__main">
                  <span className="ticket-row__type">{row.typeName}</span>
                  <span className="ticket-row__meta">
                    <span className="mono">{row.ticketId === null ? t('tickets.localShort') : shortTicketId(row.ticketId)}</span>
                    {' · '}
                    {formatTime(row.createdAt, language)}
                    {canProcess && row.ticketId !== null && (
                      <>
                        {' · '}
                        <span data-testid="ticket-row-handler">
                          {row.assignee === null ? t('tickets.unassigned') : t('tickets.assignedTo', { who: row.assigneeName === null ? row.assignee : t('tickets.timeline.who', { name: row.assigneeName, id: row.assignee }) })}
                        </span>
                      </>
                    )}
                  </span>
                </span>
                <span className="ticket-row__badges">
                  {row.ticketId !== null && changed.has(row.ticketId) && <span className="ticket-changed" data-testid="ticket-changed">{t('tickets.changed')}</span>}
                  {row.due !== null && <DueBadge due={row.due} />}
                  <StateBadge state={row.state} />
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {loaded && tickets !== null && tickets.length > 0 && (
        <div className="ticket-list__more">
          <span className="ticket-muted" data-testid="tickets-shown">{t('tickets.shownCount', { count: tickets.length })}</span>
          {nextCursor !== null ? (
            <button type="button" className="button button--small" data-testid="tickets-load-more" disabled={loadingMore} aria-busy={loadingMore} onClick={() => void loadMore()}>
              {t(loadingMore ? 'tickets.loadingMore' : 'tickets.loadMore')}
            </button>
          ) : (
            <span className="ticket-muted" data-testid="tickets-end">{t('tickets.listEnd')}</span>
          )}
        </div>
      )}
    </section>
  );
}
