import { useLanguage, useT } from '../../../state/context.tsx';
import { formatDate, formatTime } from '../list/ticket-rows.ts';
import type { Ticket } from '../tickets-bridge.ts';

/**
 * The ticket's record (处理记录): who filed it when and from which call, when the institution
 * received it, its last change, its handler and the complaint clock. The institution keeps a
 * fuller history (every transition, assignment and reveal) that its API does not serve yet;
 * this shows what the ticket itself carries.
 */
export function TicketFacts({ ticket }: { ticket: Ticket }) {
  const t = useT();
  const language = useLanguage((s) => s.language);
  const complaint = ticket.complaint;
  const call = ticket.call;
  return (
    <section className="ticket-facts" aria-labelledby="ticket-facts-heading" data-testid="ticket-facts">
      <h4 id="ticket-facts-heading" className="ticket-section-title">{t('tickets.history.heading')}</h4>
      <dl className="ticket-fields__list">
        <Fact label={t('tickets.history.filed')} value={t('tickets.byAt', { who: ticket.filedBy, when: formatTime(ticket.createdAt, language) })} />
        <Fact label={t('tickets.history.received')} value={formatTime(ticket.receivedAt, language)} />
        <Fact label={t('tickets.history.updated')} value={formatTime(ticket.updatedAt, language)} />
        <Fact label={t('tickets.history.assignee')} value={ticket.assignee ?? t('tickets.unassigned')} testId="ticket-assignee-value" />
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

function Fact({ label, value, testId, mono = false, overdue = false }: { label: string; value: string; testId?: string; mono?: boolean; overdue?: boolean }) {
  const t = useT();
  return (
    <div className="ticket-fields__row">
      <dt>{label}</dt>
      <dd data-testid={testId}>
        <span className={mono ? 'mono ticket-fields__text' : 'ticket-fields__text'}>{value}</span>
        {overdue && <span className="ticket-overdue">{t('tickets.overdue')}</span>}
      </dd>
    </div>
  );
}
