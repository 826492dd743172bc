import { KbSpace, type KbCreateSpaceRequest } from '../../../institution/contract/kb-api.ts';
import type { Role } from '../../../institution/contract/api.ts';
import { routes } from './routes.ts';
import type { TicketCallRunner } from './ticket-calls.ts';

/**
 * The Institution API's space management calls (`POST /kb/spaces`, `PUT /kb/spaces/{id}/read-roles`,
 * kb.edit), on the client's own request runner like the ticket calls, so they get the same
 * pins, failover, retry rules (routes.ts) and typed failures.
 */
export interface KbSpaceClient {
  /** 201 the space; 409 when the id is taken (nothing changed). Never repeated after it may have arrived. */
  kbCreateSpace(accessToken: string, request: KbCreateSpaceRequest): Promise<KbSpace>;
  /** The whole list of read roles; idempotent. 404 for an unknown space. */
  kbSetSpaceRoles(accessToken: string, spaceId: string, readRoles: readonly Role[]): Promise<KbSpace>;
}

export function createKbSpaceCalls({ json, pathOf }: TicketCallRunner): KbSpaceClient {
  return {
    kbCreateSpace: (token, request) => json({ route: routes.kbCreateSpace, token, body: request }, KbSpace),
    kbSetSpaceRoles: (token, spaceId, readRoles) =>
      json({ route: routes.kbSetSpaceRoles, path: pathOf(routes.kbSetSpaceRoles, { id: spaceId }), token, body: { readRoles } }, KbSpace),
  };
}
