import { useT } from '../../state/context.tsx';
import type { TicketCall } from './call-context.ts';
import { TicketForm } from './form/TicketForm.tsx';
import { useTickets } from './tickets-context.tsx';

/**
 * A new ticket: the form (features/tickets/form, schema-driven) with the call that was up
 * when the agent asked for it. Filing puts it in the outbox (it is safe from then on) and
 * opens the list, where it shows as queued until the institution has it.
 */
export function NewTicketView({ call }: { call: TicketCall | null }) {
  const t = useT();
  const show = useTickets((s) => s.show);
  const refresh = useTickets((s) => s.refresh);
  return (
    <section className="ticket-new" aria-label={t('tickets.new')} data-testid="ticket-new-view">
      {call !== null && (
        <p className="ticket-notice" data-testid="ticket-new-call">
          {t('tickets.new.withCall', { caller: call.callerMasked ?? call.callId })}
        </p>
      )}
      <TicketForm
        {...(call === null ? {} : { call })}
        onDone={(localId: string) => {
          show({ kind: 'list' }, `local:${localId}`);
          void refresh();
        }}
        onCancel={() => show({ kind: 'list' })}
      />
    </section>
  );
}
