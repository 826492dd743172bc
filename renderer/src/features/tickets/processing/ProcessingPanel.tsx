import { useId, useState, type FormEvent } from 'react';
import { useSession, useT } from '../../../state/context.tsx';
import { currentOperator } from '../../../state/session-store.ts';
import type { ActionOutcome } from '../detail/ticket-detail-store.ts';
import type { Ticket } from '../tickets-bridge.ts';
import { ExtendForm } from './ExtendForm.tsx';
import { processingError, type ProcessingKind } from './processing-errors.ts';
import { ACTION_TARGET, OPERATOR_ID, statusActionsFor, type StatusAction } from './status-actions.ts';

interface Actions {
  busy: boolean;
  transition(to: Ticket['status']): Promise<ActionOutcome>;
  assign(assignee: string | null): Promise<ActionOutcome>;
  extend(reason: string, approvedBy?: string): Promise<ActionOutcome>;
}

/**
 * What staff with tickets.process do to a ticket: change its status along the institution's
 * table, assign it (to themselves, someone else, or nobody), extend a complaint's clock.
 * Recusal is said before anything is tried: the person a complaint is about cannot handle it,
 * be assigned it, or approve its extension; the institution enforces it either way and its
 * refusal is explained the same way.
 */
export function ProcessingPanel({ ticket, actions }: { ticket: Ticket; actions: Actions }) {
  const t = useT();
  const me = useSession((s) => currentOperator(s)?.id ?? '');
  const assigneeId = useId();
  const [assignee, setAssignee] = useState('');
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const about = ticket.complaint?.aboutOperatorId ?? null;

  if (about !== null && about === me) {
    return (
      <section className="ticket-processing" aria-labelledby="ticket-processing-heading" data-testid="ticket-processing">
        <h4 id="ticket-processing-heading" className="ticket-section-title">{t('tickets.process.heading')}</h4>
        <p className="alert alert--error" role="alert" data-testid="ticket-recused">{t('tickets.recusal.self')}</p>
      </section>
    );
  }

  const report = (kind: ProcessingKind, outcome: ActionOutcome, done: 'tickets.process.done.status' | 'tickets.process.done.assign' | 'tickets.process.done.extend') => {
    setMessage(outcome.ok ? { kind: 'ok', text: t(done) } : { kind: 'error', text: processingError(t, kind, outcome.error) });
    return outcome.ok;
  };
  const onStatus = async (action: StatusAction) => report('status', await actions.transition(ACTION_TARGET[action]), 'tickets.process.done.status');
  const assignTo = async (id: string | null) => {
    if (id !== null && about !== null && id === about) {
      setMessage({ kind: 'error', text: t('tickets.recusal.assignee', { id }) });
      return;
    }
    if (report('assign', await actions.assign(id), 'tickets.process.done.assign')) setAssignee('');
  };
  const onAssign = (event: FormEvent) => {
    event.preventDefault();
    const id = assignee.trim();
    if (!OPERATOR_ID.test(id)) {
      setMessage({ kind: 'error', text: t('tickets.process.assigneeInvalid') });
      return;
    }
    void assignTo(id);
  };

  return (
    <section className="ticket-processing" aria-labelledby="ticket-processing-heading" data-testid="ticket-processing">
      <h4 id="ticket-processing-heading" className="ticket-section-title">{t('tickets.process.heading')}</h4>
      <div className="ticket-processing__group" role="group" aria-label={t('tickets.process.status')}>
        <span className="ticket-processing__label">{t('tickets.process.status')}</span>
        {statusActionsFor(ticket.status).map((action) => (
          <button key={action} type="button" className="button button--small" data-testid={`ticket-action-${action}`} disabled={actions.busy} onClick={() => void onStatus(action)}>
            {t(`tickets.action.${action}`)}
          </button>
        ))}
      </div>
      <form className="ticket-processing__group" onSubmit={onAssign} aria-label={t('tickets.process.assign')}>
        <label htmlFor={assigneeId} className="ticket-processing__label">{t('tickets.process.assignee')}</label>
        <input id={assigneeId} className="field__input ticket-processing__input" data-testid="ticket-assignee" value={assignee} maxLength={32} onChange={(e) => setAssignee(e.target.value)} />
        <button type="submit" className="button button--small" disabled={actions.busy}>{t('tickets.process.assignSubmit')}</button>
        {ticket.assignee !== me && (
          <button type="button" className="button button--small" data-testid="ticket-assign-me" disabled={actions.busy} onClick={() => void assignTo(me)}>
            {t('tickets.process.assignMe')}
          </button>
        )}
        {ticket.assignee !== null && (
          <button type="button" className="button button--small" disabled={actions.busy} onClick={() => void assignTo(null)}>
            {t('tickets.process.unassign')}
          </button>
        )}
      </form>
      {ticket.complaint !== null && <ExtendForm complaint={ticket.complaint} me={me} busy={actions.busy} extend={actions.extend} onMessage={setMessage} />}
      {message !== null && (
        <p className={message.kind === 'ok' ? 'ticket-notice' : 'alert alert--error'} role={message.kind === 'ok' ? 'status' : 'alert'} data-testid="ticket-processing-message">
          {message.text}
        </p>
      )}
    </section>
  );
}
