import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { TICKET_SEARCH_MAX } from '../../../../../electron/contract/ticket-limits.ts';
import { useLanguage, useT } from '../../../state/context.tsx';
import { useTickets } from '../tickets-context.tsx';
import type { Ticket } from '../tickets-bridge.ts';

const STATUSES: readonly Ticket['status'][] = ['new', 'in_progress', 'resolved', 'closed'];
/** Typing pauses this long before the search runs (Enter runs it at once). */
const SEARCH_DEBOUNCE_MS = 350;

/**
 * The list's filter: a status and a ticket type, each a native select (arrow keys and
 * type-ahead work as everywhere). A change reads the list again from its first page.
 * The types are those the desk knows: every type for filers, the types seen so far for staff
 * who only process. The search box narrows the list at the institution (GET /tickets?q=):
 * after a short pause in typing or on Enter; Escape clears it.
 */
export function TicketFilterBar() {
  const t = useT();
  const language = useLanguage((s) => s.language);
  const filter = useTickets((s) => s.filter);
  const types = useTickets((s) => s.types);
  const setFilter = useTickets((s) => s.setFilter);
  const statusId = useId();
  const typeId = useId();
  const searchId = useId();
  const searchHelpId = useId();
  const [text, setText] = useState(filter.q ?? '');
  // The timer's callback must see the filter as it is then (a status may have changed meanwhile).
  const current = useRef(filter);
  current.current = filter;
  const search = (value: string) => {
    const q = value.trim() === '' ? undefined : value.trim();
    if (q !== current.current.q) setFilter({ ...current.current, q });
  };
  useEffect(() => {
    const timer = setTimeout(() => search(text), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
    // Only typing restarts the pause; search reads the latest filter through the ref.
  }, [text]);
  const onSearchKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      search(text);
    } else if (e.key === 'Escape' && (text !== '' || filter.q !== undefined)) {
      // Handled here: the Escape does not also close what the list sits in.
      e.preventDefault();
      e.stopPropagation();
      setText('');
      search('');
    }
  };
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
      <label htmlFor={searchId} className="ticket-processing__label">{t('tickets.search.label')}</label>
      <input
        id={searchId}
        type="search"
        className="field__input ticket-filter__search"
        data-testid="ticket-search"
        value={text}
        maxLength={TICKET_SEARCH_MAX}
        aria-describedby={searchHelpId}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onSearchKey}
      />
      <span id={searchHelpId} className="ticket-muted ticket-filter__help" data-testid="ticket-search-help">{t('tickets.search.help')}</span>
    </div>
  );
}
