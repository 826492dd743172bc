import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { DeskErrorCode } from '../../../../../electron/contract/errors.ts';
import { errorMessage } from '../../../i18n/labels.ts';
import { useLanguage, useSession, useT } from '../../../state/context.tsx';
import { currentOperator } from '../../../state/session-store.ts';
import type { ActionOutcome } from '../detail/ticket-detail-store.ts';
import type { Ticket, TicketAssignee } from '../tickets-bridge.ts';
import { focusIfLost } from '../../../ui/focus-if-lost.ts';
import { ExtendForm } from './ExtendForm.tsx';
import { processingError, type ProcessingKind } from './processing-errors.ts';
import { ACTION_TARGET, statusActionsFor, type StatusAction } from './status-actions.ts';

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
export function ProcessingPanel({ ticket, assignees, actions }: { ticket: Ticket; assignees: { list: TicketAssignee[] | null; error: DeskErrorCode | null }; actions: Actions }) {
  const t = useT();
  const me = useSession((s) => currentOperator(s)?.id ?? '');
  const assigneeId = useId();
  const [assignee, setAssignee] = useState('');
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  // Where the focus goes when an action took it (its button was disabled while busy, or is gone with the old status).
  const headingRef = useRef<HTMLHeadingElement>(null);
  const done = (next: { kind: 'ok' | 'error'; text: string }) => {
    setMessage(next);
    focusIfLost(headingRef.current);
  };
  const about = ticket.complaint?.aboutOperatorId ?? null;
  // A message is worded when the action ends; in another language it would be the old one's: it goes.
  const language = useLanguage((s) => s.language);
  useEffect(() => setMessage(null), [language]);

  if (about !== null && about === me) {
    return (
      <section className="ticket-processing" aria-labelledby="ticket-processing-heading" data-testid="ticket-processing">
        <h4 id="ticket-processing-heading" className="ticket-section-title">{t('tickets.process.heading')}</h4>
        <p className="alert alert--error" role="alert" data-testid="ticket-recused">{t('tickets.recusal.self')}</p>
      </section>
    );
  }

  const report = (kind: ProcessingKind, outcome: ActionOutcome, doneKey: 'tickets.process.done.status' | 'tickets.process.done.assign' | 'tickets.process.done.extend') => {
    done(outcome.ok ? { kind: 'ok', text: t(doneKey) } : { kind: 'error', text: processingError(t, kind, outcome.error) });
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
    if (assignee === '') {
      setMessage({ kind: 'error', text: t('tickets.process.assigneeRequired') });
      return;
    }
    void assignTo(assignee);
  };
  const list = assignees.list;
  // "Assign to me" only when the institution lists me (it leaves out whoever may not handle it).
  const meEligible = list === null || list.some((a) => a.operatorId === me);

  return (
    <section className="ticket-processing" aria-labelledby="ticket-processing-heading" data-testid="ticket-processing">
      <h4 id="ticket-processing-heading" ref={headingRef} tabIndex={-1} className="ticket-section-title">{t('tickets.process.heading')}</h4>
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
        <select
          id={assigneeId}
          className="field__input ticket-processing__input ticket-processing__input--wide"
          data-testid="ticket-assignee"
          value={assignee}
          disabled={list === null || list.length === 0}
          aria-describedby={list === null || list.length === 0 || assignees.error !== null ? `${assigneeId}-note` : undefined}
          onChange={(e) => setAssignee(e.target.value)}
        >
          <option value="">{t('tickets.process.choose')}</option>
          {(list ?? []).map((a) => (
            <option key={a.operatorId} value={a.operatorId}>
              {t('tickets.process.assigneeOption', { name: a.displayName, id: a.operatorId })}
            </option>
          ))}
        </select>
        <button type="submit" className="button button--small" data-testid="ticket-assign-submit" disabled={actions.busy || list === null || list.length === 0}>
          {t('tickets.process.assignSubmit')}
        </button>
        {(assignees.error !== null || list === null || list.length === 0) && (
          <span id={`${assigneeId}-note`} className={assignees.error === null ? 'ticket-muted' : 'ticket-problem'} data-testid="ticket-assignees-note">
            {assignees.error !== null
              ? t('tickets.process.assigneesFailed', { reason: errorMessage(t, { code: assignees.error }) })
              : t(list === null ? 'tickets.process.assigneesLoading' : 'tickets.process.assigneesNone')}
          </span>
        )}
        {ticket.assignee !== me && meEligible && (
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
      {ticket.complaint !== null && <ExtendForm complaint={ticket.complaint} me={me} approvers={assignees.list} busy={actions.busy} extend={actions.extend} onMessage={done} />}
      {message !== null && (
        <p className={message.kind === 'ok' ? 'ticket-notice' : 'alert alert--error'} role={message.kind === 'ok' ? 'status' : 'alert'} data-testid="ticket-processing-message">
          {message.text}
        </p>
      )}
    </section>
  );
}
