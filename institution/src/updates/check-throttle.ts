import { createSourceRateLimiter, sourceOf } from '../auth/source-rate-limit.ts';
import type { SourceRateLimitConfig, TakeResult } from '../auth/source-rate-limit.ts';
import type { Clock } from '../clock.ts';

export interface UpdateCheckRateLimit {
  /** Per source address (an IPv6 /64): a whole call centre behind one NAT shares it. */
  perSource: SourceRateLimitConfig;
  /** Per workstation id named in the query: each check of an enrolled one is an `update-checked` record. */
  perWorkstation: SourceRateLimitConfig;
}

/**
 * `GET /updates/check` is public (a desk checks before sign-in), so without a limit anyone
 * could flood it — and, naming a real workstation id, fill that workstation's server-event
 * record with `update-checked`. Desks check at start, after sign-out and on request, so a
 * handful a minute per workstation is plenty; one source carries a whole site's desks.
 * Memory is bounded by `maxSources` (least recently seen forgotten first).
 */
export const DEFAULT_UPDATE_CHECK_RATE_LIMIT: UpdateCheckRateLimit = {
  perSource: { burst: 600, refillPerMinute: 600, maxSources: 10_000 },
  perWorkstation: { burst: 6, refillPerMinute: 2, maxSources: 20_000 },
};

/** Token buckets per source and per workstation id; the source is charged first, so a refused source costs no workstation a token. */
export function createUpdateCheckThrottle(config: UpdateCheckRateLimit, now: Clock) {
  const bySource = createSourceRateLimiter(config.perSource, now);
  const byWorkstation = createSourceRateLimiter(config.perWorkstation, now);
  return {
    takeSource(address: string): TakeResult {
      return bySource.take(sourceOf(address));
    },
    takeWorkstation(workstationId: string): TakeResult {
      return byWorkstation.take(workstationId);
    },
  };
}

export type UpdateCheckThrottle = ReturnType<typeof createUpdateCheckThrottle>;
