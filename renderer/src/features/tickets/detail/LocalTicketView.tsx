import { useEffect, useRef, useState } from 'react';
import { useLanguage, useStores, useT } from '../../../state/context.tsx';
import { errorMessage } from '../../../i18n/labels.ts';
import { StateBadge } from '../list/TicketList.tsx';
import { formatTime, typeName } from '../list/ticket-rows.ts';
import { useTickets } from '../tickets-context.tsx';
import { backOnEscape } from './back-on-escape.ts';
import { refusedLines } from './refused-fields.ts';

/**
 * A ticket still on this workstation. Queued: safe here, delivered exactly once when the
 * institution can be reached. Undeliverable: the institution refused it for good — the
 * reason and each refused field are shown (by its title, in words: refused-fields.ts), and the agent acknowledges it (it stays in the
 * outbox's dead letters for IT); nothing is dropped silently.
 */
export function LocalTicketView({ localId }: { localId: string }) {
  const t = useT();
  const language = useLanguage((s) => s.language);
  const ticket = useTickets((s) => s.local.find((l) => l.localId === localId) ?? null);
  const types = useTickets((s) => s.types);
  const show = useTickets((s) => s.show);
  const dismiss = useTickets((s) => s.dismissUndeliverable);
  const refill = useTickets((s) => s.refillUndeliverable);
  const { now } = useStores();
  const [problem, setProblem] = useState<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);

  const onRefill = async () => {
    const result = await refill(localId, now());
    if (!result.ok) setProblem(errorMessage(t, result.error));
  };

  const onDismiss = async () => {
    const result = await dismiss(localId);
    if (result.ok) show({ kind: 'list' });
    else setProblem(errorMessage(t, result.error));
  };

  return (
    <article className="ticket-detail" data-testid="ticket-local" aria-labelledby="ticket-local-heading" onKeyDown={(e) => backOnEscape(e, () => show({ kind: 'list' }))}>
      <div className="ticket-detail__head">
        <button type="button" className="button button--small" data-testid="ticket-back" onClick={() => show({ kind: 'list' })}>
          {t('tickets.back')}
        </button>
        <h3 id="ticket-local-heading" ref={headingRef} tabIndex={-1} className="ticket-detail__title">
          {ticket === null ? t('tickets.local.heading') : typeName(types, ticket.typeId, language)}
        </h3>
        {ticket !== null && <StateBadge state={ticket.state} />}
      </div>
      {ticket === null ? (
        <p className="ticket-muted" role="status">{t('tickets.local.gone')}</p>
      ) : (
        <>
          <p className="ticket-muted">{t('tickets.local.filedAt', { when: formatTime(ticket.createdAt, language) })}</p>
          <p className={ticket.state === 'queued' ? 'ticket-notice' : 'alert alert--error'} role="status">
            {t(ticket.state === 'queued' ? 'tickets.local.queued' : 'tickets.local.undeliverable')}
          </p>
          {ticket.reason !== undefined && <p>{t('tickets.local.reason', { code: ticket.reason })}</p>}
          {ticket.rejectedAt !== undefined && <p>{t('tickets.local.rejectedAt', { when: formatTime(ticket.rejectedAt, language) })}</p>}
          {ticket.fields !== undefined && ticket.fields.length > 0 && (
            <ul className="ticket-local__fields" data-testid="ticket-local-fields">
              {refusedLines(t, ticket.fields, types.get(ticket.typeId), language).map((line) =>
                line.kind === 'field' ? (
                  <li key={line.key}>{t('tickets.local.fieldProblem', { field: line.title, problem: line.message })}</li>
                ) : (
                  <li key={line.key} className="ticket-local__raw">{t('tickets.local.field', { pointer: line.pointer, code: line.code })}</li>
                ),
              )}
            </ul>
          )}
          {ticket.state === 'undeliverable' && (
            <div className="ticket-local__actions">
              <button type="button" className="button button--primary" data-testid="ticket-refill" aria-describedby="ticket-refill-help" onClick={() => void onRefill()}>
                {t('tickets.local.refill')}
              </button>
              <button type="button" className="button" data-testid="ticket-dismiss" onClick={() => void onDismiss()}>
                {t('tickets.local.dismiss')}
              </button>
              <p id="ticket-refill-help" className="ticket-muted">
                {t('tickets.local.refillHelp')}
              </p>
            </div>
          )}
          {problem !== null && <p className="alert alert--error" role="alert">{problem}</p>}
        </>
      )}
    </article>
  );
}
