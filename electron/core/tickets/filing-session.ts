import type { InstitutionClient } from '../api/client.ts';
import type { SessionKeeper } from '../session/keeper.ts';

/**
 * The institution session a ticket is filed in (`GET /tickets/filing-session`), stored with
 * each queued ticket so it stays attributed to its filer and session even when it is
 * delivered after they signed out (ticket-filing.ts at the institution). Fetched as soon as
 * an operator who may file signs in (the institution just answered the login, so it is
 * reachable) and kept while the session lasts; forgotten when the operator changes or signs
 * out. `current()` never waits long: filing must work during an outage.
 */
export interface FilingSessionCache {
  /** Fetches in the background (sign-in); failures are only logged: `current()` asks again. */
  prefetch(operatorId: string): void;
  /** The operator's filing session: the cached one, else one quick attempt; null when unreachable. */
  current(operatorId: string): Promise<string | null>;
  forget(): void;
}

export interface FilingSessionOptions {
  client: Pick<InstitutionClient, 'ticketFilingSession'>;
  session: Pick<SessionKeeper, 'withAccessToken'>;
  /** How long `current()` waits for the institution before filing without (default 3 s). */
  waitMs?: number;
  log?: (m: string) => void;
}

export function createFilingSessionCache(o: FilingSessionOptions): FilingSessionCache {
  let cached: { operatorId: string; sessionId: string } | null = null;
  let inflight: { operatorId: string; promise: Promise<string | null> } | null = null;
  let generation = 0;

  const fetch = (operatorId: string): Promise<string | null> => {
    if (inflight?.operatorId === operatorId) return inflight.promise;
    const mine = generation;
    const promise = o.session
      .withAccessToken((token) => o.client.ticketFilingSession(token))
      .then(
        ({ sessionId }) => {
          if (generation === mine) cached = { operatorId, sessionId };
          return sessionId;
        },
        (e: unknown) => {
          o.log?.(`tickets: filing session unavailable (${e instanceof Error ? e.name : typeof e})`);
          return null;
        },
      )
      .finally(() => {
        if (inflight?.promise === promise) inflight = null;
      });
    inflight = { operatorId, promise };
    return promise;
  };

  return {
    prefetch(operatorId) {
      if (cached?.operatorId !== operatorId) void fetch(operatorId); // errors are handled inside fetch
    },
    async current(operatorId) {
      if (cached?.operatorId === operatorId) return cached.sessionId;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), o.waitMs ?? 3_000)));
      try {
        return await Promise.race([fetch(operatorId), timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    forget() {
      generation += 1;
      cached = null;
      inflight = null;
    },
  };
}
