import { describe, expect, it } from 'vitest';
import type { DeskResult } from '../../../../../electron/contract/errors.ts';
import type { TicketChanged, TicketList, TicketOutboxCounts, TicketsBridge } from '../tickets-bridge.ts';
import { ticketRows } from './ticket-rows.ts';
import { createTicketListStore } from './ticket-list-store.ts';
import { institutionTicket } from '../../../test-support/fake-ticket-fixtures.ts';

const ticket = institutionTicket;
const ID1 = 'T-01JABCDEFGHJKMNPQRSTVWXYZ0';
const ID2 = 'T-01JABCDEFGHJKMNPQRSTVWXYZ1';

/** A scripted desk: answers the list it is given, counts calls, lets the test push events. */
function scriptedBridge() {
  let list: TicketList = { local: [], tickets: [], nextCursor: null };
  const changed = new Set<(c: TicketChanged) => void>();
  const outbox = new Set<(c: TicketOutboxCounts) => void>();
  const gates: (() => void)[] = [];
  let hold = false;
  const calls = { list: 0 };
  const ok = <T,>(value: T): Promise<DeskResult<T>> => Promise.resolve({ ok: true, value });
  const bridge = {
    async list() {
      calls.list += 1;
      if (hold) await new Promise<void>((resolve) => gates.push(resolve));
      return { ok: true, value: structuredClone(list) } as DeskResult<TicketList>;
    },
    outbox: () => ok({ waiting: 2, undeliverable: [] }),
    types: () => ok({ types: [] }),
    onChanged(listener: (c: TicketChanged) => void) {
      changed.add(listener);
      return () => changed.delete(listener);
    },
    onOutboxChanged(listener: (c: TicketOutboxCounts) => void) {
      outbox.add(listener);
      return () => outbox.delete(listener);
    },
  } as unknown as TicketsBridge;
  return {
    bridge,
    calls,
    setList: (next: TicketList) => (list = next),
    push: (c: TicketChanged) => changed.forEach((l) => l(c)),
    pushOutbox: (c: TicketOutboxCounts) => outbox.forEach((l) => l(c)),
    holdLists: (on: boolean) => (hold = on),
    releaseAll: () => gates.splice(0).forEach((g) => g()),
    listeners: () => changed.size + outbox.size,
  };
}
const flush = async () => {
  for (let i = 0; i < 20; i += 1) await Promise.resolve();
};

