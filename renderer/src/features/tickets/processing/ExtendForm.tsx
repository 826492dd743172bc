import { useId, useState, type FormEvent } from 'react';
import type { ComplaintClock } from '../../../../../institution/contract/ticket-api.ts';
import { useT } from '../../../state/context.tsx';
import type { ActionOutcome } from '../detail/ticket-detail-store.ts';
import type { TicketAssignee } from '../tickets-bridge.ts';
import { processingError } from './processing-errors.ts';
import { OPERATOR_ID } from './status-actions.ts';

/**
 * A complaint's extension (投诉延期): the first moves the answer to 30 days after filing; the
 * second adds 30 more and needs another processor's approval, named here (not oneself, not
 * the person the complaint is about — the institution checks that they may process it);
 * there is no third. The approver is chosen from the institution's eligible processors
 * (tickets.assignees, which already leaves out the complaint's subject) minus oneself; while
 * that list is unknown (unread or unreadable) an operator id is typed instead.
 */
export function ExtendForm({ complaint, me, approvers, busy, extend, onMessage }: {
  complaint: ComplaintClock;
  me: string;
  /** Who may approve (eligible processors); null: not known, type an id. */
  approvers: readonly TicketAssignee[] | null;
  busy: boolean;
  extend: (reason: string, approvedBy?: string) => Promise<ActionOutcome>;
  onMessage: (message: { kind: 'ok' | 'error'; text: string }) => void;
}) {
  const t = useT();
  const reasonId = useId();
  const approverId = useId();
  const [reason, setReason] = useState('');
  const [approver, setApprover] = useState('');
  const second = complaint.extensions === 1;

  if (complaint.extensions >= 2) {
    return <p className="ticket-muted" data-testid="ticket-extend-none">{t('tickets.extend.none')}</p>;
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const why = reason.trim();
    const by = approver.trim();
    if (why === '') return onMessage({ kind: 'error', text: t('tickets.extend.reasonRequired') });
    if (second) {
      if (!OPERATOR_ID.test(by)) return onMessage({ kind: 'error', text: t('tickets.extend.approverRequired') });
      if (by === me) return onMessage({ kind: 'error', text: t('tickets.extend.approverSelf') });
      if (by === complaint.aboutOperatorId) return onMessage({ kind: 'error', text: t('tickets.extend.approverRecused') });
    }
    const outcome = await extend(why, second ? by : undefined);
    if (outcome.ok) {
      setReason('');
      setApprover('');
      onMessage({ kind: 'ok', text: t('tickets.process.done.extend') });
    } else onMessage({ kind: 'error', text: processingError(t, 'extend', outcome.error) });
  };

  return (
    <form className="ticket-processing__group ticket-extend" onSubmit={(e) => void submit(e)} aria-label={t('tickets.extend.heading')} data-testid="ticket-extend">
      <span className="ticket-processing__label">{t('tickets.extend.heading')}</span>
      <span className="ticket-muted">{t(second ? 'tickets.extend.second' : 'tickets.extend.first')}</span>
      <label htmlFor={reasonId} className="ticket-processing__label">{t('tickets.extend.reason')}</label>
      <input id={reasonId} className="field__input ticket-processing__input ticket-processing__input--wide" data-testid="ticket-extend-reason" value={reason} maxLength={1000} onChange={(e) => setReason(e.target.value)} />
      {second && (
        <>
          <label htmlFor={approverId} className="ticket-processing__label">{t('tickets.extend.approver')}</label>
          {approvers === null ? (
            <input id={approverId} className="field__input ticket-processing__input" data-testid="ticket-extend-approver" value={approver} maxLength={32} onChange={(e) => setApprover(e.target.value)} />
          ) : (
            <select id={approverId} className="field__input ticket-processing__input" data-testid="ticket-extend-approver" value={approver} onChange={(e) => setApprover(e.target.value)}>
              <option value="">{t('tickets.process.choose')}</option>
              {approvers
                .filter((a) => a.operatorId !== me && a.operatorId !== complaint.aboutOperatorId)
                .map((a) => (
                  <option key={a.operatorId} value={a.operatorId}>
                    {t('tickets.process.assigneeOption', { name: a.displayName, id: a.operatorId })}
                  </option>
                ))}
            </select>
          )}
        </>
      )}
      <button type="submit" className="button button--small" data-testid="ticket-extend-submit" disabled={busy}>{t('tickets.extend.submit')}</button>
    </form>
  );
}
