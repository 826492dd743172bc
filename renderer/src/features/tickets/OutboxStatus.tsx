import { useEffect, useState } from 'react';
import { useSession, useStores, useT } from '../../state/context.tsx';
import { currentOperator } from '../../state/session-store.ts';
import type { TicketOutboxCounts } from './tickets-bridge.ts';

/**
 * The status bar's ticket outbox: how many of the operator's tickets wait on this
 * workstation for the institution, and how many it refused for good (those stay until the
 * agent has seen them in the tickets list). Counts come from `tickets.outbox` when the
 * operator signs in and then live from `tickets.outbox-changed`. Nothing shows for an
 * operator who does not file tickets, nor while nothing waits.
 */
export function OutboxStatus() {
  const t = useT();
  const { desk } = useStores();
  const operatorId = useSession((s) => currentOperator(s)?.id ?? null);
  const canFile = useSession((s) => currentOperator(s)?.permissions.includes('tickets.create') ?? false);
  const [counts, setCounts] = useState<TicketOutboxCounts | null>(null);

  useEffect(() => {
    setCounts(null);
    if (operatorId === null || !canFile) return;
    let live = true;
    const off = desk.tickets.onOutboxChanged((next) => setCounts(next));
    void desk.tickets.outbox().then(
      (result) => {
        if (live && result.ok) setCounts((known) => known ?? { waiting: result.value.waiting, undeliverable: result.value.undeliverable.length });
      },
      () => undefined,
    );
    return () => {
      live = false;
      off();
    };
  }, [desk, operatorId, canFile]);

  if (counts === null || (counts.waiting === 0 && counts.undeliverable === 0)) return null;
  return (
    <span className="status-bar__item status-bar__tickets" role="status" data-testid="ticket-outbox-status" data-waiting={counts.waiting} data-undeliverable={counts.undeliverable} title={t('status.ticketsWaitingTitle')}>
      {t('status.ticketsWaiting', { count: counts.waiting })}
      {counts.undeliverable > 0 && (
        <span className="status-bar__tickets-bad" data-testid="ticket-outbox-undeliverable">
          {' · '}
          {t('status.ticketsUndeliverable', { count: counts.undeliverable })}
        </span>
      )}
    </span>
  );
}