describe('the tickets list store', () => {
  it('loads the list and the outbox counts, follows a pushed status change and marks the ticket', async () => {
    const desk = scriptedBridge();
    desk.setList({ local: [], tickets: [ticket(ID1, 'new')], nextCursor: null });
    const store = createTicketListStore(desk.bridge, { canFile: true });
    store.getState().start();
    await flush();
    expect(store.getState().tickets?.map((t) => t.status)).toEqual(['new']);
    expect(store.getState().outbox).toEqual({ waiting: 2, undeliverable: 0 });

    desk.setList({ local: [], tickets: [ticket(ID1, 'in_progress')], nextCursor: null });
    desk.push({ ticketId: ID1, typeId: 'bank-complaint', status: 'in_progress', change: 'status' });
    await flush();
    expect(store.getState().tickets?.[0]?.status).toBe('in_progress');
    expect([...store.getState().changed]).toEqual([ID1]);
    store.getState().show({ kind: 'detail', ticketId: ID1 });
    expect(store.getState().changed.size).toBe(0);
    // The open ticket shows its own changes: no mark for it.
    desk.push({ ticketId: ID1, typeId: 'bank-complaint', status: 'resolved', change: 'status' });
    expect(store.getState().changed.size).toBe(0);
    store.getState().stop();
    expect(desk.listeners()).toBe(0);
  });

  it('reads the list again when the live channel comes back (a push lost meanwhile), older pages included; not before', async () => {
    const desk = scriptedBridge();
    const reconnected = new Set<() => void>();
    const onReconnected = (l: () => void) => (reconnected.add(l), () => void reconnected.delete(l));
    const ID3 = 'T-01JABCDEFGHJKMNPQRSTVWXYZ2';
    // Newest first: ID1 on page one (cursor 'c1'), the older ID2 and ID3 on page two; get() answers a ticket as it is now.
    const received = (id: string) => ({ receivedAt: { [ID1]: '2026-11-03T08:00:00.000Z', [ID2]: '2026-11-02T08:00:00.000Z', [ID3]: '2026-11-01T08:00:00.000Z' }[id] });
    const current = new Map([ID1, ID2, ID3].map((id) => [id, ticket(id, 'new', received(id))]));
    (desk.bridge as { list: unknown }).list = (args: { before?: string }) => {
      desk.calls.list += 1;
      const value: TicketList = args.before === undefined ? { local: [], tickets: [current.get(ID1)!], nextCursor: 'c1' } : { local: [], tickets: [current.get(ID2)!, current.get(ID3)!], nextCursor: null };
      return Promise.resolve({ ok: true, value: structuredClone(value) });
    };
    (desk.bridge as { get: unknown }).get = ({ ticketId }: { ticketId: string }) => Promise.resolve({ ok: true, value: structuredClone(current.get(ticketId)!) });
    const store = createTicketListStore(desk.bridge, { canFile: true, onReconnected });
    store.getState().start();
    await flush();
    await store.getState().loadMore();
    expect(store.getState().tickets?.map((t) => t.status)).toEqual(['new', 'new', 'new']);

    // Changed at the institution while the channel was down: no push arrives.
    current.set(ID1, ticket(ID1, 'in_progress', received(ID1)));
    current.set(ID3, ticket(ID3, 'resolved', received(ID3)));
    await flush();
    expect(store.getState().tickets?.map((t) => t.status)).toEqual(['new', 'new', 'new']);

    reconnected.forEach((l) => l());
    await flush();
    expect(store.getState().tickets?.map((t) => [t.id, t.status])).toEqual([
      [ID1, 'in_progress'],
      [ID2, 'new'],
      [ID3, 'resolved'],
    ]);
    store.getState().stop();
    expect(reconnected.size).toBe(0);
  });

  it('never runs two list reads at once: pushes during a read cause exactly one more read', async () => {
    const desk = scriptedBridge();
    const store = createTicketListStore(desk.bridge, { canFile: false });
    desk.holdLists(true);
    store.getState().start();
    await flush();
    expect(desk.calls.list).toBe(1);
    for (let i = 0; i < 5; i += 1) desk.push({ ticketId: ID1, typeId: 'bank-complaint', status: 'new', change: 'commented' });
    await flush();
    expect(desk.calls.list).toBe(1);
    desk.holdLists(false);
    desk.releaseAll();
    await flush();
    expect(desk.calls.list).toBe(2);
    store.getState().stop();
  });

  it('keeps the last institution list when it cannot be reached, and says so; takes outbox counts live', async () => {
    const desk = scriptedBridge();
    desk.setList({ local: [], tickets: [ticket(ID1, 'new')], nextCursor: null });
    const store = createTicketListStore(desk.bridge, { canFile: true });
    store.getState().start();
    await flush();
    desk.setList({ local: [{ localId: '6f1c1a52-3b7d-4a43-9a53-1d8f3c0e5b21', typeId: 'bank-complaint', typeVersion: 1, createdAt: '2026-11-30T08:00:00.000Z', state: 'queued' }], tickets: null, nextCursor: null });
    desk.pushOutbox({ waiting: 1, undeliverable: 0 });
    await flush();
    const state = store.getState();
    expect(state.institutionUnreachable).toBe(true);
    expect(state.tickets?.map((t) => t.id)).toEqual([ID1]);
    expect(state.local).toHaveLength(1);
    expect(state.outbox).toEqual({ waiting: 1, undeliverable: 0 });
    store.getState().stop();
  });
});

describe('list rows', () => {
  it('put tickets still here first (undeliverable, then queued oldest first), then the institution; complaints carry due and overdue', () => {
    const local = [
      { localId: 'a', typeId: 'x', typeVersion: 1, createdAt: '2026-11-30T09:00:00.000Z', state: 'queued' as const },
      { localId: 'b', typeId: 'x', typeVersion: 1, createdAt: '2026-11-30T08:00:00.000Z', state: 'queued' as const },
      { localId: 'c', typeId: 'x', typeVersion: 1, createdAt: '2026-11-30T10:00:00.000Z', state: 'undeliverable' as const, reason: 'bad_request' },
    ];
    const complaint = { dueAt: '2026-11-16T08:00:00.000Z', extensions: 0, approvedBy: null, overdue: true, aboutOperatorId: null };
    const rows = ticketRows(local, [ticket(ID2, 'new', { complaint })], new Map(), 'zh-CN');
    expect(rows.map((r) => r.key)).toEqual(['local:c', 'local:b', 'local:a', ID2]);
    expect(rows.map((r) => r.state)).toEqual(['undeliverable', 'queued', 'queued', 'new']);
    expect(rows[3]?.due).toEqual({ at: complaint.dueAt, overdue: true, extensions: 0 });
    expect(rows[3]?.typeName).toBe('bank-complaint');
  });
});
