import type {
  InvokeRequest,
  InvokeResponse,
  LocalTicket,
  Ticket,
  TicketChanged,
  TicketComment,
  TicketDraft,
  TicketHistoryEntry,
  TicketKey,
  TicketOutboxCounts,
  TicketTypeVersion,
} from '../../../electron/contract/channels.ts';
import type { DeskErrorCode, DeskResult } from '../../../electron/contract/errors.ts';
import { jsonBytes, TICKET_DATA_MAX_BYTES, TICKET_DRAFT_MAX_BYTES, TICKET_DRAFTS_MAX_PER_OPERATOR } from '../../../electron/contract/ticket-limits.ts';
import { unsealedSensitiveFields } from '../../../electron/contract/ticket-sealed-fields.ts';
import type { Permission } from '../../../institution/contract/api.ts';
import { FAKE_OPERATORS, FAKE_TICKET_KEY, FAKE_TICKET_TYPES, type FakeOperator } from './fake-ticket-fixtures.ts';

/**
 * The `tickets.*` half of the fake desk (fake-desk.ts), following core's ticket domain
 * (electron/core/tickets): drafts per operator (sealed-field check against the type, size and
 * count limits), filing into a local queue (`queued` until the test calls `deliverAll`, or
 * `undeliverable` with `refuse`), the institution's list/get/comments/processing/reveal
 * rules in small, and the events `tickets.changed` / `tickets.outbox-changed`.
 *
 * FAKE_TICKET_KEY's private half is here so renderer tests can open what the form sealed
 * (a test key, never a real one).
 */
export type FakeTicketHandlers = {
  [C in
    | 'tickets.types'
    | 'tickets.type-version'
    | 'tickets.key'
    | 'tickets.draft-save'
    | 'tickets.drafts'
    | 'tickets.draft-delete'
    | 'tickets.submit'
    | 'tickets.outbox'
    | 'tickets.dismiss-undeliverable'
    | 'tickets.refill-undeliverable'
    | 'tickets.list'
    | 'tickets.get'
    | 'tickets.comments'
    | 'tickets.history'
    | 'tickets.assignees'
    | 'tickets.comment'
    | 'tickets.transition'
    | 'tickets.assign'
    | 'tickets.extend'
    | 'tickets.reveal']: (p: InvokeRequest<C>) => DeskResult<InvokeResponse<C>>;
};

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

/** The fake's list cursor: the id of the page's last ticket, base64url (opaque to the page, like the institution's). */
const cursorOf = (id: string): string => btoa(id).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const idOfCursor = (cursor: string): string | null => {
  try {
    return atob(cursor.replace(/-/g, '+').replace(/_/g, '/'));
  } catch {
    return null;
  }
};

const ok = <T>(value: T): DeskResult<T> => ({ ok: true, value });
const fail = (code: DeskErrorCode): DeskResult<never> => ({ ok: false, error: { code } });
const NEXT: Record<Ticket['status'], Ticket['status'][]> = { new: ['in_progress'], in_progress: ['resolved'], resolved: ['closed', 'in_progress'], closed: ['in_progress'] };

