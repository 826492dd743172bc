import type { SiteProfile } from '../../../institution/contract/site-profile.ts';
import type { ChannelsOwnedBy, InvokeRequest, InvokeResponse, SessionState } from '../../contract/channels.ts';
import { DeskFailure } from '../../contract/errors.ts';
import { jsonBytes, TICKET_DATA_MAX_BYTES } from '../../contract/ticket-limits.ts';
import type { InstitutionClient } from '../api/client.ts';
import type { AuditChain } from '../audit/chain.ts';
import type { CoreHandlers } from '../ipc/dispatch.ts';
import type { DeskEvents } from '../ipc/events.ts';
import type { Deliverer } from '../outbox/delivery.ts';
import type { OutboxStore } from '../outbox/store.ts';
import type { PushRouter } from '../push/router.ts';
import type { SessionKeeper } from '../session/keeper.ts';
import { createDraftStore } from './draft-store.ts';
import { createFilingSessionCache } from './filing-session.ts';
import { requireSealed } from './sensitive-fields.ts';
import { createTicketDeliverers } from './ticket-delivery.ts';
import { createTicketInstitutionHandlers, isUnreachable, ticketFailure } from './ticket-institution.ts';
import { createTicketQueue } from './ticket-queue.ts';
import { createTicketRefills } from './ticket-refill.ts';
import { createTicketSealer } from './ticket-sealing.ts';
import { createTicketTypesCache } from './ticket-types-cache.ts';
import { createTicketViewHandlers } from './ticket-views.ts';

/**
 * Tickets inside core (docs/architecture.md "Tickets (desk side: core)"): the handlers of
 * every `tickets.*` channel, the outbox deliverers of filed tickets, and the events
 * `tickets.changed` (the institution's `ticket-changed` push) and `tickets.outbox-changed`
 * (the signed-in operator's backlog). desk-core.ts builds it with one call, adds
 * `deliverers` to its delivery loop and tells it each session change.
 *
 * Parts, one concern each: ticket-sealing.ts (key + owner tags), draft-store.ts,
 * ticket-types-cache.ts, sensitive-fields.ts (no plaintext of x-sensitive reaches disk),
 * ticket-queue.ts (filing: outbox row + local index + draft deletion in one transaction),
 * ticket-refill.ts (an undeliverable ticket as a new draft; filing it removes the old one),
 * ticket-delivery.ts (POST /tickets with the stored Idempotency-Key; batch size and
 * concurrency there), filing-session.ts, ticket-institution.ts (reads, processing, reveal).
 */
export type TicketChannel = Extract<ChannelsOwnedBy<'core'>, `tickets.${string}`>;
export type TicketHandlers = Pick<CoreHandlers, TicketChannel>;

export interface TicketDomainOptions {
  store: OutboxStore;
  client: Pick<InstitutionClient, 'createTicket' | 'createTickets' | 'ticketFilingSession' | 'ticketTypes' | 'ticketTypeVersion' | 'ticketList' | 'ticketGet' | 'ticketComments' | 'ticketComment' | 'ticketTransition' | 'ticketAssign' | 'ticketExtend' | 'ticketReveal' | 'ticketHistory' | 'ticketAssignees'>;
  session: Pick<SessionKeeper, 'withAccessToken' | 'state' | 'operatorId'>;
  profile: Pick<SiteProfile, 'tickets'>;
  events: Pick<DeskEvents, 'emit'>;
  audit: Pick<AuditChain, 'append'>;
  now: () => number;
  log: (m: string) => void;
  /** Delivery tuning (tests and the drain bench); ticket-delivery.ts has the defaults. */
  delivery?: { batchSize?: number; concurrency?: number };
  /** How long filing waits for the filing session before queuing without one (default 3 s). */
  filingSessionWaitMs?: number;
}

export interface TicketDomain {
  handlers: TicketHandlers;
  /** Add to the outbox delivery loop after audit and call records. */
  deliverers: Deliverer[];
  /** desk-core calls this on every session change (filing-session cache, backlog event). */
  sessionChanged(s: SessionState): void;
  /**
   * Starts forwarding the institution's `ticket-changed` pushes and the backlog's changes
   * (desk-core calls it once its push router exists); returns what stops them (core's close).
   */
  listen(router: Pick<PushRouter, 'on'>): (() => void)[];
}

