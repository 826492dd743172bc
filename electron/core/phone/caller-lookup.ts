import { CallerNumber } from '../../../institution/contract/caller-api.ts';
import type { CallerLookup, LookupCallerArgs } from '../../contract/channels.ts';
import { DeskFailure } from '../../contract/errors.ts';
import type { InstitutionClient } from '../api/client.ts';
import { ApiFailure } from '../api/failure.ts';
import type { SessionKeeper } from '../session/keeper.ts';

/**
 * `phone.lookup-caller`: the screen pop, forwarded to the institution. The institution
 * masks the customer's data, records the lookup and budgets it per operator; core adds
 * nothing to its chain here (the number is personal data, and the institution's record is
 * the one that counts). Works under the lock screen: a call may ring there.
 */
export type CallerLookupService = (args: LookupCallerArgs) => Promise<CallerLookup>;

export interface CallerLookupOptions {
  client: Pick<InstitutionClient, 'lookUpCaller'>;
  session: Pick<SessionKeeper, 'withAccessToken'>;
}

export function createCallerLookup(o: CallerLookupOptions): CallerLookupService {
  return async ({ number }) => {
    // The channel's schema already checked it; checked again here because this is what leaves the desk.
    if (!CallerNumber.safeParse(number).success) throw new DeskFailure('bad_request');
    try {
      return await o.session.withAccessToken((t) => o.client.lookUpCaller(t, { number }), { whileLocked: true });
    } catch (e) {
      // The institution no longer grants calls.handle (or this is not a workstation session).
      if (e instanceof ApiFailure && e.kind === 'http' && e.status === 403) throw new DeskFailure('permission_denied');
      throw e;
    }
  };
}