export function createFakeTickets(
  options: FakeTicketOptions,
  operator: () => { id: string; permissions: readonly Permission[] } | null,
  emit: { changed(e: TicketChanged): void; outboxChanged(e: TicketOutboxCounts): void },
): FakeTickets {
  const now = options.now ?? Date.now;
  const types = options.types ?? FAKE_TICKET_TYPES;
  const drafts = new Map<string, Map<string, TicketDraft>>();
  const local: (LocalTicket & { filedBy: string; data: Record<string, unknown>; call?: Ticket['call']; about?: string })[] = [];
  const tickets: Ticket[] = [];
  const comments: TicketComment[] = [];
  const revealValues = new Map<string, string>();
  const operators = options.operators ?? FAKE_OPERATORS;
  const history: (TicketHistoryEntry & { ticketId: string })[] = [];
  const nameOf = (id: string) => operators.find((o) => o.id === id)?.displayName;
  const remember = (ticketId: string, operatorId: string, entry: Omit<TicketHistoryEntry, 'n' | 'at' | 'operatorId' | 'operatorName'>) => {
    const name = nameOf(operatorId);
    const assigneeName = typeof entry.assignee === 'string' ? nameOf(entry.assignee) : undefined;
    history.push({ ticketId, n: history.length + 1, at: at(), operatorId, ...(name === undefined ? {} : { operatorName: name }), ...entry, ...(assigneeName === undefined ? {} : { assigneeName }) });
  };
  const staff = (ticket: Ticket) => {
    const who = me();
    return (who.permissions.includes('tickets.process') || who.permissions.includes('tickets.reveal')) && ticket.complaint?.aboutOperatorId !== who.id;
  };
  /** A ticket as the institution's list and GET answer it: with the assignee's name when it has one (1–80 characters). */
  const named = (ticket: Ticket): Ticket => {
    const assigneeName = ticket.assignee === null ? undefined : nameOf(ticket.assignee);
    return assigneeName === undefined || assigneeName.length === 0 || assigneeName.length > 80 ? { ...ticket } : { ...ticket, assigneeName };
  };
  const eligible = (ticket: Ticket) => operators.filter((o) => o.process && o.id !== ticket.complaint?.aboutOperatorId);
  /** Refill drafts (operator + draft id) → the undeliverable ticket they refill (core's ticket_refill). */
  const refills = new Map<string, string>();
  const refillKey = (operatorId: string, draftId: string) => `${operatorId}\0${draftId}`;
  const reveals: FakeTickets['reveals'] = [];
  let serial = 0;
  let uuidSerial = 0;

  const at = () => new Date(now()).toISOString();
  const me = () => operator() as { id: string; permissions: readonly Permission[] };
  const typeOf = (typeId: string, version: number) => types.find((v) => v.typeId === typeId && v.version === version);
  const counts = (id: string): TicketOutboxCounts => ({
    waiting: local.filter((l) => l.filedBy === id && l.state === 'queued').length,
    undeliverable: local.filter((l) => l.filedBy === id && l.state === 'undeliverable').length,
  });
  const announce = (id: string) => emit.outboxChanged(counts(id));
  const publicLocal = ({ filedBy: _f, data: _d, call: _c, about: _a, ...rest }: (typeof local)[number]): LocalTicket => rest;
  const visible = (ticket: Ticket) => {
    const who = me();
    return ticket.filedBy === who.id || who.permissions.includes('tickets.process') || who.permissions.includes('tickets.reveal');
  };
  const find = (ticketId: string): Ticket | undefined => tickets.find((x) => x.id === ticketId && visible(x));
  const update = (ticket: Ticket, patch: Partial<Ticket>, change: TicketChanged['change']): Ticket => {
    Object.assign(ticket, patch, { updatedAt: at() });
    emit.changed({ ticketId: ticket.id, typeId: ticket.typeId, status: ticket.status, change });
    return { ...ticket };
  };
  const newTicketId = () => `T-${String(++serial).padStart(26, '0')}`;
  const newUuid = () => `00000000-0000-4000-8000-${String(++uuidSerial).padStart(12, '0')}`;

  const handlers: FakeTicketHandlers = {
    'tickets.types': () => {
      const latest = new Map<string, TicketTypeVersion>();
      for (const v of types) if ((latest.get(v.typeId)?.version ?? 0) < v.version) latest.set(v.typeId, v);
      return ok({ types: [...latest.values()] });
    },
    'tickets.type-version': ({ typeId, typeVersion }) => {
      const found = typeOf(typeId, typeVersion);
      return found === undefined ? fail('ticket_type_unknown') : ok(found);
    },
    'tickets.key': () => ok(options.key === undefined ? { keyId: FAKE_TICKET_KEY.keyId, publicKey: FAKE_TICKET_KEY.publicKey } : options.key),
    'tickets.draft-save': (draft) => {
      const type = typeOf(draft.typeId, draft.typeVersion);
      if (type === undefined) return fail('ticket_type_unknown');
      if (unsealedSensitiveFields(type.schema, draft.values).length > 0) return fail('ticket_not_sealed');
      if (jsonBytes(draft.values) > TICKET_DRAFT_MAX_BYTES) return fail('ticket_too_large');
      const mine = drafts.get(me().id) ?? new Map<string, TicketDraft>();
      if (!mine.has(draft.draftId) && mine.size >= TICKET_DRAFTS_MAX_PER_OPERATOR) return fail('ticket_drafts_full');
      mine.set(draft.draftId, structuredClone(draft));
      drafts.set(me().id, mine);
      return ok({ draftId: draft.draftId, updatedAt: draft.updatedAt });
    },
    'tickets.drafts': () => ok({ drafts: [...(drafts.get(me().id)?.values() ?? [])].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt)).map((d) => structuredClone(d)) }),
    'tickets.draft-delete': ({ draftId }) => {
      drafts.get(me().id)?.delete(draftId);
      refills.delete(refillKey(me().id, draftId));
      return ok(null);
    },
    'tickets.submit': (args) => {
      if (jsonBytes(args.data) > TICKET_DATA_MAX_BYTES) return fail('ticket_too_large');
      const type = typeOf(args.typeId, args.typeVersion);
      if (type === undefined) return fail('ticket_type_unknown');
      if (unsealedSensitiveFields(type.schema, args.data).length > 0) return fail('ticket_not_sealed');
      const localId = newUuid();
      const createdAt = at();
      local.push({ localId, typeId: args.typeId, typeVersion: args.typeVersion, createdAt, state: 'queued', filedBy: me().id, data: structuredClone(args.data), ...(args.call === undefined ? {} : { call: args.call }), ...(args.aboutOperatorId === undefined ? {} : { about: args.aboutOperatorId }) });
      if (args.draftId !== undefined) {
        drafts.get(me().id)?.delete(args.draftId);
        // A refill's undeliverable ticket leaves the list with this filing (core: the same transaction).
        const refilled = refills.get(refillKey(me().id, args.draftId));
        const i = local.findIndex((l) => l.localId === refilled && l.filedBy === me().id && l.state === 'undeliverable');
        if (i >= 0) local.splice(i, 1);
        refills.delete(refillKey(me().id, args.draftId));
      }
      announce(me().id);
      return ok({ localId, state: 'queued' as const, createdAt });
    },
    'tickets.outbox': () => {
      const id = me().id;
      const undeliverable = local
        .filter((l) => l.filedBy === id && l.state === 'undeliverable')
        .map((l) => ({ ...publicLocal(l), reason: l.reason ?? 'bad_request', rejectedAt: l.rejectedAt ?? at() }));
      return ok({ waiting: counts(id).waiting, undeliverable });
    },
    'tickets.dismiss-undeliverable': ({ localId }) => {
      const i = local.findIndex((l) => l.localId === localId && l.filedBy === me().id && l.state === 'undeliverable');
      if (i >= 0) {
        local.splice(i, 1);
        announce(me().id);
      }
      return ok(null);
    },
    'tickets.refill-undeliverable': ({ localId }) => {
      const id = me().id;
      const l = local.find((x) => x.localId === localId && x.filedBy === id && x.state === 'undeliverable');
      if (l === undefined) return fail('ticket_not_found');
      const mine = drafts.get(id) ?? new Map<string, TicketDraft>();
      const earlier = [...refills].find(([k, v]) => v === localId && k.startsWith(`${id}\0`) && mine.has(k.slice(id.length + 1)));
      if (earlier !== undefined) return ok(structuredClone(mine.get(earlier[0].slice(id.length + 1)) as TicketDraft));
      if (mine.size >= TICKET_DRAFTS_MAX_PER_OPERATOR) return fail('ticket_drafts_full');
      const draft: TicketDraft = {
        draftId: newUuid(),
        typeId: l.typeId,
        typeVersion: l.typeVersion,
        values: structuredClone(l.data),
        ...(l.call === undefined || l.call === null ? {} : { call: l.call }),
        ...(l.about === undefined ? {} : { aboutOperatorId: l.about }),
        updatedAt: at(),
      };
      mine.set(draft.draftId, draft);
      drafts.set(id, mine);
      refills.set(refillKey(id, draft.draftId), localId);
      return ok(structuredClone(draft));
    },
    'tickets.list': ({ status, type, limit, before, q }) => {
      const id = me().id;
      const mine = local.filter((l) => l.filedBy === id).sort((a, b) => (a.state === b.state ? a.createdAt.localeCompare(b.createdAt) : a.state === 'queued' ? -1 : 1));
      // A rough stand-in for the institution's search (ticket-search.ts): id prefix, type id, filer, handler, string values.
      const needle = q?.trim().toLowerCase();
      const found = (x: Ticket) =>
        needle === undefined ||
        x.id.toLowerCase().startsWith(needle) ||
        [x.typeId, x.filedBy, x.assignee ?? '', ...Object.values(x.data).filter((v) => typeof v === 'string')].some((v) => String(v).toLowerCase().includes(needle));
      const all = tickets.filter((x) => visible(x) && (status === undefined || x.status === status) && (type === undefined || x.typeId === type) && found(x)).reverse();
      let start = 0;
      if (before !== undefined) {
        const after = idOfCursor(before);
        const at = all.findIndex((x) => x.id === after);
        if (after === null || !/^T-/.test(after)) return fail('bad_request');
        // The cursor's ticket left this view meanwhile: start after the first one older than it (ids sort by filing).
        start = at >= 0 ? at + 1 : all.findIndex((x) => x.id < after);
        if (start < 0) start = all.length;
      }
      const size = limit ?? 50;
      const page = all.slice(start, start + size);
      const last = page.at(-1);
      const nextCursor = start + size < all.length && last !== undefined ? cursorOf(last.id) : null;
      return ok({ local: mine.map(publicLocal), tickets: page.map(named), nextCursor });
    },
    'tickets.get': ({ ticketId }) => {
      const found = find(ticketId);
      return found === undefined ? fail('ticket_not_found') : ok(named(found));
    },
    'tickets.comments': ({ ticketId }) => (find(ticketId) === undefined ? fail('ticket_not_found') : ok({ comments: comments.filter((c) => c.ticketId === ticketId) })),
    'tickets.history': ({ ticketId }) => {
      const found = find(ticketId);
      if (found === undefined) return fail('ticket_not_found');
      const seesAll = staff(found);
      const entries = history.filter((h) => h.ticketId === ticketId && (seesAll || (h.kind !== 'revealed' && h.kind !== 'reveal-refused'))).map(({ ticketId: _t, ...entry }) => entry);
      return ok({ entries, truncated: false });
    },
    'tickets.assignees': ({ ticketId }) => {
      const found = find(ticketId);
      if (found === undefined) return fail('ticket_not_found');
      if (!me().permissions.includes('tickets.process') || found.complaint?.aboutOperatorId === me().id) return fail('permission_denied');
      return ok({ assignees: eligible(found).map((o) => ({ operatorId: o.id, displayName: o.displayName })) });
    },
    'tickets.comment': ({ ticketId, body }) => {
      const found = find(ticketId);
      if (found === undefined) return fail('ticket_not_found');
      const comment: TicketComment = { id: comments.length + 1, ticketId, author: me().id, body, createdAt: at() };
      comments.push(comment);
      update(found, {}, 'commented');
      return ok(comment);
    },
    'tickets.transition': ({ ticketId, to }) => {
      const found = find(ticketId);
      if (found === undefined) return fail('ticket_not_found');
      if (!NEXT[found.status].includes(to)) return fail('ticket_conflict');
      remember(ticketId, me().id, { kind: 'status', from: found.status, to });
      return ok(update(found, { status: to }, 'status'));
    },
    'tickets.assign': ({ ticketId, assignee }) => {
      const found = find(ticketId);
      if (found === undefined) return fail('ticket_not_found');
      // As the institution: only someone who may process it, never the person a complaint is about.
      if (assignee !== null && !eligible(found).some((o) => o.id === assignee)) return fail('ticket_conflict');
      remember(ticketId, me().id, { kind: 'assigned', assignee });
      return ok(update(found, { assignee }, 'assigned'));
    },
    'tickets.extend': ({ ticketId, reason, approvedBy }) => {
      const found = find(ticketId);
      if (found === undefined) return fail('ticket_not_found');
      const clock = found.complaint;
      if (clock === null || clock.extensions >= 2 || (clock.extensions === 1 && approvedBy === undefined)) return fail('ticket_conflict');
      const days = clock.extensions === 0 ? 30 : 60;
      remember(ticketId, me().id, { kind: 'extended', extension: clock.extensions + 1, reason });
      const dueAt = new Date(Date.parse(found.createdAt) + days * 86_400_000).toISOString();
      return ok(update(found, { complaint: { ...clock, extensions: clock.extensions + 1, dueAt, approvedBy: approvedBy ?? null } }, 'extended'));
    },
    'tickets.reveal': ({ ticketId, pointer, reason }) => {
      const found = find(ticketId);
      if (found === undefined) return fail('ticket_not_found');
      reveals.push({ ticketId, pointer, reason });
      const value = revealValues.get(`${ticketId}\0${pointer}`);
      remember(ticketId, me().id, { kind: value === undefined ? 'reveal-refused' : 'revealed', pointer, reason });
      return value === undefined ? fail('bad_request') : ok({ pointer, value });
    },
  };

  return {
    handlers,
    deliverAll() {
      const out: Ticket[] = [];
      const filers = new Set<string>();
      for (const l of local.filter((x) => x.state === 'queued')) {
        const type = typeOf(l.typeId, l.typeVersion);
        const created = at();
        const ticket: Ticket = {
          id: newTicketId(),
          typeId: l.typeId,
          typeVersion: l.typeVersion,
          status: 'new',
          data: l.data,
          createdAt: l.createdAt,
          receivedAt: created,
          filedBy: l.filedBy,
          filedInSession: '00000000-0000-4000-8000-000000000000',
          workstationId: 'WS-SH-0042',
          assignee: null,
          call: l.call ?? null,
          complaint: type?.complaint === true ? { dueAt: new Date(Date.parse(l.createdAt) + 15 * 86_400_000).toISOString(), extensions: 0, approvedBy: null, overdue: false, aboutOperatorId: l.about ?? null } : null,
          updatedAt: created,
        };
        tickets.push(ticket);
        remember(ticket.id, l.filedBy, { kind: 'created', typeVersion: l.typeVersion });
        out.push(ticket);
        filers.add(l.filedBy);
        local.splice(local.indexOf(l), 1);
        emit.changed({ ticketId: ticket.id, typeId: ticket.typeId, status: 'new', change: 'created' });
      }
      const current = operator();
      if (current !== null && filers.has(current.id)) announce(current.id);
      return out;
    },
    refuse(localId, fields, reason = 'bad_request') {
      const l = local.find((x) => x.localId === localId && x.state === 'queued');
      if (l === undefined) throw new Error(`fake tickets: no queued ticket ${localId}`);
      Object.assign(l, { state: 'undeliverable', reason, fields, rejectedAt: at() });
      if (operator()?.id === l.filedBy) announce(l.filedBy);
    },
    setStatus(ticketId, status) {
      const found = tickets.find((x) => x.id === ticketId);
      if (found === undefined) throw new Error(`fake tickets: no ticket ${ticketId}`);
      remember(ticketId, 'S2001', { kind: 'status', from: found.status, to: status });
      update(found, { status }, 'status');
    },
    setRevealValue: (ticketId, pointer, value) => void revealValues.set(`${ticketId}\0${pointer}`, value),
    delivered: () => tickets,
    reveals,
  };
}
