import { useLanguage, useT } from '../../../state/context.tsx';
import { formatDate, formatTime } from '../list/ticket-rows.ts';
import type { Ticket } from '../tickets-bridge.ts';

/**
 * The ticket's summary (工单概况): who filed it when and from which call, when the institution
 * received it, its last change, its handler and the complaint clock — what the ticket itself
 * carries (TicketHistory shows its history). Operators by name where the detail knows it.
 */
export function TicketFacts({ ticket, names = new Map() }: { ticket: Ticket; names?: ReadonlyMap<string, string> }) {
  const t = useT();
  // "张伟（S2001）" where the history, the assignee list or the ticket itself told the name; the id otherwise.
  const who = (id: string) => {
    const name = names.get(id) ?? (id === ticket.assignee ? ticket.assigneeName : undefined);
    return name === undefined ? id : t('tickets.timeline.who', { name, id });
  };
  const language = useLanguage((s) => s.language);
  const complaint = ticket.complaint;
  const call = ticket.call;
  return (
    <section className="ticket-facts" aria-labelledby="ticket-facts-heading" data-testid="ticket-facts">
      <h4 id="ticket-facts-heading" className="ticket-section-title">{t('tickets.history.heading')}</h4>
      <dl className="ticket-fields__list">
        <Fact label={t('tickets.history.filed')} value={t('tickets.byAt', { who: who(ticket.filedBy), when: formatTime(ticket.createdAt, language) })} />
        <Fact label={t('tickets.history.received')} value={formatTime(ticket.receivedAt, language)} />
        <Fact label={t('tickets.history.updated')} value={formatTime(ticket.updatedAt, language)} />
        <Fact label={t('tickets.history.assignee')} value={ticket.assignee === null ? t('tickets.unassigned') : who(ticket.assignee)} testId="ticket-assignee-value" data={ticket.assignee ?? ''} />
        {complaint !== null && (
          <>
            <Fact label={t('tickets.complaint.due')} value={formatDate(complaint.dueAt, language)} testId="ticket-due-value" overdue={complaint.overdue} />
            <Fact label={t('tickets.complaint.extensions')} value={String(complaint.extensions)} />
            {complaint.approvedBy !== null && <Fact label={t('tickets.complaint.approvedBy')} value={complaint.approvedBy} />}
            {complaint.aboutOperatorId !== null && <Fact label={t('tickets.complaint.about')} value={complaint.aboutOperatorId} />}
          </>
        )}
        {call !== null && (
          <>
            <Fact label={t('tickets.call.id')} value={call.callId} mono />
            {call.callerMasked !== undefined && <Fact label={t('tickets.call.caller')} value={call.callerMasked} mono />}
            {call.startedAt !== undefined && <Fact label={t('tickets.call.started')} value={formatTime(call.startedAt, language)} />}
            {call.endedAt !== undefined && <Fact label={t('tickets.call.ended')} value={formatTime(call.endedAt, language)} />}
            {call.mos !== undefined && <Fact label={t('tickets.call.mos')} value={call.mos.toFixed(2)} />}
          </>
        )}
      </dl>
    </section>
  );
}

function Fact({ label, value, testId, data, mono = false, overdue = false }: { label: string; value: string; testId?: string; data?: string; mono?: boolean; overdue?: boolean }) {
  const t = useT();
  return (
    <div className="ticket-fields__row">
      <dt>{label}</dt>
      <dd data-testid={testId} data-value={data}>
        <span className={mono ? 'mono ticket-fields__text' : 'ticket-fields__text'}>{value}</span>
        {overdue && <span className="ticket-overdue">{t('tickets.overdue')}</span>}
      </dd>
    </div>
  );
}
