import type { InvokeRequest, InvokeResponse } from '../../contract/channels.ts';
import { DeskFailure } from '../../contract/errors.ts';
import type { InstitutionClient } from '../api/client.ts';
import { ApiFailure } from '../api/failure.ts';
import type { SessionKeeper } from '../session/keeper.ts';
import type { TicketTypesCache } from './ticket-types-cache.ts';

/**
 * The `tickets.*` channels that are the institution's to answer: types, reading, comments
 * and processing, and reveal. Each goes out with the operator's token (the institution shows
 * filers their own tickets and processors the rest, minus complaints about themselves).
 * Nothing of a ticket is kept here; only type versions are cached (ticket-types-cache.ts).
 * A revealed value goes back to the page and nowhere else: never logged, never stored.
 */
export type TicketInstitutionClient = Pick<
  InstitutionClient,
  'ticketTypes' | 'ticketTypeVersion' | 'ticketList' | 'ticketGet' | 'ticketComments' | 'ticketComment' | 'ticketTransition' | 'ticketAssign' | 'ticketExtend' | 'ticketReveal'
>;

type Handler<C extends 'tickets.types' | 'tickets.type-version' | 'tickets.get' | 'tickets.comments' | 'tickets.comment' | 'tickets.transition' | 'tickets.assign' | 'tickets.extend' | 'tickets.reveal'> = (
  p: InvokeRequest<C>,
) => Promise<InvokeResponse<C>>;

export interface TicketInstitutionHandlers {
  'tickets.types': Handler<'tickets.types'>;
  'tickets.type-version': Handler<'tickets.type-version'>;
  'tickets.get': Handler<'tickets.get'>;
  'tickets.comments': Handler<'tickets.comments'>;
  'tickets.comment': Handler<'tickets.comment'>;
  'tickets.transition': Handler<'tickets.transition'>;
  'tickets.assign': Handler<'tickets.assign'>;
  'tickets.extend': Handler<'tickets.extend'>;
  'tickets.reveal': Handler<'tickets.reveal'>;
}

/**
 * The institution's ticket answers in the desk's words: 404 is `ticket_not_found` (missing,
 * or not yours to see — it does not say which), 409 `ticket_changed` when another processor's
 * change was written first (compare-and-set: nothing of ours was), any other 409 `ticket_conflict`, 403
 * `permission_denied`; everything else keeps the usual mapping (unreachable, expired…).
 */
export function ticketFailure(e: unknown): unknown {
  if (!(e instanceof ApiFailure) || e.kind !== 'http') return e;
  if (e.status === 404) return new DeskFailure('ticket_not_found');
  if (e.status === 409) return new DeskFailure(e.code === 'ticket_changed' ? 'ticket_changed' : 'ticket_conflict');
  if (e.status === 403) return new DeskFailure('permission_denied');
  return e;
}

/** Calls the institution with the operator's token; its refusals become the tickets' desk errors. */
export const ticketCalls =
  (session: Pick<SessionKeeper, 'withAccessToken'>) =>
  async <T>(call: (token: string) => Promise<T>): Promise<T> => {
    try {
      return await session.withAccessToken(call);
    } catch (e) {
      throw ticketFailure(e);
    }
  };

/** No answer from the institution itself (network, timeout, certificate, a gateway's 5xx). */
export const isUnreachable = (e: unknown): boolean =>
  e instanceof ApiFailure && (e.kind === 'network' || e.kind === 'timeout' || e.kind === 'certificate' || (e.kind === 'http' && e.status !== null && e.status >= 500));

export function createTicketInstitutionHandlers(o: {
  client: TicketInstitutionClient;
  session: Pick<SessionKeeper, 'withAccessToken'>;
  types: TicketTypesCache;
}): TicketInstitutionHandlers {
  const withToken = ticketCalls(o.session);

  return {
    'tickets.types': async () => {
      try {
        const { types } = await withToken((t) => o.client.ticketTypes(t));
        // The list names each type's latest version; its form is fetched once and cached for good.
        const versions = await Promise.all(types.map((s) => o.types.version(s.id, s.latestVersion) ?? withToken((t) => o.client.ticketTypeVersion(t, s.id, s.latestVersion))));
        o.types.remember(versions, { latest: true });
        return { types: versions };
      } catch (e) {
        // An outage: the forms of the last answer still open (new tickets wait in the outbox).
        const cached = o.types.latest();
        if (cached !== null && isUnreachable(e)) return { types: cached };
        throw e;
      }
    },
    'tickets.type-version': async ({ typeId, typeVersion }) => {
      const cached = o.types.version(typeId, typeVersion);
      if (cached !== null) return cached;
      try {
        const version = await withToken((t) => o.client.ticketTypeVersion(t, typeId, typeVersion));
        o.types.remember([version]);
        return version;
      } catch (e) {
        throw e instanceof DeskFailure && e.code === 'ticket_not_found' ? new DeskFailure('ticket_type_unknown') : e;
      }
    },
    'tickets.get': ({ ticketId }) => withToken((t) => o.client.ticketGet(t, ticketId)),
    'tickets.comments': ({ ticketId }) => withToken((t) => o.client.ticketComments(t, ticketId)),
    'tickets.comment': ({ ticketId, body }) => withToken((t) => o.client.ticketComment(t, ticketId, body)),
    'tickets.transition': ({ ticketId, to, note }) => withToken((t) => o.client.ticketTransition(t, ticketId, note === undefined ? { to } : { to, note })),
    'tickets.assign': ({ ticketId, assignee }) => withToken((t) => o.client.ticketAssign(t, ticketId, assignee)),
    'tickets.extend': ({ ticketId, reason, approvedBy }) => withToken((t) => o.client.ticketExtend(t, ticketId, approvedBy === undefined ? { reason } : { reason, approvedBy })),
    'tickets.reveal': async ({ ticketId, pointer, reason }) => {
      const revealed = await withToken((t) => o.client.ticketReveal(t, ticketId, { pointer, reason }));
      return { pointer: revealed.pointer, value: revealed.value };
    },
  };
}
