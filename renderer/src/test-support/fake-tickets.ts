import type { Ticket, TicketKey, TicketTypeVersion } from '../../../electron/contract/channels.ts';
import type { Permission } from '../../../institution/contract/api.ts';
import { createFakeDeskTickets, type FakeDeskTicketChannel } from './fake-ticket-desk.ts';
import { FAKE_OPERATORS, FAKE_TICKET_KEY, FAKE_TICKET_TYPES, type FakeOperator } from './fake-ticket-fixtures.ts';
import { createFakeInstitutionTickets, type FakeInstitutionTicketChannel } from './fake-ticket-institution.ts';
import { createFakeTicketState, type FakeHandlers, type FakeTicketEmit } from './fake-ticket-state.ts';

/**
 * The `tickets.*` half of the fake desk (fake-desk.ts), following core's ticket domain
 * (electron/core/tickets). Parts, one concern each: fake-ticket-state.ts (what both halves
 * share), fake-ticket-desk.ts (drafts, filing into a local queue — `queued` until the test
 * calls `deliverAll`, or `undeliverable` with `refuse` —, the backlog, 重新填写),
 * fake-ticket-institution.ts (the institution's list/get/comments/processing/reveal rules in
 * small), fake-ticket-fixtures.ts. Events: `tickets.changed` / `tickets.outbox-changed`.
 *
 * FAKE_TICKET_KEY's private half is in the fixtures so renderer tests can open what the form
 * sealed (a test key, never a real one).
 */
export type FakeTicketHandlers = FakeHandlers<FakeDeskTicketChannel | FakeInstitutionTicketChannel>;

export interface FakeTickets {
  handlers: FakeTicketHandlers;
  /** The institution came back: every queued ticket is delivered (with `tickets.changed` created + outbox-changed). */
  deliverAll(): Ticket[];
  /** The institution refused a queued ticket for good (per-field errors), as core marks it undeliverable. */
  refuse(localId: string, fields: { pointer: string; code: string }[], reason?: string): void;
  /** A processor changed a ticket's status at the institution (pushes `tickets.changed`). */
  setStatus(ticketId: string, status: Ticket['status']): void;
  /** The plaintext `tickets.reveal` answers for a ticket's field. */
  setRevealValue(ticketId: string, pointer: string, value: string): void;
  /** Tickets the institution holds (delivered), newest last. */
  delivered(): readonly Ticket[];
  /** Every reveal asked for (ticket, pointer, reason) — what the institution audits. */
  reveals: { ticketId: string; pointer: string; reason: string }[];
}

export interface FakeTicketOptions {
  types?: readonly TicketTypeVersion[];
  /** The site profile's ticket key; FAKE_TICKET_KEY by default, null: none. */
  key?: TicketKey;
  /** The institution's operators (display names; `process`: may be assigned tickets); FAKE_OPERATORS by default. */
  operators?: readonly FakeOperator[];
  now?: () => number;
}

export { FAKE_OPERATORS, FAKE_TICKET_KEY, FAKE_TICKET_TYPES, type FakeOperator };

export function createFakeTickets(
  options: FakeTicketOptions,
  operator: () => { id: string; permissions: readonly Permission[] } | null,
  emit: FakeTicketEmit,
): FakeTickets {
  const state = createFakeTicketState({
    types: options.types ?? FAKE_TICKET_TYPES,
    operators: options.operators ?? FAKE_OPERATORS,
    now: options.now ?? Date.now,
    operator,
    emit,
  });
  const desk = createFakeDeskTickets(state, options.key);
  const institution = createFakeInstitutionTickets(state);
  return {
    handlers: { ...desk.handlers, ...institution.handlers },
    deliverAll: desk.deliverAll,
    refuse: desk.refuse,
    setStatus: institution.setStatus,
    setRevealValue: institution.setRevealValue,
    delivered: () => state.tickets,
    reveals: institution.reveals,
  };
}
