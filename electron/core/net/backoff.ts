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

export function backoffDelay(attempt: number, options: BackoffOptions): number {
  const exponential = Math.min(options.maxMs, options.initialMs * 2 ** Math.max(0, attempt));
  const jitter = Math.min(Math.max(options.random(), 0), 1);
  return Math.round(exponential / 2 + (exponential / 2) * jitter);
}