export function createTicketDomain(o: TicketDomainOptions): TicketDomain {
  const db = o.store.db;
  const sealer = createTicketSealer(o.store);
  const drafts = createDraftStore(db, sealer, o.log);
  const types = createTicketTypesCache(db);
  const queue = createTicketQueue({ db, store: o.store, drafts, sealer, now: o.now, draftFiled: (id, draftId) => refills.filed(id, draftId) });
  const refills = createTicketRefills({ db, store: o.store, drafts, sealer, queue: () => queue, now: o.now });
  const filing = createFilingSessionCache({ client: o.client, session: o.session, log: o.log, ...(o.filingSessionWaitMs === undefined ? {} : { waitMs: o.filingSessionWaitMs }) });
  const institution = createTicketInstitutionHandlers({ client: o.client, session: o.session, types });

  const operator = (): string => {
    const id = o.session.operatorId();
    // The dispatcher's access rule let the call through, so someone is signed in.
    if (id === null) throw new DeskFailure('not_logged_in');
    return id;
  };

  /** The type version a ticket or draft names: cached, else fetched (`ticket_type_unknown` when neither). */
  const typeVersion = async (typeId: string, version: number) => {
    try {
      return await institution['tickets.type-version']({ typeId, typeVersion: version });
    } catch (e) {
      throw isUnreachable(e) ? new DeskFailure('ticket_type_unknown') : e;
    }
  };

  let lastCounts = '';
  const announceBacklog = () => {
    const id = o.session.operatorId();
    if (id === null) return;
    const counts = queue.counts(id);
    const key = `${id} ${counts.waiting} ${counts.undeliverable}`;
    if (key === lastCounts) return;
    lastCounts = key;
    o.events.emit('tickets.outbox-changed', counts);
  };

  const deliverers = createTicketDeliverers({
    queue,
    client: o.client,
    session: o.session,
    ...o.delivery,
    reportUndeliverable: (s, typeId) => {
      // Ids and codes only: the ticket's content stays sealed in the outbox's dead letters.
      o.audit.append('tickets.undeliverable', s.filedBy === '' ? null : s.filedBy, {
        localId: s.localId,
        typeId,
        reason: s.reason,
        fieldCodes: s.fields.map((f) => f.code).join(' ').slice(0, 500),
      });
    },
  });

  const handlers: TicketHandlers = {
    ...institution,
    ...createTicketViewHandlers({ client: o.client, session: o.session }),
    'tickets.key': () => Promise.resolve(o.profile.tickets === undefined ? null : { keyId: o.profile.tickets.keyId, publicKey: o.profile.tickets.publicKey }),
    'tickets.draft-save': async (draft) => {
      const id = operator();
      requireSealed((await typeVersion(draft.typeId, draft.typeVersion)).schema, draft.values);
      drafts.save(id, draft);
      return { draftId: draft.draftId, updatedAt: draft.updatedAt };
    },
    'tickets.drafts': () => Promise.resolve({ drafts: drafts.list(operator()) }),
    'tickets.draft-delete': ({ draftId }) => {
      drafts.delete(operator(), draftId);
      refills.forget(operator(), draftId);
      return Promise.resolve(null);
    },
    'tickets.submit': async (args: InvokeRequest<'tickets.submit'>): Promise<InvokeResponse<'tickets.submit'>> => {
      const id = operator();
      if (jsonBytes(args.data) > TICKET_DATA_MAX_BYTES) throw new DeskFailure('ticket_too_large');
      requireSealed((await typeVersion(args.typeId, args.typeVersion)).schema, args.data);
      const session = await filing.current(id);
      // Another operator signed in while we waited: this ticket is not theirs to file.
      if (o.session.operatorId() !== id) throw new DeskFailure('not_logged_in');
      const submitted = queue.submit(id, args, session !== null && /^[0-9a-f-]{36}$/i.test(session) ? session : null);
      announceBacklog();
      return submitted;
    },
    'tickets.outbox': () => Promise.resolve(queue.outbox(operator())),
    'tickets.dismiss-undeliverable': ({ localId }) => {
      queue.dismiss(operator(), localId);
      announceBacklog();
      return Promise.resolve(null);
    },
    'tickets.refill-undeliverable': async ({ localId }) => {
      const id = operator();
      // As for any draft: its type version at hand and no plaintext where it wants an envelope (checked when filed; checked again before the draft is saved).
      return refills.refill(id, localId, async (draft) => requireSealed((await typeVersion(draft.typeId, draft.typeVersion)).schema, draft.values));
    },
    'tickets.list': async ({ status, type, limit, before, q }) => {
      const id = operator();
      let page: Pick<InvokeResponse<'tickets.list'>, 'tickets' | 'nextCursor'> = { tickets: null, nextCursor: null };
      try {
        const query = { ...(status === undefined ? {} : { status }), ...(type === undefined ? {} : { type }), ...(limit === undefined ? {} : { limit }), ...(before === undefined ? {} : { before }), ...(q === undefined ? {} : { q }) };
        const answer = await o.session.withAccessToken((t) => o.client.ticketList(t, query));
        page = { tickets: answer.tickets, nextCursor: answer.nextCursor };
      } catch (e) {
        // Unreachable: the local ones still show; anything else (expired, forbidden, a bad cursor) is the answer.
        if (!isUnreachable(e)) throw ticketFailure(e);
      }
      return { local: queue.local(id), ...page };
    },
  };

  return {
    handlers,
    deliverers,
    sessionChanged(s) {
      if (s.status === 'logged-out') {
        filing.forget();
        lastCounts = '';
        return;
      }
      if (s.status === 'active' && s.operator.permissions.includes('tickets.create')) {
        filing.prefetch(s.operator.id);
        announceBacklog();
      }
    },
    listen: (router) => [
      router.on('ticket-changed', (e) => o.events.emit('tickets.changed', { ticketId: e.ticketId, typeId: e.typeId, status: e.status, change: e.change })),
      o.store.onChange(() => announceBacklog()),
    ],
  };
}
