import { exponentialDelay } from '../net/backoff.ts';

/**
 * When the update server says "too many checks" (429), the desk checks again later and says
 * nothing alarming: the wait is the server's Retry-After, or an exponential backoff (1 min,
 * 2, 4 … at most 1 h; net/backoff.ts `exponentialDelay`) when that is longer, plus up to 20 %
 * jitter so a site's desks behind one address do not come back in the same second. The
 * jitter only adds (unlike `backoffDelay`'s equal jitter) because the wait must never be
 * shorter than the server's Retry-After. A check that gets any answer resets it.
 */
export interface CheckBackoffOptions {
  now: () => number;
  /** 0 ≤ x < 1 (Math.random by default). */
  random?: () => number;
  firstMs?: number;
  maxMs?: number;
}

export function createCheckBackoff(o: CheckBackoffOptions) {
  const firstMs = o.firstMs ?? 60_000;
  const maxMs = o.maxMs ?? 3_600_000;
  const random = o.random ?? Math.random;
  let throttledInARow = 0;
  let notBefore = 0;
  return {
    /** Milliseconds until the server may be asked again (0: now). */
    waitMs(): number {
      return Math.max(0, notBefore - o.now());
    },
    /** The server answered 429 (Retry-After in ms, null when absent or unreadable): how long to wait. */
    throttled(retryAfterMs: number | null): number {
      throttledInARow += 1;
      const backoff = exponentialDelay(throttledInARow - 1, { initialMs: firstMs, maxMs });
      const base = Math.min(maxMs, Math.max(retryAfterMs ?? 0, backoff));
      const wait = Math.round(base * (1 + 0.2 * random()));
      notBefore = o.now() + wait;
      return wait;
    },
    answered(): void {
      throttledInARow = 0;
      notBefore = 0;
    },
  };
}

export type CheckBackoff = ReturnType<typeof createCheckBackoff>;
