import { useId, useMemo } from 'react';
import { useLanguage, useT } from '../../../state/context.tsx';
import { useTickets } from '../tickets-context.tsx';
import type { Ticket } from '../tickets-bridge.ts';

const STATUSES: readonly Ticket['status'][] = ['new', 'in_progress', 'resolved', 'closed'];

/**
 * The list's filter: a status and a ticket type, each a native select (arrow keys and
 * type-ahead work as everywhere). A change reads the list again from its first page.
 * The types are those the desk knows: every type for filers, the types seen so far for staff
 * who only process.
 */
export function TicketFilterBar() {
  const t = useT();
  const language = useLanguage((s) => s.language);
  const filter = useTickets((s) => s.filter);
  const types = useTickets((s) => s.types);
  const setFilter = useTickets((s) => s.setFilter);
  const statusId = useId();
  const typeId = useId();
  const typeOptions = useMemo(
    () => [...types.values()].map((v) => ({ id: v.typeId, name: v.name[language] })).sort((a, b) => a.name.localeCompare(b.name, language)),
    [types, language],
  );
  // A type chosen before the names arrived stays selectable.
  const options = filter.type !== undefined && !typeOptions.some((o) => o.id === filter.type) ? [...typeOptions, { id: filter.type, name: filter.type }] : typeOptions;
  return (
    <div className="ticket-filter" role="group" aria-label={t('tickets.filter.label')} data-testid="ticket-filter">
      <label htmlFor={statusId} className="ticket-processing__label">{t('tickets.filter.status')}</label>
      <select
        id={statusId}
        className="field__input ticket-filter__select"
        data-testid="ticket-filter-status"
        value={filter.status ?? ''}
        onChange={(e) => setFilter({ ...filter, status: e.target.value === '' ? undefined : (e.target.value as Ticket['status']) })}
      >
        <option value="">{t('tickets.filter.all')}</option>
        {STATUSES.map((status) => (
          <option key={status} value={status}>{t(`tickets.state.${status}`)}</option>
        ))}
      </select>
      <label htmlFor={typeId} className="ticket-processing__label">{t('tickets.filter.type')}</label>
      <select
        id={typeId}
        className="field__input ticket-filter__select"
        data-testid="ticket-filter-type"
        value={filter.type ?? ''}
        onChange={(e) => setFilter({ ...filter, type: e.target.value === '' ? undefined : e.target.value })}
      >
        <option value="">{t('tickets.filter.all')}</option>
        {options.map((o) => (
          <option key={o.id} value={o.id}>{o.name}</option>
        ))}
      </select>
    </div>
  );
}
