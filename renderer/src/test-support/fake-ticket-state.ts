import type { InvokeChannel, InvokeRequest, InvokeResponse, LocalTicket, Ticket, TicketChanged, TicketComment, TicketDraft, TicketHistoryEntry, TicketOutboxCounts, TicketTypeVersion } from '../../../electron/contract/channels.ts';
import type { DeskErrorCode, DeskResult } from '../../../electron/contract/errors.ts';
import type { Permission } from '../../../institution/contract/api.ts';
import type { FakeOperator } from './fake-ticket-fixtures.ts';

/**
 * What both halves of the fake tickets (fake-ticket-desk.ts: drafts and the local queue;
 * fake-ticket-institution.ts: the institution's list and processing) read and change — one
 * object so that a filing, a delivery and a processor's change see the same tickets.
 */
export type FakeLocalTicket = LocalTicket & { filedBy: string; data: Record<string, unknown>; call?: Ticket['call']; about?: string };

export type FakeTicketEmit = { changed(e: TicketChanged): void; outboxChanged(e: TicketOutboxCounts): void };

export interface FakeTicketState {
  types: readonly TicketTypeVersion[];
  operators: readonly FakeOperator[];
  emit: FakeTicketEmit;
  /** The signed-in operator (the fake desk's access rules ran first, so there is one). */
  me(): { id: string; permissions: readonly Permission[] };
  /** Whoever is signed in, or null (a delivery or a refusal may happen signed out). */
  operator(): { id: string; permissions: readonly Permission[] } | null;
  at(): string;
  typeOf(typeId: string, version: number): TicketTypeVersion | undefined;
  /** Drafts per operator id. */
  drafts: Map<string, Map<string, TicketDraft>>;
  /** Filed here, not yet delivered (`queued`) or refused for good (`undeliverable`). */
  local: FakeLocalTicket[];
  /** What the institution holds (delivered), oldest first. */
  tickets: Ticket[];
  comments: TicketComment[];
  /** Refill drafts (`refillKey`) → the undeliverable ticket they refill (core's ticket_refill). */
  refills: Map<string, string>;
  refillKey(operatorId: string, draftId: string): string;
  /** The institution's history of a ticket (newest last), with operator and assignee names. */
  remember(ticketId: string, operatorId: string, entry: Omit<TicketHistoryEntry, 'n' | 'at' | 'operatorId' | 'operatorName'>): void;
  history: (TicketHistoryEntry & { ticketId: string })[];
  nameOf(operatorId: string): string | undefined;
  /** The filer's backlog counts, and `tickets.outbox-changed` with them. */
  counts(operatorId: string): TicketOutboxCounts;
  announce(operatorId: string): void;
  publicLocal(l: FakeLocalTicket): LocalTicket;
  newTicketId(): string;
  newUuid(): string;
}

/** Handlers of some channels, answering synchronously as the fake desk's do. */
export type FakeHandlers<C extends InvokeChannel> = { [K in C]: (p: InvokeRequest<K>) => DeskResult<InvokeResponse<K>> };

export const ok = <T>(value: T): DeskResult<T> => ({ ok: true, value });
export const fail = (code: DeskErrorCode): DeskResult<never> => ({ ok: false, error: { code } });

export function createFakeTicketState(o: {
  types: readonly TicketTypeVersion[];
  operators: readonly FakeOperator[];
  now: () => number;
  operator: () => { id: string; permissions: readonly Permission[] } | null;
  emit: FakeTicketEmit;
}): FakeTicketState {
  const history: FakeTicketState['history'] = [];
  const local: FakeLocalTicket[] = [];
  let serial = 0;
  let uuidSerial = 0;
  const at = () => new Date(o.now()).toISOString();
  const nameOf = (id: string) => o.operators.find((x) => x.id === id)?.displayName;
  const counts = (id: string): TicketOutboxCounts => ({
    waiting: local.filter((l) => l.filedBy === id && l.state === 'queued').length,
    undeliverable: local.filter((l) => l.filedBy === id && l.state === 'undeliverable').length,
  });
  return {
    types: o.types,
    operators: o.operators,
    emit: o.emit,
    me: () => o.operator() as { id: string; permissions: readonly Permission[] },
    operator: o.operator,
    at,
    typeOf: (typeId, version) => o.types.find((v) => v.typeId === typeId && v.version === version),
    drafts: new Map(),
    local,
    tickets: [],
    comments: [],
    refills: new Map(),
    refillKey: (operatorId, draftId) => `${operatorId}\0${draftId}`,
    remember(ticketId, operatorId, entry) {
      const name = nameOf(operatorId);
      const assigneeName = typeof entry.assignee === 'string' ? nameOf(entry.assignee) : undefined;
      history.push({ ticketId, n: history.length + 1, at: at(), operatorId, ...(name === undefined ? {} : { operatorName: name }), ...entry, ...(assigneeName === undefined ? {} : { assigneeName }) });
    },
    history,
    nameOf,
    counts,
    announce: (id) => o.emit.outboxChanged(counts(id)),
    publicLocal: ({ filedBy: _f, data: _d, call: _c, about: _a, ...rest }) => rest,
    newTicketId: () => `T-${String(++serial).padStart(26, '0')}`,
    newUuid: () => `00000000-0000-4000-8000-${String(++uuidSerial).padStart(12, '0')}`,
  };
}
