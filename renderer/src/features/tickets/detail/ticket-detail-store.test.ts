import { describe, expect, it } from 'vitest';
import type { DeskResult } from '../../../../../electron/contract/errors.ts';
import type { Ticket, TicketsBridge } from '../tickets-bridge.ts';
import { createTicketDetailStore } from './ticket-detail-store.ts';
import { institutionTicket } from '../../../test-support/fake-ticket-fixtures.ts';

const ID = 'T-01JABCDEFGHJKMNPQRSTVWXYZ0';
const ticket = (status: Ticket['status']) => institutionTicket(ID, status);
const flush = async () => {
  for (let i = 0; i < 20; i += 1) await Promise.resolve();
};

describe('the ticket detail store', () => {
  it('reads the ticket again when the live channel comes back (its change push was lost), and stops listening on stop', async () => {
    let now = ticket('new');
    const ok = <T,>(value: T): Promise<DeskResult<T>> => Promise.resolve({ ok: true, value });
    const bridge = {
      get: () => ok(structuredClone(now)),
      typeVersion: () => Promise.resolve({ ok: false, error: { code: 'internal' } }),
      comments: () => ok({ comments: [] }),
      history: () => ok({ entries: [], truncated: false }),
      // The push never arrives: it was lost while the channel was down.
      onChanged: () => () => undefined,
    } as unknown as TicketsBridge;
    const reconnected = new Set<() => void>();
    const store = createTicketDetailStore(bridge, ID, { onReconnected: (l) => (reconnected.add(l), () => void reconnected.delete(l)) });
    store.getState().start();
    await flush();
    expect(store.getState().ticket?.status).toBe('new');

    now = ticket('in_progress');
    await flush();
    expect(store.getState().ticket?.status).toBe('new');
    reconnected.forEach((l) => l());
    await flush();
    expect(store.getState().ticket?.status).toBe('in_progress');

    store.getState().stop();
    expect(reconnected.size).toBe(0);
  });
});
