import type { AuditChain } from './chain.ts';

/**
 * Audits requests the allowlist cancelled (`net.blocked`). Only the origin is kept: a
 * blocked URL's path or query may carry customer data. A page that hammers a blocked
 * host must not flood the institution's audit trail, so each origin+reason is recorded
 * at most once per window, with the number of suppressed repeats.
 */
export interface BlockedRecorderOptions {
  audit: Pick<AuditChain, 'append'>;
  actor: () => string | null;
  now: () => number;
  windowMs?: number;
}

const MAX_TRACKED = 1_000;

/** scheme://host[:port] for hierarchical URLs, the scheme alone otherwise (data:, about:). */
export function originOnly(rawUrl: string): string {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return 'invalid-url';
  }
  // Done by hand: WHATWG gives non-special schemes (app:, wss: is special) an opaque "null" origin.
  const origin = url.host ? `${url.protocol}//${url.host}` : url.protocol;
  return origin.slice(0, 300);
}

const cleanReason = (reason: string) => reason.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 64) || 'unspecified';

export function createBlockedRecorder(o: BlockedRecorderOptions): (url: string, reason: string) => void {
  const windowMs = o.windowMs ?? 60_000;
  const seen = new Map<string, { lastAudited: number; suppressed: number }>();
  return (url, reason) => {
    const origin = originOnly(url);
    const why = cleanReason(reason);
    const key = `${origin} ${why}`;
    const t = o.now();
    const entry = seen.get(key);
    if (entry && t - entry.lastAudited < windowMs) {
      entry.suppressed += 1;
      return;
    }
    if (!entry && seen.size >= MAX_TRACKED) seen.clear();
    o.audit.append('net.blocked', o.actor(), { origin, reason: why, suppressed: entry?.suppressed ?? 0 });
    seen.set(key, { lastAudited: t, suppressed: 0 });
  };
}
