import { useT } from '../../state/context.tsx';
import type { TicketCall } from './call-context.ts';
import type { TicketsView } from './list/ticket-list-store.ts';
import { TicketForm } from './form/TicketForm.tsx';
import { useTickets } from './tickets-context.tsx';

/**
 * A new ticket: the form (features/tickets/form, schema-driven) with the call that was up
 * when the agent asked for it. Filing puts it in the outbox (it is safe from then on) and
 * opens the list, where it shows as queued until the institution has it. A refill (重新填写)
 * opens the draft core made of an undeliverable ticket, with every problem shown; filing it
 * removes the undeliverable one, closing it leaves both (the draft stays).
 */
export function NewTicketView({ call, refill }: { call: TicketCall | null; refill?: Extract<TicketsView, { kind: 'new' }>['refill'] }) {
  const t = useT();
  const show = useTickets((s) => s.show);
  const refresh = useTickets((s) => s.refresh);
  return (
    <section className="ticket-new" aria-label={t('tickets.new')} data-testid="ticket-new-view">
      {refill !== undefined && (
        <p className="ticket-notice" role="note" data-testid="ticket-refill-notice">
          {t('tickets.refill.notice')}
        </p>
      )}
      {call !== null && (
        <p className="ticket-notice" data-testid="ticket-new-call">
          {t('tickets.new.withCall', { caller: call.callerMasked ?? call.callId })}
        </p>
      )}
      <TicketForm
        {...(call === null ? {} : { call })}
        {...(refill === undefined ? {} : { draftId: refill.draftId, refill: true })}
        onDone={(localId: string) => {
          show({ kind: 'list' }, `local:${localId}`);
          void refresh();
        }}
        onCancel={() => show({ kind: 'list' }, refill === undefined ? undefined : `local:${refill.localId}`)}
      />
    </section>
  );
}
