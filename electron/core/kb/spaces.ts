import type { InvokeRequest, InvokeResponse } from '../../contract/channels.ts';
import { DeskFailure } from '../../contract/errors.ts';
import type { InstitutionClient } from '../api/client.ts';
import { ApiFailure } from '../api/failure.ts';
import type { SessionKeeper } from '../session/keeper.ts';
import { authoringFailure } from './authoring.ts';

/**
 * Space management for authors (kb.edit): `kb.create-space` and `kb.set-space-roles`, each
 * forwarded with the author's token; the institution records who did it (staff-action log).
 * A taken id (409) is `kb_space_exists` — not `kb_edit_conflict`, which tells an author their
 * article moved on; 404 (no such space) `kb_not_found`, 403 `permission_denied`.
 */
export interface KbSpaceHandlers {
  'kb.create-space': (p: InvokeRequest<'kb.create-space'>) => Promise<InvokeResponse<'kb.create-space'>>;
  'kb.set-space-roles': (p: InvokeRequest<'kb.set-space-roles'>) => Promise<InvokeResponse<'kb.set-space-roles'>>;
}

export interface KbSpaceOptions {
  client: Pick<InstitutionClient, 'kbCreateSpace' | 'kbSetSpaceRoles'>;
  session: Pick<SessionKeeper, 'withAccessToken'>;
}

export function createKbSpaceHandlers(o: KbSpaceOptions): KbSpaceHandlers {
  const withToken = async <T>(call: (token: string) => Promise<T>): Promise<T> => {
    try {
      return await o.session.withAccessToken(call);
    } catch (e) {
      if (e instanceof ApiFailure && e.kind === 'http' && e.status === 409) throw new DeskFailure('kb_space_exists');
      throw authoringFailure(e);
    }
  };
  return {
    'kb.create-space': (request) => withToken((t) => o.client.kbCreateSpace(t, request)),
    'kb.set-space-roles': ({ spaceId, readRoles }) => withToken((t) => o.client.kbSetSpaceRoles(t, spaceId, readRoles)),
  };
}
