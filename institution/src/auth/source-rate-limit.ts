import { isIPv4, isIPv6 } from 'node:net';
import type { Clock } from '../clock.ts';

/**
 * What the per-source limits count a peer address as. An IPv4 address (also written
 * IPv4-mapped, as a dual-stack listener reports it) counts as itself. An IPv6 address
 * counts as its /64: one subscriber's network, in which a single host can pick a new
 * address for every request, so counting addresses would give it a fresh budget each time.
 */
export function sourceOf(address: string): string {
  const ip = address.replace(/%.*$/, '');
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip)?.[1];
  if (mapped !== undefined && isIPv4(mapped)) return mapped;
  if (!isIPv6(ip)) return address;
  let text = ip.toLowerCase();
  const v4 = /(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text)?.[1];
  if (v4 !== undefined) {
    const [a = 0, b = 0, c = 0, d = 0] = v4.split('.').map(Number);
    text = `${text.slice(0, -v4.length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

export interface SourceRateLimitConfig {
  /** Requests a source may have refused in a burst (the bucket size). */
  burst: number;
  /** Tokens a source gets back per minute. */
  refillPerMinute: number;
  /** Sources remembered at once; the least recently seen are forgotten first (memory bound). */
  maxSources: number;
}

/**
 * 60 refused auth requests in a burst, then one per second, per source address. Calls that
 * succeed hand their token back, so a call center whose agents all sign in through one NAT
 * address is limited only in what it gets wrong.
 */
export const DEFAULT_AUTH_RATE_LIMIT: SourceRateLimitConfig = { burst: 60, refillPerMinute: 60, maxSources: 10_000 };

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export type TakeResult = { ok: true } | { ok: false; retryAfterSeconds: number };

/**
 * Token buckets per source, computed from the injected clock when a request arrives: no
 * timer runs, so nothing outlives a server (or a test). Every auth request takes a token
 * before any work is done, which bounds a parallel burst as tightly as a sequential one;
 * `refund` returns it when the request succeeded.
 */
export function createSourceRateLimiter(config: SourceRateLimitConfig, now: Clock) {
  const buckets = new Map<string, Bucket>();
  const perMs = config.refillPerMinute / 60_000;

  function current(source: string): Bucket {
    const t = now();
    const bucket = buckets.get(source) ?? { tokens: config.burst, updatedAt: t };
    bucket.tokens = Math.min(config.burst, bucket.tokens + Math.max(0, t - bucket.updatedAt) * perMs);
    bucket.updatedAt = t;
    // Re-inserted so the Map's order is least recently seen first.
    buckets.delete(source);
    buckets.set(source, bucket);
    while (buckets.size > config.maxSources) {
      const oldest = buckets.keys().next().value;
      if (oldest === undefined) break;
      buckets.delete(oldest);
    }
    return bucket;
  }

  return {
    take(source: string): TakeResult {
      const bucket = current(source);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { ok: true };
      }
      const missing = 1 - bucket.tokens;
      return { ok: false, retryAfterSeconds: perMs > 0 ? Math.max(1, Math.ceil(missing / perMs / 1000)) : 3600 };
    },

    refund(source: string): void {
      const bucket = buckets.get(source);
      if (bucket !== undefined) bucket.tokens = Math.min(config.burst, bucket.tokens + 1);
    },
  };
}

export type SourceRateLimiter = ReturnType<typeof createSourceRateLimiter>;
