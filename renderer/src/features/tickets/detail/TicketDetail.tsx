import { useEffect, useMemo, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { useLanguage, useStores, useT } from '../../../state/context.tsx';
import { errorMessage } from '../../../i18n/labels.ts';
import { StateBadge } from '../list/TicketList.tsx';
import { typeName } from '../list/ticket-rows.ts';
import { ProcessingPanel } from '../processing/ProcessingPanel.tsx';
import { useTickets, useTicketsContext } from '../tickets-context.tsx';
import { reconnectedFrom } from '../../../state/reconnected.ts';
import { createTicketDetailStore } from './ticket-detail-store.ts';
import { backOnEscape } from './back-on-escape.ts';
import { TicketComments } from './TicketComments.tsx';
import { TicketFacts } from './TicketFacts.tsx';
import { TicketFields } from './TicketFields.tsx';
import { operatorNames, TicketHistory } from './TicketHistory.tsx';

/**
 * One ticket of the institution's: its fields (sensitive ones masked; staff with
 * tickets.reveal may reveal one with a reason), processing for staff with tickets.process,
 * its record and comments. Follows pushed changes live. Leaving it (back, another ticket,
 * another area) unmounts it — with it any revealed value.
 */
export function TicketDetail({ ticketId }: { ticketId: string }) {
  const t = useT();
  const { desk } = useStores();
  const language = useLanguage((s) => s.language);
  const { canProcess, canReveal } = useTicketsContext();
  const types = useTickets((s) => s.types);
  const show = useTickets((s) => s.show);
  const [store] = useState(() => createTicketDetailStore(desk.tickets, ticketId, { canProcess, onReconnected: reconnectedFrom(desk.connection.onChanged) }));
  useEffect(() => {
    store.getState().start();
    return () => store.getState().stop();
  }, [store]);
  const state = useStore(store);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);

  const ticket = state.ticket;
  const names = useMemo(() => operatorNames(state.history?.entries ?? [], state.assignees ?? []), [state.history, state.assignees]);
  const name = ticket === null ? '' : state.type?.name[language] ?? typeName(types, ticket.typeId, language);
  return (
    <article className="ticket-detail" data-testid="ticket-detail" data-ticket-id={ticketId} aria-labelledby="ticket-detail-heading" onKeyDown={(e) => backOnEscape(e, () => show({ kind: 'list' }))}>
      <div className="ticket-detail__head">
        <button type="button" className="button button--small" data-testid="ticket-back" onClick={() => show({ kind: 'list' })}>
          {t('tickets.back')}
        </button>
        <h3 id="ticket-detail-heading" ref={headingRef} tabIndex={-1} className="ticket-detail__title">
          {ticket === null ? t('tickets.detail.loading') : name}
          <span className="ticket-detail__id mono" data-testid="ticket-detail-id">{ticketId}</span>
        </h3>
        {ticket !== null && <StateBadge state={ticket.status} />}
        {ticket?.complaint?.overdue === true && <span className="ticket-overdue">{t('tickets.overdue')}</span>}
      </div>
      {state.error !== null && (
        <div className="alert alert--error" role="alert" data-testid="ticket-detail-error">
          <span>{errorMessage(t, { code: state.error })}</span>{' '}
          <button type="button" className="button button--small" onClick={() => void state.reload()}>{t('tickets.retry')}</button>
        </div>
      )}
      {ticket !== null && (
        <div className="ticket-detail__body">
          <div className="ticket-detail__main">
            <TicketFields ticket={ticket} type={state.type} reveal={canReveal ? state.reveal : null} />
            <TicketComments comments={state.comments} busy={state.busy} comment={state.comment} />
          </div>
          <div className="ticket-detail__side">
            {canProcess && (
              <ProcessingPanel
                ticket={ticket}
                assignees={{ list: state.assignees, error: state.assigneesError }}
                actions={{ busy: state.busy, transition: state.transition, assign: state.assign, extend: state.extend }}
              />
            )}
            <TicketFacts ticket={ticket} names={names} />
            <TicketHistory ticket={ticket} type={state.type} history={state.history} error={state.historyError} />
          </div>
        </div>
      )}
    </article>
  );
}
