/**
 * When to fetch fresh SIP credentials. They are short-lived (the institution mints them
 * with an expiry); the phone renews at three quarters of their lifetime, but never later
 * than a minute before expiry (half-way for very short lifetimes), so a slow institution
 * or a retry or two still lands before the SBC would refuse the old ones.
 */
export const RENEW_AT_FRACTION = 0.75;
export const RENEW_MARGIN_MS = 60_000;
export const MIN_RENEW_DELAY_MS = 1_000;

export function renewalDelayMs(now: number, issuedAt: number, expiresAt: number): number {
  const lifetime = Math.max(0, expiresAt - issuedAt);
  const remaining = expiresAt - now;
  if (remaining <= 0) return 0;
  const byFraction = issuedAt + lifetime * RENEW_AT_FRACTION - now;
  const byMargin = lifetime > 2 * RENEW_MARGIN_MS ? remaining - RENEW_MARGIN_MS : remaining / 2;
  return Math.max(MIN_RENEW_DELAY_MS, Math.min(byFraction, byMargin));
}

/**
 * After a failed renewal: 2 s, 4 s, 8 s … up to 30 s, and never past the old credentials'
 * expiry (the last try lands just before it; afterwards the phone is honest that it is
 * unregistered and keeps trying every 30 s).
 */
export function renewalRetryDelayMs(attempt: number, now: number, expiresAt: number): number {
  const backoff = Math.min(30_000, 2_000 * 2 ** Math.max(0, attempt - 1));
  const remaining = expiresAt - now;
  if (remaining <= MIN_RENEW_DELAY_MS) return backoff;
  return Math.max(MIN_RENEW_DELAY_MS, Math.min(backoff, remaining - MIN_RENEW_DELAY_MS));
}
