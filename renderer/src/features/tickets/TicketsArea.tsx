import { useEffect, useRef } from 'react';
import { useT } from '../../state/context.tsx';
import { focusIfLost } from '../../ui/focus-if-lost.ts';
import { LocalTicketView } from './detail/LocalTicketView.tsx';
import { TicketDetail } from './detail/TicketDetail.tsx';
import { TicketList } from './list/TicketList.tsx';
import { NEW_TICKET_ARIA, NEW_TICKET_SHORTCUT } from './new-ticket-shortcut.ts';
import { NewTicketView } from './NewTicketView.tsx';
import { useTickets, useTicketsContext } from './tickets-context.tsx';
import './tickets.css';

/**
 * The tickets area (工单): the list of the operator's tickets (all they may handle, for
 * staff with tickets.process), one ticket, or the form for a new one. "新建工单" and
 * Ctrl+Alt+N open the form with the current call attached.
 */
export function TicketsArea() {
  const t = useT();
  const { canFile, newTicket } = useTicketsContext();
  const view = useTickets((s) => s.view);
  // A new ticket closed without filing (关闭, 放弃草稿, Esc in the picker) took the focus with it:
  // it goes back to 新建工单. A row the list focused (a ticket filed, a refill closed) keeps it —
  // the list's effect runs before this one.
  const newButton = useRef<HTMLButtonElement>(null);
  const wasNew = useRef(false);
  useEffect(() => {
    if (view.kind === 'new') {
      wasNew.current = true;
      return;
    }
    if (!wasNew.current) return;
    wasNew.current = false;
    focusIfLost(newButton.current);
  }, [view]);
  return (
    <section className="tickets-area" aria-labelledby="tickets-heading" data-testid="tickets-area">
      <header className="tickets-area__head">
        <h2 id="tickets-heading" className="tickets-area__title">{t('tickets.heading')}</h2>
        {canFile && view.kind !== 'new' && (
          <button ref={newButton} type="button" className="button button--primary" data-testid="ticket-new" aria-keyshortcuts={NEW_TICKET_ARIA} onClick={newTicket}>
            {t('tickets.new')}
            <kbd className="tickets-area__kbd">{NEW_TICKET_SHORTCUT.label}</kbd>
          </button>
        )}
      </header>
      {view.kind === 'list' && <TicketList />}
      {view.kind === 'detail' && <TicketDetail key={view.ticketId} ticketId={view.ticketId} />}
      {view.kind === 'local' && <LocalTicketView key={view.localId} localId={view.localId} />}
      {view.kind === 'new' && <NewTicketView key={view.opened} call={view.call} {...(view.refill === undefined ? {} : { refill: view.refill })} />}
    </section>
  );
}
