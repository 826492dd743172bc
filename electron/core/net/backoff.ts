/**
 * Exponential backoff with "equal jitter": half the delay is fixed, half random, so
 * workstations that lost the institution at the same moment do not reconnect in lockstep,
 * yet none retries immediately.
 */
export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  /** Returns [0, 1); injected so tests are deterministic. */
  random: () => number;
}

/**
 * The delay before jitter: `initialMs` doubled per attempt (attempt 0 = `initialMs`), at most
 * `maxMs`. The exponent stops at 30 (any `initialMs` ≥ 1 ms is past a day by then) so a long
 * run of failures never reaches Infinity × 0 = NaN. Shared by `backoffDelay` and the update
 * check's throttle backoff (updates/check-backoff.ts), which jitters differently.
 */
export function exponentialDelay(attempt: number, options: Pick<BackoffOptions, 'initialMs' | 'maxMs'>): number {
  return Math.min(options.maxMs, options.initialMs * 2 ** Math.min(Math.max(0, attempt), 30));
}

export function backoffDelay(attempt: number, options: BackoffOptions): number {
  const exponential = exponentialDelay(attempt, options);
  const jitter = Math.min(Math.max(options.random(), 0), 1);
  return Math.round(exponential / 2 + (exponential / 2) * jitter);
}
