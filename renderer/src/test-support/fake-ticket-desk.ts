import type { Ticket, TicketDraft, TicketKey, TicketTypeVersion } from '../../../electron/contract/channels.ts';
import { jsonBytes, TICKET_DATA_MAX_BYTES, TICKET_DRAFT_MAX_BYTES, TICKET_DRAFTS_MAX_PER_OPERATOR } from '../../../electron/contract/ticket-limits.ts';
import { unsealedSensitiveFields } from '../../../electron/contract/ticket-sealed-fields.ts';
import { FAKE_TICKET_KEY } from './fake-ticket-fixtures.ts';
import { fail, ok, type FakeHandlers, type FakeTicketState } from './fake-ticket-state.ts';

export type FakeDeskTicketChannel =
  | 'tickets.types'
  | 'tickets.type-version'
  | 'tickets.key'
  | 'tickets.draft-save'
  | 'tickets.drafts'
  | 'tickets.draft-delete'
  | 'tickets.submit'
  | 'tickets.outbox'
  | 'tickets.dismiss-undeliverable'
  | 'tickets.refill-undeliverable';

/**
 * The desk's own half of the fake tickets, following core (electron/core/tickets): the types,
 * drafts per operator (sealed-field check against the type, size and count limits), filing
 * into the local queue, the backlog, dismiss and 重新填写 — and what the test does as the
 * institution to that queue: `deliverAll` (the institution came back) and `refuse`.
 */
export function createFakeDeskTickets(s: FakeTicketState, key: TicketKey | undefined) {
  const { me, local, drafts, refills, refillKey } = s;

  const handlers: FakeHandlers<FakeDeskTicketChannel> = {
    'tickets.types': () => {
      const latest = new Map<string, TicketTypeVersion>();
      for (const v of s.types) if ((latest.get(v.typeId)?.version ?? 0) < v.version) latest.set(v.typeId, v);
      return ok({ types: [...latest.values()] });
    },
    'tickets.type-version': ({ typeId, typeVersion }) => {
      const found = s.typeOf(typeId, typeVersion);
      return found === undefined ? fail('ticket_type_unknown') : ok(found);
    },
    'tickets.key': () => ok(key === undefined ? { keyId: FAKE_TICKET_KEY.keyId, publicKey: FAKE_TICKET_KEY.publicKey } : key),
    'tickets.draft-save': (draft) => {
      const type = s.typeOf(draft.typeId, draft.typeVersion);
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
      const type = s.typeOf(args.typeId, args.typeVersion);
      if (type === undefined) return fail('ticket_type_unknown');
      if (unsealedSensitiveFields(type.schema, args.data).length > 0) return fail('ticket_not_sealed');
      const localId = s.newUuid();
      const createdAt = s.at();
      local.push({ localId, typeId: args.typeId, typeVersion: args.typeVersion, createdAt, state: 'queued', filedBy: me().id, data: structuredClone(args.data), ...(args.call === undefined ? {} : { call: args.call }), ...(args.aboutOperatorId === undefined ? {} : { about: args.aboutOperatorId }) });
      if (args.draftId !== undefined) {
        drafts.get(me().id)?.delete(args.draftId);
        // A refill's undeliverable ticket leaves the list with this filing (core: the same transaction).
        const refilled = refills.get(refillKey(me().id, args.draftId));
        const i = local.findIndex((l) => l.localId === refilled && l.filedBy === me().id && l.state === 'undeliverable');
        if (i >= 0) local.splice(i, 1);
        refills.delete(refillKey(me().id, args.draftId));
      }
      s.announce(me().id);
      return ok({ localId, state: 'queued' as const, createdAt });
    },
    'tickets.outbox': () => {
      const id = me().id;
      const undeliverable = local
        .filter((l) => l.filedBy === id && l.state === 'undeliverable')
        .map((l) => ({ ...s.publicLocal(l), reason: l.reason ?? 'bad_request', rejectedAt: l.rejectedAt ?? s.at() }));
      return ok({ waiting: s.counts(id).waiting, undeliverable });
    },
    'tickets.dismiss-undeliverable': ({ localId }) => {
      const i = local.findIndex((l) => l.localId === localId && l.filedBy === me().id && l.state === 'undeliverable');
      if (i >= 0) {
        local.splice(i, 1);
        s.announce(me().id);
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
        draftId: s.newUuid(),
        typeId: l.typeId,
        typeVersion: l.typeVersion,
        values: structuredClone(l.data),
        ...(l.call === undefined || l.call === null ? {} : { call: l.call }),
        ...(l.about === undefined ? {} : { aboutOperatorId: l.about }),
        updatedAt: s.at(),
      };
      mine.set(draft.draftId, draft);
      drafts.set(id, mine);
      refills.set(refillKey(id, draft.draftId), localId);
      return ok(structuredClone(draft));
    },
  };

  return {
    handlers,
    /** The institution came back: every queued ticket is delivered (with `tickets.changed` created + outbox-changed). */
    deliverAll(): Ticket[] {
      const out: Ticket[] = [];
      const filers = new Set<string>();
      for (const l of local.filter((x) => x.state === 'queued')) {
        const type = s.typeOf(l.typeId, l.typeVersion);
        const created = s.at();
        const ticket: Ticket = {
          id: s.newTicketId(),
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
        s.tickets.push(ticket);
        s.remember(ticket.id, l.filedBy, { kind: 'created', typeVersion: l.typeVersion });
        out.push(ticket);
        filers.add(l.filedBy);
        local.splice(local.indexOf(l), 1);
        s.emit.changed({ ticketId: ticket.id, typeId: ticket.typeId, status: 'new', change: 'created' });
      }
      const current = s.operator();
      if (current !== null && filers.has(current.id)) s.announce(current.id);
      return out;
    },
    /** The institution refused a queued ticket for good (per-field errors), as core marks it undeliverable. */
    refuse(localId: string, fields: { pointer: string; code: string }[], reason = 'bad_request'): void {
      const l = local.find((x) => x.localId === localId && x.state === 'queued');
      if (l === undefined) throw new Error(`fake tickets: no queued ticket ${localId}`);
      Object.assign(l, { state: 'undeliverable', reason, fields, rejectedAt: s.at() });
      if (s.operator()?.id === l.filedBy) s.announce(l.filedBy);
    },
  };
}
